package dev.vigil.job.risk;

import static dev.vigil.job.risk.RiskHarness.DAY;
import static dev.vigil.job.risk.RiskHarness.HOUR;
import static dev.vigil.job.risk.RiskHarness.harness;
import static dev.vigil.job.risk.RiskHarness.keysWithState;
import static dev.vigil.job.risk.RiskHarness.killStolen;
import static dev.vigil.job.risk.RiskHarness.kills;
import static dev.vigil.job.risk.RiskHarness.process;
import static dev.vigil.job.risk.RiskHarness.settings;
import static dev.vigil.job.risk.RiskHarness.trainOwner;
import static dev.vigil.job.risk.RiskHarness.watermark;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.profile.SessionStateMapper;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import org.junit.jupiter.api.Test;

/**
 * State flooding: an attacker minting session ids on one account cannot grow its state beyond the
 * cap, every event is still scored, evictions are counted, a session acted on is never evicted, and
 * the cost per event (counted in state calls, a deterministic measure) does not grow with the
 * number of sessions minted. Wall time per 10,000 events is printed, not asserted.
 */
class SessionFloodTest {
  @Test
  void threeHundredThousandSessionsInAnHourStayAtTheCapAtAConstantCostPerEvent() throws Exception {
    final int flood = 300_000;
    final int window = 10_000;
    // Every event audited, so the burst term is visible on each new session's first request.
    RiskSettings settings = settings().withAuditMinProbabilityChange(0);
    int cap = settings.maxSessionsPerAccount();
    SessionRiskFunction fn =
        new SessionRiskFunction(settings, SessionRiskFunctionTest.defaultModelJson());
    try (var h = harness(fn)) {
      long t = trainOwner(h) + DAY;
      long killedAt = killStolen(h, t);
      SessionStore store = fn.sessionStore();

      long start = killedAt + 10_000;
      long step = HOUR / flood; // 12 ms: 300,000 new session ids within one hour of event time
      double[] accessesPerEvent = new double[flood / window];
      double[] microsPerEvent = new double[flood / window];
      long accessesBefore = store.stateAccesses();
      long nanosBefore = System.nanoTime();
      long scored = 0;
      long burstEvidence = 0;
      long last = start;
      for (int i = 0; i < flood; i++) {
        last = start + i * step;
        process(h, Events.owner("flood-" + i, last).setPath("/api/v1/balance").build());
        scored++;
        if ((i + 1) % window == 0) {
          int w = i / window;
          long now = System.nanoTime();
          accessesPerEvent[w] = (store.stateAccesses() - accessesBefore) / (double) window;
          microsPerEvent[w] = (now - nanosBefore) / 1e3 / window;
          // Timers (the sweeps) run as event time moves, as in the job; outputs are drained so
          // the harness does not hold 300,000 audit records.
          watermark(h, last - 5_000);
          h.getOutput().clear();
          var decisions = h.getSideOutput(SessionRiskFunction.DECISIONS);
          if (decisions != null) {
            for (var d : decisions) {
              if (d.getValue().getEvidence().stream()
                  .anyMatch(r -> r.getCode().equals(EvidenceCode.SESSION_BURST.code()))) {
                burstEvidence++;
              }
            }
            decisions.clear();
          }
          accessesBefore = store.stateAccesses();
          nanosBefore = System.nanoTime();
        }
      }
      AccountStateSize size = store.size();
      long evicted = fn.sessionsEvicted();
      long notStored = fn.sessionsNotStored();
      int n = accessesPerEvent.length;
      System.out.printf(
          "flood: %,d sessions minted on one account in 1 h of event time (%,d events scored);"
              + " cap %,d: %,d sessions and %,d ring entries kept (%,d bytes of session state),"
              + " %,d evicted, %,d not stored, %,d expired; %,d audit records carry %s%n",
          flood,
          scored,
          cap,
          size.sessions(),
          size.ringEntries(),
          size.sessionBytes(),
          evicted,
          notStored,
          fn.sessionsExpired(),
          burstEvidence,
          EvidenceCode.SESSION_BURST.code());
      System.out.printf(
          "flood: state calls per event, first 10k %.2f, second 10k %.2f, last 10k %.2f (max %.2f);"
              + " wall time per event, first 10k %.1f us, last 10k %.1f us%n",
          accessesPerEvent[0],
          accessesPerEvent[1],
          accessesPerEvent[n - 1],
          max(accessesPerEvent),
          microsPerEvent[0],
          microsPerEvent[n - 1]);

      assertThat(size.sessions()).as("sessions kept").isLessThanOrEqualTo(cap);
      assertThat(size.ringEntries()).as("ring entries").isLessThanOrEqualTo(cap);
      assertThat(size.sessionBytes())
          .isLessThanOrEqualTo(cap * (long) SessionStateMapper.MAX_BYTES);
      assertThat(evicted).as("evictions counted").isGreaterThanOrEqualTo(flood - cap);
      assertThat(notStored).as("plenty of sessions not acted on to evict").isZero();
      assertThat(burstEvidence)
          .as("the burst is evidence: the flood's new sessions carry the term")
          .isGreaterThan(flood / 2);
      // The cost per event at the end of the flood is that at its start, once the cap is
      // reached (window 2 onwards: the first 1,024 sessions evicted nothing), and it is bounded
      // by a constant (12 in practice: profile and session read and write, the ring's read and
      // write,
      // one eviction probe and the new entry; 16 allows a protected session now and then).
      for (int w = 1; w < n; w++) {
        assertThat(accessesPerEvent[w])
            .as("state calls per event in window %d", w)
            .isLessThanOrEqualTo(accessesPerEvent[1] * 1.05 + 0.1)
            .isLessThanOrEqualTo(16.0);
      }

      // The killed session was never evicted: still in use, it is killed again.
      int killsBefore = (int) kills(h, "stolen");
      process(h, Events.attacker("stolen", last + 1_000).build());
      assertThat(kills(h, "stolen")).isEqualTo(killsBefore + 1);
    }
  }

