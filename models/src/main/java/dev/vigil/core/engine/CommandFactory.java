package dev.vigil.core.engine;

import dev.vigil.core.evidence.EventFeatures;
import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.policy.AccountActions;
import dev.vigil.core.policy.AccountResponsePolicy;
import dev.vigil.core.policy.AccountRule;
import dev.vigil.core.policy.Decision;
import dev.vigil.core.policy.EscalationPolicy;
import dev.vigil.core.policy.PolicyNote;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Materialises Avro {@link Reason}s and {@link SessionCommand}s from the primitive buffers of the
 * per-event path. Called only when a decision is emitted (or an audit record is written), so its
 * allocation stays off the hot path.
 */
public final class CommandFactory {
  private CommandFactory() {}

  /** Every evidence term of the event, for the audit record. */
  public static List<Reason> evidenceReasons(EvidenceBuffer ev) {
    List<Reason> out = new ArrayList<>(ev.size());
    for (int i = 0; i < ev.size(); i++) {
      Reason r = reason(ev.code(i), ev.llr(i), ev.value(i, 0), ev.value(i, 1), ev.value(i, 2));
      String basis = ev.code(i).basisName();
      double count = ev.basis(i);
      if (basis != null && Double.isFinite(count)) {
        // The count behind the estimate: audit records only, the commands keep their values.
        r.getValues().put(basis, String.format(Locale.ROOT, "%.4g", count));
      }
      out.add(r);
    }
    return out;
  }

  /**
   * The decision's top reasons, strongest first, then its policy notes and the session's evidence
   * per kind ({@link #policyNotes}).
   */
  public static List<Reason> decisionReasons(Decision d) {
    List<Reason> out = new ArrayList<>(d.reasonCount() + d.noteCount() + 1);
    for (int i = 0; i < d.reasonCount(); i++) {
      out.add(
          reason(
              d.reasonCode(i),
              d.reasonLlr(i),
              d.reasonValue(i, 0),
              d.reasonValue(i, 1),
              d.reasonValue(i, 2)));
    }
    out.addAll(policyNotes(d));
    return out;
  }

  /**
   * What the policy did not do and why (a kill withheld for want of two kinds, a kill degraded by
   * the breaker), then {@code evidence_kinds}: the session's positive evidence per independent
   * kind, which the kill rule counts. All with LLR 0: notes, not evidence. For the audit record's
   * {@code policyNotes} and the end of the commands' reasons.
   */
  public static List<Reason> policyNotes(Decision d) {
    List<Reason> out = new ArrayList<>(d.noteCount() + 1);
    for (int i = 0; i < d.noteCount(); i++) {
      PolicyNote n = d.note(i);
      Map<String, String> values = new LinkedHashMap<>();
      Object[] words = new Object[3];
      for (int v = 0; v < 3; v++) {
        words[v] = n.valueText(v, d.noteValue(i, v));
        values.put(n.valueName(v), (String) words[v]);
      }
      out.add(
          Reason.newBuilder()
              .setCode(n.code())
              .setLogLikelihoodRatio(0.0)
              .setText(String.format(Locale.ROOT, n.template(), words))
              .setValues(values)
              .build());
    }
    Reason kinds = evidenceKinds(d);
    if (kinds != null) {
      out.add(kinds);
    }
    return out;
  }

  private static Reason evidenceKinds(Decision d) {
    Map<String, String> values = new LinkedHashMap<>();
    StringBuilder text = new StringBuilder();
    int counted = 0;
    for (int k = 0; k < SessionState.EVIDENCE_KINDS; k++) {
      float llr = d.kindLlr(k);
      if (llr > 0) {
        String name = EvidenceKind.byOrdinal(k).name().toLowerCase(Locale.ROOT);
        values.put(name, String.format(Locale.ROOT, "%.3g", llr));
        text.append(text.isEmpty() ? "" : ", ")
            .append(String.format(Locale.ROOT, "%s %.2f nats", name, llr));
        counted += llr >= d.minKindLlr() ? 1 : 0;
      }
    }
    if (d.volumeLlr() > 0) {
      values.put("volume", String.format(Locale.ROOT, "%.3g", d.volumeLlr()));
    }
    if (values.isEmpty()) {
      return null;
    }
    return Reason.newBuilder()
        .setCode("evidence_kinds")
        .setLogLikelihoodRatio(0.0)
        .setText(
            String.format(
                Locale.ROOT,
                "evidence of %d independent kind(s) of at least %.2f nats (a kill needs 2): %s%s",
                counted,
                d.minKindLlr(),
                text.isEmpty() ? "none" : text,
                d.volumeLlr() > 0
                    ? String.format(
                        Locale.ROOT, "; request volume %.2f nats, not counted", d.volumeLlr())
                    : ""))
        .setValues(values)
        .build();
  }

