package dev.vigil.core.engine;

import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceExtractor;
import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.core.evidence.ExchangeEvidence;
import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.policy.AccountResponsePolicy;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.EscalationPolicy;
import dev.vigil.core.policy.EvidenceKinds;
import dev.vigil.core.policy.FloodThrottle;
import dev.vigil.core.policy.KillRateBreaker;
import dev.vigil.core.policy.PolicyInput;
import dev.vigil.core.policy.PolicyRegistry;
import dev.vigil.core.policy.SessionKind;
import dev.vigil.core.policy.SessionKindClassifier;
import dev.vigil.core.policy.SessionPolicy;
import dev.vigil.core.probability.CompromiseFilter;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.OutcomeMemory;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.ProfileLearner;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.profile.SessionTracker;
import dev.vigil.core.profile.UsageCeiling;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.EnforcementOutcome;
import java.util.List;

/**
 * The single per-event entry point: evidence, the compromise filter, profile learning and the
 * policies, in that order.
 *
 * <p>{@link #score} is a pure function of (account, session, population, event, model) that updates
 * the three states in place, so a stream of {@link AccessEvent}s keyed by session can be replayed
 * offline (backtests, scenario tests) exactly as the streaming job runs it. Allocation: none on the
 * per-event path; Avro objects ({@code Reason}, {@code SessionCommand}) are built by {@link
 * CommandFactory} only when {@link Scored#hasDecision()}. Cost: O(1) per event, dominated by a
 * handful of scans over the fixed-size tables of {@link AccountProfile}. Not thread-safe (one
 * instance per operator subtask, like its {@link PopulationPrior} and its {@link KillRateBreaker}).
 */
public final class SessionRiskEngine {
  private final PopulationPrior population;
  private final List<SessionPolicy> policies;
  private final PolicyInput policyInput = new PolicyInput();
  private final KillRateBreaker killBreaker;

  /**
   * The escalation policy among {@link #policies}, which outcomes re-run; null if there is none.
   */
  private final SessionPolicy escalation;

  /** The account response among {@link #policies}, which outcomes re-run after escalation. */
  private final SessionPolicy accountResponse;

  /** The exchange job's live signals this engine reads ({@link ExchangeEvidence}); null: none. */
  private LiveSignals signals;

  public SessionRiskEngine(PopulationPrior population) {
    this(population, new KillRateBreaker());
  }

  /** An engine that goes on with {@code killBreaker}'s rates (one restored from a checkpoint). */
  public SessionRiskEngine(PopulationPrior population, KillRateBreaker killBreaker) {
    this(population, killBreaker, PolicyRegistry.defaults());
  }

  public SessionRiskEngine(PopulationPrior population, List<SessionPolicy> policies) {
    this(population, new KillRateBreaker(), policies);
  }

  private SessionRiskEngine(
      PopulationPrior population, KillRateBreaker killBreaker, List<SessionPolicy> policies) {
    this.population = population;
    this.killBreaker = killBreaker;
    this.policies = List.copyOf(policies);
    this.escalation =
        this.policies.stream().filter(p -> p instanceof EscalationPolicy).findFirst().orElse(null);
    this.accountResponse =
        this.policies.stream()
            .filter(p -> p instanceof AccountResponsePolicy)
            .findFirst()
            .orElse(null);
  }

  public PopulationPrior population() {
    return population;
  }

  /**
   * Lets {@link #score} read the exchange job's live signals (the operator's broadcast table, held
   * and updated by its owner; null for none). The table is read, never written, per event.
   */
  public void exchangeSignals(LiveSignals table) {
    this.signals = table;
  }

  /** This engine's kill-rate breaker (for metrics and the operator's reset). */
  public KillRateBreaker killBreaker() {
    return killBreaker;
  }