  private static double max(double[] xs) {
    double m = 0;
    for (double x : xs) {
      m = Math.max(m, x);
    }
    return m;
  }

  @Test
  void aFloodedAccountsSessionsTheirShadowCopiesRingAndTimersAreGoneAfterExpiry() throws Exception {
    int cap = 64;
    SessionRiskFunction fn =
        new SessionRiskFunction(
            settings().withMaxSessionsPerAccount(cap), SessionRiskFunctionTest.defaultModelJson());
    try (var h = harness(fn)) {
      long t = trainOwner(h) + DAY;
      h.processBroadcastElement(
          ModelUpdate.of(ModelSlot.SHADOW, SessionRiskFunctionTest.modelJson("challenger", 0.05)),
          t);
      long killedAt = killStolen(h, t);
      long last = killedAt;
      for (int i = 0; i < 1_000; i++) {
        last = killedAt + 1_000 + i * 600L; // 1,000 sessions in 10 minutes
        process(h, Events.owner("flood-" + i, last).build());
      }
      SessionStore store = fn.sessionStore();
      AccountStateSize during = store.size();
      System.out.printf(
          "expiry: cap %d, after 1,000 new sessions: %d sessions, %d shadow copies, %d ring"
              + " entries, %d evicted, %d event-time timers%n",
          cap,
          during.sessions(),
          during.shadowSessions(),
          during.ringEntries(),
          fn.sessionsEvicted(),
          h.numEventTimeTimers());
      assertThat(during.sessions()).isEqualTo(cap);
      assertThat(during.shadowSessions()).isLessThanOrEqualTo(cap);
      assertThat(during.ringEntries()).isEqualTo(cap);
      assertThat(fn.sessionsEvicted()).isGreaterThanOrEqualTo(1_000 + 30 - cap);
      assertThat(h.extractOutputValues())
          .as("no command for the owner's own network")
          .allMatch(c -> c.getSessionId().equals("stolen"));

      // Two hours on: every idle session has ended; the killed one is remembered.
      watermark(h, last + 2 * HOUR);
      AccountStateSize idle = store.size();
      System.out.printf(
          "expiry: 2 h later %d session(s) kept (the killed one), %d expired, %d timer(s)%n",
          idle.sessions(), fn.sessionsExpired(), h.numEventTimeTimers());
      assertThat(idle.sessions()).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isPositive();

      // A day on, the killed session's memory has ended too: no session state, ring or timer.
      watermark(h, last + 27 * HOUR);
      System.out.printf(
          "expiry: 27 h later %d expired, %d timers, session state on %d key(s)%n",
          fn.sessionsExpired(), h.numEventTimeTimers(), keysWithState(h, "sessions"));
      assertThat(h.numEventTimeTimers()).isZero();
      for (String state :
          new String[] {"sessions", "shadow-sessions", "session-order", "session-ring"}) {
        assertThat(keysWithState(h, state)).as(state).isZero();
      }
      assertThat(keysWithState(h, "account-profile")).as("the profile stays").isEqualTo(1);
    }
  }