  /**
   * One command per action. The command id is deterministic (event id, action), so replaying the
   * same event yields the same ids and gateways apply each once; the issue time, expiry, lateness
   * and sequence come from {@code timing} ({@link CommandTiming}).
   */
  public static List<SessionCommand> commands(
      Decision d, AccessEvent trigger, String modelVersion, CommandTiming timing) {
    return commands(
        d,
        trigger.getEventId(),
        trigger.getSessionId(),
        trigger.getAccountId(),
        trigger.getTimestamp(),
        trigger.getApiKeyId(),
        modelVersion,
        timing);
  }

  /**
   * The same for a trigger that is not an access event (a gateway's outcome): ids are {@code
   * triggerId:action}.
   */
  public static List<SessionCommand> commands(
      Decision d,
      String triggerId,
      String sessionId,
      String accountId,
      long triggerTime,
      String modelVersion,
      CommandTiming timing) {
    return commands(d, triggerId, sessionId, accountId, triggerTime, null, modelVersion, timing);
  }

  private static List<SessionCommand> commands(
      Decision d,
      String triggerId,
      String sessionId,
      String accountId,
      long triggerTime,
      String apiKeyId,
      String modelVersion,
      CommandTiming timing) {
    List<Reason> reasons = decisionReasons(d);
    List<SessionCommand> out = new ArrayList<>(d.actionCount() + d.account().count());
    for (int i = 0; i < d.actionCount(); i++) {
      CommandAction a = d.action(i);
      CommandParameters.Builder params = CommandParameters.newBuilder();
      if (a == CommandAction.SET_TIMEOUT) {
        params
            .setAbsoluteTimeoutSeconds(d.absoluteTimeoutSeconds(i))
            .setIdleTimeoutSeconds(d.idleTimeoutSeconds(i));
      } else if (a == CommandAction.SET_RATE_LIMIT) {
        params.setRequestsPerSecond(d.requestsPerSecond(i)).setBurst(d.burst(i));
      } else if (a == CommandAction.HOLD_WITHDRAWALS) {
        params.setHoldSeconds(d.holdSeconds(i)).setHoldScope(d.holdScope(i));
      } else if (a == CommandAction.STEP_UP) {
        params.setStepUpTimeoutSeconds(timing.stepUpTimeoutSeconds());
        if (d.otherFactor(i)) {
          params.setAcceptedFactors(EscalationPolicy.OTHER_FACTORS);
        }
      }
      out.add(
          SessionCommand.newBuilder()
              .setCommandId(triggerId + ":" + a.name().toLowerCase(Locale.ROOT))
              .setSessionId(sessionId)
              .setAccountId(accountId)
              .setAction(a)
              .setParameters(params.build())
              .setIssuedAt(timing.issuedAtMillis())
              .setExpiresAt(expiresAt(d, i, timing))
              .setProbability(d.probability())
              .setReasons(reasons)
              .setModelVersion(modelVersion)
              .setTriggerEventId(triggerId)
              .setSignature(null)
              .setEventTime(triggerTime)
              .setLateBySeconds(timing.lateBySeconds())
              .setSequence(timing.sequence(i))
              .build());
    }
    accountCommands(
        d,
        triggerId,
        sessionId,
        accountId,
        triggerTime,
        apiKeyId,
        modelVersion,
        timing,
        reasons,
        out);
    return out;
  }

  /** The usual expiry of the action, capped by the decision's validity (a flood throttle's). */
  private static long expiresAt(Decision d, int i, CommandTiming timing) {
    CommandAction a = d.action(i);
    long usual = timing.expiresAt(a, a == CommandAction.HOLD_WITHDRAWALS ? d.holdSeconds(i) : 0);
    long valid = d.validForMillis(i);
    return valid == Long.MAX_VALUE ? usual : Math.min(usual, timing.issuedAtMillis() + valid);
  }