  /**
   * Scores {@code event} for its session and account. A new session is recognised by {@code
   * session.events == 0}.
   */
  public void score(
      AccountProfile account,
      SessionState session,
      AccessEvent event,
      RiskModel model,
      Scored out) {
    out.features.extract(event, model);
    long t = out.features.timeMillis;
    if (session.events == 0) {
      SessionTracker.start(session, account, t, model);
    }
    SessionTracker.beforeEvidence(session, account, out.features, model);
    EvidenceExtractor.extract(account, session, population, out.features, model, out.evidence);
    ExchangeEvidence.score(
        signals, session, out.features, event.getSessionId(), model, out.evidence);

    // The model's calibration map (the identity unless its combination says) turns log-odds into
    // the probability the policies see; the filter itself runs on the raw log-odds.
    out.previousProbability = model.combination.probability(session.logOdds);
    session.logOdds = CompromiseFilter.step(session.logOdds, out.evidence.total(), model.filter);
    double p = model.combination.probability(session.logOdds);
    out.probability = p;
    retainTopReasons(session, out.evidence);
    EvidenceKinds.accumulate(session, out.evidence);
    session.mfaPassed |= out.features.mfaPassed;

    // Fixed for the event (the session's rate reference is taken before the evidence step):
    // computed once for the learner's guard and the rate-limit policy.
    double usageCeiling = UsageCeiling.of(session, model);
    out.learned =
        ProfileLearner.learn(account, session, population, out.features, model, p, usageCeiling);
    SessionTracker.afterEvidence(session, account, out.features, model);

    SessionKind kind = SessionKindClassifier.classify(session, out.features, model.policy);
    session.kind = (byte) kind.ordinal();
    out.kind = kind;

    Decision d = out.decision;
    d.clear();
    d.setContext(p, kind);
    policyInput.set(account, session, model, p, t, kind, out.features.sensitive, usageCeiling);
    policyInput.cashOutRequest =
        out.features.sensitive && out.features.withdrawalAddress != Hashing.ABSENT;
    policyInput.killBreaker = killBreaker;
    policyInput.apiKey = out.features.apiKey;
    policyInput.evidence = out.evidence;
    policyInput.signals = signals;
    policyInput.floodSlot = FloodThrottle.find(signals, out.features, event.getAccountId(), t);
    killBreaker.tick(t, model.policy.response);
    for (int i = 0, n = policies.size(); i < n; i++) {
      policies.get(i).decide(policyInput, d);
    }
    // A session stepped up, held or killed takes back what it taught its account.
    if (session.lessons > 0 && (session.level != 0 || session.holdScope != 0)) {
      ProfileLearner.rollback(account, session, model);
    }
    if (!d.isEmpty() || d.noteCount() > 0) {
      copyReasons(session, d);
      d.setKinds(session, model.policy.response.killMinKindLlr);
    }
  }