  @Test
  void sessionsActedOnAreNeverEvictedAndANewSessionBeyondThemIsScoredButNotStored()
      throws Exception {
    int cap = SessionStore.MIN_CAP;
    SessionRiskFunction fn =
        new SessionRiskFunction(
            settings().withMaxSessionsPerAccount(cap), SessionRiskFunctionTest.defaultModelJson());
    try (var h = harness(fn)) {
      long t = trainOwner(h) + DAY;
      // The cap's worth of stolen sessions, each acted on at its withdrawal (killed, or stepped up
      // once the kill-rate breaker opens).
      for (int i = 0; i < cap; i++) {
        long at = t + i * 60_000L;
        process(h, Events.attacker("stolen-" + i, at).setPath("/api/v1/balance").build());
        process(
            h,
            Events.attacker("stolen-" + i, at + 5_000)
                .setMethod("POST")
                .setPath("/api/v1/withdraw")
                .setWithdrawalAddress("bc1qattacker")
                .build());
      }
      assertThat(fn.sessionStore().size().sessions()).isEqualTo(cap);
      long actedOn =
          h.extractOutputValues().stream()
              .filter(
                  c ->
                      c.getAction() == CommandAction.KILL || c.getAction() == CommandAction.STEP_UP)
              .map(SessionCommand::getSessionId)
              .distinct()
              .count();
      assertThat(actedOn).as("every stolen session acted on").isEqualTo(cap);

      // (The owner's 30 training sessions were evicted to make room for them.)
      long evictedBefore = fn.sessionsEvicted();
      long at = t + cap * 60_000L;
      process(h, Events.attacker("one-more", at).setPath("/api/v1/balance").build());
      process(
          h,
          Events.attacker("one-more", at + 5_000)
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .setWithdrawalAddress("bc1qattacker")
              .build());

      System.out.printf(
          "acted on: cap %d, %d sessions kept, all acted on; %d evicted for the new session, %d"
              + " of its events not stored%n",
          cap,
          fn.sessionStore().size().sessions(),
          fn.sessionsEvicted() - evictedBefore,
          fn.sessionsNotStored());
      assertThat(fn.sessionsEvicted()).isEqualTo(evictedBefore);
      assertThat(fn.sessionsNotStored()).isEqualTo(2);
      assertThat(fn.sessionStore().size().sessions()).isEqualTo(cap);
      assertThat(
              SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.DECISIONS))
                  .stream()
                  .filter(d -> d.getSessionId().equals("one-more")))
          .as("its events are scored and audited all the same")
          .isNotEmpty();
      assertThat(h.extractOutputValues())
          .as("and acted on: a withdrawal from the attacker's network is stepped up or killed")
          .anyMatch(
              c ->
                  c.getSessionId().equals("one-more")
                      && (c.getAction() == CommandAction.KILL
                          || c.getAction() == CommandAction.STEP_UP));
    }
  }
}