  /**
   * The account commands of the decision ({@link Decision#account()}): target ACCOUNT, id {@code
   * triggerId:account:action}, the account's sequence, valid at least as long as the policy asked
   * ({@link AccountActions#validSeconds}); reasons: the rule that fired (session id and figure),
   * then the triggering session's. A revocation without a key id to name (a trigger that is not an
   * access event) is not issued.
   */
  private static void accountCommands(
      Decision d,
      String triggerId,
      String sessionId,
      String accountId,
      long triggerTime,
      String apiKeyId,
      String modelVersion,
      CommandTiming timing,
      List<Reason> sessionReasons,
      List<SessionCommand> out) {
    AccountActions acts = d.account();
    for (int i = 0; i < acts.count(); i++) {
      CommandAction a = acts.action(i);
      CommandParameters.Builder params = CommandParameters.newBuilder();
      if (a == CommandAction.HOLD_WITHDRAWALS) {
        params.setHoldSeconds(acts.holdSeconds(i)).setHoldScope(AccountResponsePolicy.holdScope());
      } else if (a == CommandAction.REVOKE_API_KEY) {
        if (apiKeyId == null) {
          continue;
        }
        params.setApiKeyId(apiKeyId);
      }
      List<Reason> reasons = new ArrayList<>(1 + sessionReasons.size());
      reasons.add(accountReason(acts, i, sessionId));
      reasons.addAll(sessionReasons);
      long expires =
          Math.max(
              timing.expiresAt(a, acts.holdSeconds(i)),
              timing.issuedAtMillis() + acts.validSeconds(i) * 1000);
      out.add(
          SessionCommand.newBuilder()
              .setCommandId(triggerId + ":account:" + a.name().toLowerCase(Locale.ROOT))
              .setSessionId(sessionId)
              .setAccountId(accountId)
              .setAction(a)
              .setParameters(params.build())
              .setIssuedAt(timing.issuedAtMillis())
              .setExpiresAt(expires)
              .setProbability(d.probability())
              .setReasons(reasons)
              .setModelVersion(modelVersion)
              .setTriggerEventId(triggerId)
              .setSignature(null)
              .setEventTime(triggerTime)
              .setLateBySeconds(timing.lateBySeconds())
              .setSequence(acts.sequence(i))
              .setTarget(CommandTarget.ACCOUNT)
              .build());
    }
  }

  private static Reason accountReason(AccountActions acts, int i, String sessionId) {
    AccountRule rule = acts.rule(i);
    String value = String.format(Locale.ROOT, "%.3g", acts.value(i));
    Map<String, String> values = new LinkedHashMap<>();
    values.put("session_id", sessionId);
    values.put(rule.valueName(), value);
    String text = String.format(Locale.ROOT, rule.template(), sessionId, value);
    if (rule == AccountRule.EVIDENCE_HOOK) {
      values.put("evidence_code", acts.hookCode().code());
      text += ": " + acts.hookCode().code();
    }
    return Reason.newBuilder()
        .setCode(rule.code())
        .setLogLikelihoodRatio(0.0)
        .setText(text)
        .setValues(values)
        .build();
  }

  /** One reason with its plain-words text and named values (unused and missing values omitted). */
  public static Reason reason(EvidenceCode code, double llr, double v0, double v1, double v2) {
    double[] vs = {v0, v1, v2};
    Map<String, String> values = new LinkedHashMap<>();
    Object[] words = new Object[3];
    for (int i = 0; i < 3; i++) {
      String name = code.valueName(i);
      words[i] = words(name, vs[i]);
      if (!"unused".equals(name) && !Double.isNaN(vs[i])) {
        values.put(name, raw(name, vs[i]));
      }
    }
    return Reason.newBuilder()
        .setCode(code.code())
        .setLogLikelihoodRatio(llr)
        .setText(String.format(Locale.ROOT, code.template(llr, v0, v1, v2), words))
        .setValues(values)
        .build();
  }

  private static String raw(String name, double v) {
    if ("country".equals(name)) {
      return EventFeatures.countryText(v);
    }
    if ("role".equals(name)) {
      return EndpointRole.byOrdinal((int) v).wireName();
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return String.format(Locale.ROOT, "%.4g", v);
  }

  private static String words(String name, double v) {
    if (Double.isNaN(v)) {
      return "unknown";
    }
    if (name.endsWith("_share")) {
      return String.format(Locale.ROOT, "%.3g%%", 100 * v);
    }
    if (name.equals("fresh_network") || name.equals("new_network") || name.equals("new_client")) {
      // flags: "added from a network new to the account: yes", not ": 1"
      return v != 0 ? "yes" : "no";
    }
    return raw(name, v);
  }
}