  /**
   * Applies a gateway's outcome ({@code vigil.enforcement-outcomes}) to a known session ({@code
   * session.events > 0}): an outcome id applied before has no effect ({@link OutcomeMemory}, the
   * last {@value SessionState#OUTCOME_IDS} ids); an ended session or an applied kill returns {@link
   * OutcomeEffect#SESSION_ENDED} (the caller drops the state); a step-up outcome moves the log-odds
   * by its ratio ({@link OutcomeEffects#llr}, clamped like the filter), a failed or abandoned one
   * also adds to the CHALLENGE evidence kind, and the escalation policy runs again, so a failed
   * step-up can kill at once (under the two-kinds rule) and a passed one can end the step-up after
   * the dwell. No hazard step: an outcome is not a request. {@code out.previousProbability()},
   * {@code out.probability()}, {@code out.outcomeLlr()} and {@code out.decision()} hold the result.
   * O(1).
   */
  public OutcomeEffect applyOutcome(
      AccountProfile account,
      SessionState session,
      EnforcementOutcome outcome,
      RiskModel model,
      Scored out) {
    Decision d = out.decision;
    d.clear();
    out.evidence.clear();
    double previous = model.combination.probability(session.logOdds);
    out.previousProbability = previous;
    out.probability = previous;
    out.outcomeLlr = 0;
    long id = Hashing.of(outcome.getOutcomeId());
    if (OutcomeMemory.seen(session, id)) {
      return OutcomeEffect.DUPLICATE;
    }
    OutcomeMemory.remember(session, id);
    if (OutcomeEffects.endsSession(outcome)) {
      return OutcomeEffect.SESSION_ENDED;
    }
    double llr = OutcomeEffects.llr(session, outcome, model);
    if (!(llr != 0 && Double.isFinite(llr))) {
      return OutcomeEffect.RECORDED;
    }
    out.outcomeLlr = llr;
    double bound = model.filter.maxAbsLogOdds;
    session.logOdds = Math.max(-bound, Math.min(bound, session.logOdds + llr));
    if (llr > 0) {
      session.kindLlr[EvidenceKind.CHALLENGE.ordinal()] += (float) llr;
    }
    double p = model.combination.probability(session.logOdds);
    out.probability = p;
    if (escalation != null) {
      long t = outcome.getTime();
      SessionKind kind = SessionKind.byOrdinal(session.kind);
      d.setContext(p, kind);
      policyInput.set(account, session, model, p, t, kind, false, Double.NaN);
      policyInput.cashOutRequest = false;
      policyInput.killBreaker = killBreaker;
      policyInput.apiKey = Hashing.ABSENT;
      policyInput.evidence = out.evidence;
      killBreaker.tick(t, model.policy.response);
      escalation.decide(policyInput, d);
      if (accountResponse != null) {
        accountResponse.decide(policyInput, d);
      }
      if (session.lessons > 0 && (session.level != 0 || session.holdScope != 0)) {
        ProfileLearner.rollback(account, session, model);
      }
      if (!d.isEmpty() || d.noteCount() > 0) {
        copyReasons(session, d);
        d.setKinds(session, model.policy.response.killMinKindLlr);
      }
    }
    return OutcomeEffect.PROBABILITY_CHANGED;
  }

  /** Keeps the session's strongest positive evidence per code (summed), at most three codes. */
  static void retainTopReasons(SessionState s, EvidenceBuffer ev) {
    for (int i = 0; i < ev.size(); i++) {
      double llr = ev.llr(i);
      if (llr <= 0) {
        continue;
      }
      int code = ev.code(i).ordinal();
      int slot = -1;
      for (int j = 0; j < s.topCount; j++) {
        if (s.topCodes[j] == code) {
          slot = j;
          llr += s.topLlr[j];
          break;
        }
      }
      if (slot < 0) {
        if (s.topCount < SessionState.TOP_REASONS) {
          slot = s.topCount++;
        } else {
          int min = 0;
          for (int j = 1; j < s.topCount; j++) {
            if (s.topLlr[j] < s.topLlr[min]) {
              min = j;
            }
          }
          if (s.topLlr[min] >= llr) {
            continue;
          }
          slot = min;
        }
      }
      s.topCodes[slot] = (byte) code;
      s.topLlr[slot] = (float) llr;
      for (int v = 0; v < SessionState.REASON_VALUES; v++) {
        s.topValues[slot * SessionState.REASON_VALUES + v] = ev.value(i, v);
      }
    }
  }

  private static void copyReasons(SessionState s, Decision d) {
    // Insertion order by descending LLR over at most three entries, without allocating.
    int taken = 0;
    int mask = 0;
    while (taken < s.topCount) {
      int best = -1;
      for (int j = 0; j < s.topCount; j++) {
        if ((mask & (1 << j)) == 0 && (best < 0 || s.topLlr[j] > s.topLlr[best])) {
          best = j;
        }
      }
      mask |= 1 << best;
      taken++;
      int b = best * SessionState.REASON_VALUES;
      d.addReason(
          s.topCodes[best], s.topLlr[best], s.topValues[b], s.topValues[b + 1], s.topValues[b + 2]);
    }
  }
}
