package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-built sessions and command sets whose metrics are worked out by hand: perfect, none,
 * all-kill and late.
 */
class EvaluatorTest {
  // A hijacked retail session: the owner's events e-5 (t=500) and later, the attacker's five.
  static final SessionLabel HIJACK =
      attacked(
          "s-h1",
          "retail",
          "token_hijack",
          "compromise",
          List.of("e-10", "e-12", "e-14", "e-16", "e-18"),
          new long[] {1000, 2000, 3000, 4000, 5000});
  static final SessionLabel STOLEN_KEY =
      attacked(
          "s-k1",
          "attacker",
          "stolen_api_key",
          "compromise",
          List.of("e-20", "e-21", "e-22", "e-23"),
          new long[] {10_000, 11_000, 12_000, 13_000});
  static final SessionLabel STUFFING_ATTEMPT =
      attacked(
          "s-c1",
          "attacker",
          "credential_stuffing",
          "attempt",
          List.of("e-30"),
          new long[] {20_000});
  static final SessionLabel FLOOD =
      attacked(
          "s-f1",
          "bot",
          "abuse_flood",
          "abuse",
          List.of("e-40", "e-41", "e-42"),
          new long[] {30_000, 30_010, 30_020});
  static final SessionLabel RETAIL = benign("s-r1", "retail", null);
  static final SessionLabel RETAIL_VPN = benign("s-r2", "retail", "vpn");
  static final SessionLabel BOT = benign("s-b1", "bot", null);
  static final SessionLabel BOT_2 = benign("s-b2", "bot", null);
  static final List<SessionLabel> LABELS =
      List.of(HIJACK, STOLEN_KEY, STUFFING_ATTEMPT, FLOOD, RETAIL, RETAIL_VPN, BOT, BOT_2);

  @Test
  void perfectCommandsDetectEverythingAtTheFirstAttackerRequestAndTouchNoBenignSession() {
    List<SessionCommand> cs =
        List.of(
            command("s-h1", CommandAction.STEP_UP, "e-10", 1000),
            command("s-k1", CommandAction.KILL, "e-20", 10_000),
            command("s-c1", CommandAction.KILL, "e-30", 20_000),
            command("s-f1", CommandAction.SET_RATE_LIMIT, "e-40", 30_000));
    EvaluationReport r = Evaluator.evaluate(LABELS, cs, null);

    CompromiseMetrics hijack = scenario(r, "token_hijack");
    assertThat(hijack.sessions()).isEqualTo(1);
    assertThat(hijack.detected()).isEqualTo(1);
    assertThat(hijack.detectionRate()).isEqualTo(1.0);
    assertThat(hijack.requestsToAction()).isEqualTo(new Distribution(1, 1.0, 1.0));
    assertThat(hijack.secondsToAction()).isEqualTo(new Distribution(1, 0.0, 0.0));
    assertThat(scenario(r, "stolen_api_key").detectionRate()).isEqualTo(1.0);
    CompromiseMetrics stuffing = scenario(r, "credential_stuffing");
    assertThat(stuffing.sessions()).isZero();
    assertThat(stuffing.detectionRate()).isNull();
    assertThat(stuffing.attempts()).isEqualTo(1);
    assertThat(stuffing.attemptsActioned()).isEqualTo(1);
    AbuseMetrics flood = r.abuse().get(0);
    assertThat(flood.scenario()).isEqualTo("abuse_flood");
    assertThat(flood.throttledRate()).isEqualTo(1.0);
    assertThat(flood.killedRate()).isEqualTo(0.0);
    for (FalseActionMetrics m : r.benignByPopulation()) {
      assertThat(m.killedRate()).isZero();
      assertThat(m.steppedUpRate()).isZero();
      assertThat(m.throttledRate()).isZero();
      assertThat(m.timeoutCutRate()).isZero();
    }
    assertThat(r.unmatchedCommands()).isZero();
    assertThat(r.calibration()).isNull();
  }

  @Test
  void noCommandsDetectNothing() {
    EvaluationReport r = Evaluator.evaluate(LABELS, List.of(), null);
    for (CompromiseMetrics m : r.scenarios()) {
      assertThat(m.detected()).isZero();
      assertThat(m.acted()).isZero();
      assertThat(m.requestsToAction()).isEqualTo(new Distribution(0, null, null));
    }
    assertThat(scenario(r, "token_hijack").detectionRate()).isEqualTo(0.0);
    assertThat(r.abuse().get(0).throttled()).isZero();
    assertThat(population(r, "retail").sessions()).isEqualTo(2);
    assertThat(population(r, "retail").killedRate()).isZero();
  }

  @Test
  void killingEverySessionAtItsFirstEventCatchesAttackersButKillsEveryBenignSession() {
    List<SessionCommand> cs = new ArrayList<>();
    cs.add(command("s-h1", CommandAction.KILL, "e-5", 500)); // the owner's first event
    cs.add(command("s-k1", CommandAction.KILL, "e-20", 10_000));
    cs.add(command("s-c1", CommandAction.KILL, "e-30", 20_000));
    cs.add(command("s-f1", CommandAction.KILL, "e-40", 30_000));
    for (SessionLabel l : List.of(RETAIL, RETAIL_VPN, BOT, BOT_2)) {
      cs.add(command(l.sessionId(), CommandAction.KILL, "e-1", 1));
    }
    EvaluationReport r = Evaluator.evaluate(LABELS, cs, null);

    // The hijack was acted on before the attacker arrived: not counted as a detection.
    CompromiseMetrics hijack = scenario(r, "token_hijack");
    assertThat(hijack.detected()).isZero();
    assertThat(hijack.actedBeforeTakeover()).isEqualTo(1);
    assertThat(scenario(r, "stolen_api_key").detected()).isEqualTo(1);
    assertThat(r.abuse().get(0).killedRate()).isEqualTo(1.0);
    assertThat(r.abuse().get(0).throttledRate()).isEqualTo(0.0);
    assertThat(population(r, "retail").killedRate()).isEqualTo(1.0);
    assertThat(population(r, "bot").killed()).isEqualTo(2);
    assertThat(population(r, "bot").killedRate()).isEqualTo(1.0);
    assertThat(r.benignByHardCase())
        .singleElement()
        .satisfies(
            m -> {
              assertThat(m.group()).isEqualTo("vpn");
              assertThat(m.killedRate()).isEqualTo(1.0);
            });
  }

  @Test
  void actionsOnTheAttackersLastRequestOrLaterAreLateNotDetections() {
    List<SessionCommand> cs =
        List.of(
            // Triggered by the attacker's fifth and last request.
            command("s-h1", CommandAction.KILL, "e-18", 5_100),
            // Triggered by an event the labels do not know: placed by issuedAt, after all four.
            command("s-k1", CommandAction.STEP_UP, "e-99", 20_000));
    EvaluationReport r = Evaluator.evaluate(LABELS, cs, null);

    CompromiseMetrics hijack = scenario(r, "token_hijack");
    assertThat(hijack.acted()).isEqualTo(1);
    assertThat(hijack.detected()).isZero();
    assertThat(hijack.requestsToAction()).isEqualTo(new Distribution(1, 5.0, 5.0));
    assertThat(hijack.secondsToAction()).isEqualTo(new Distribution(1, 4.0, 4.0));
    CompromiseMetrics key = scenario(r, "stolen_api_key");
    assertThat(key.detected()).isZero();
    assertThat(key.requestsToAction()).isEqualTo(new Distribution(1, 4.0, 4.0));
    assertThat(key.secondsToAction()).isEqualTo(new Distribution(1, 10.0, 10.0));
  }

  @Test
  void anActionMidAttackCountsTheRequestsUpToItsTrigger() {
    List<SessionCommand> cs =
        List.of(
            command("s-h1", CommandAction.SET_RATE_LIMIT, "e-12", 2000), // not a detection action
            command("s-h1", CommandAction.STEP_UP, "e-14", 3000),
            command("s-h1", CommandAction.KILL, "e-16", 4000));
    CompromiseMetrics hijack = scenario(Evaluator.evaluate(LABELS, cs, null), "token_hijack");
    assertThat(hijack.detected()).isEqualTo(1);
    assertThat(hijack.requestsToAction()).isEqualTo(new Distribution(1, 3.0, 3.0));
    assertThat(hijack.secondsToAction()).isEqualTo(new Distribution(1, 2.0, 2.0));
  }

  @Test
  void timeoutsCutBelowHalfThePopulationDefaultCount() {
    List<SessionCommand> cs =
        List.of(
            timeout("s-r1", 36_000L, null), // retail absolute 24 h: 10 h is a cut of > 50%
            timeout("s-r2", null, 2_000L), // retail idle 1 h: 2000 s is not
            timeout("s-b1", null, 400L), // bot idle 15 min: 400 s is
            timeout("s-b2", 400_000L, null)); // bot absolute 7 days: 400000 s is not
    EvaluationReport r = Evaluator.evaluate(LABELS, cs, null);
    assertThat(population(r, "retail").timeoutCut()).isEqualTo(1);
    assertThat(population(r, "retail").timeoutCutRate()).isEqualTo(0.5);
    assertThat(population(r, "bot").timeoutCut()).isEqualTo(1);
    assertThat(r.benignByHardCase().get(0).timeoutCut()).isZero();
  }

  @Test
  void commandsOnUnlabelledSessionsAreCountedApart() {
    EvaluationReport r =
        Evaluator.evaluate(LABELS, List.of(command("s-other", CommandAction.KILL, "e-1", 1)), null);
    assertThat(r.unmatchedCommands()).isEqualTo(1);
    assertThat(r.commands()).isEqualTo(1);
  }

  @Test
  void calibrationBinsEachSessionsMaximumEnforcedProbability() {
    List<RiskDecision> ds =
        List.of(
            decision("s-h1", 0.20, false),
            decision("s-h1", 0.95, false),
            decision("s-k1", 0.85, false),
            decision("s-r1", 0.05, false),
            decision("s-r2", 0.15, false),
            decision("s-b1", 0.92, true), // shadow: ignored
            decision("s-b1", 0.02, false),
            decision("s-f1", 0.45, false));
    Calibration c = Evaluator.evaluate(LABELS, List.of(), ds).calibration();
    assertThat(c.sessions()).isEqualTo(6);
    // BOT_2 has no decision; the failed credential attempt is not a session anyone held.
    assertThat(c.sessionsWithoutDecisions()).isEqualTo(1);
    assertThat(c.bins()).hasSize(10);
    ReliabilityBin low = c.bins().get(0);
    assertThat(low.sessions()).isEqualTo(2);
    assertThat(low.meanProbability()).isCloseTo(0.035, within(1e-12));
    assertThat(low.observedRate()).isEqualTo(0.0);
    assertThat(c.bins().get(9).observedRate()).isEqualTo(1.0);
    assertThat(c.bins().get(5).sessions()).isZero();
    assertThat(c.bins().get(5).meanProbability()).isNull();
    // (2/6)*0.035 + (1/6)*(0.15 + 0.45 + 0.15 + 0.05)
    assertThat(c.expectedCalibrationError()).isCloseTo(0.145, within(1e-12));
  }

  @Test
  void percentilesAreNearestRank() {
    double[] v = new double[20];
    for (int i = 0; i < 20; i++) {
      v[i] = 20 - i;
    }
    assertThat(Distribution.of(v)).isEqualTo(new Distribution(20, 10.0, 19.0));
  }

  // ---- builders ----

  static SessionLabel attacked(
      String id, String population, String scenario, String kind, List<String> ids, long[] times) {
    return new SessionLabel(
        id,
        "u-" + id,
        population,
        scenario,
        kind,
        null,
        ids.get(0),
        times[0],
        ids.get(ids.size() - 1),
        times[times.length - 1],
        ids.size(),
        ids,
        times,
        false);
  }

  static SessionLabel benign(String id, String population, String hardCase) {
    return SessionLabel.benign(id, "u-" + id, population, hardCase, false);
  }

  static SessionCommand command(String session, CommandAction action, String trigger, long at) {
    return SessionCommand.newBuilder()
        .setCommandId("c-" + session + "-" + action + "-" + at)
        .setSessionId(session)
        .setAccountId("u-" + session)
        .setAction(action)
        .setParameters(CommandParameters.newBuilder().build())
        .setIssuedAt(at)
        .setExpiresAt(at + 60_000)
        .setProbability(0.9)
        .setModelVersion("test")
        .setTriggerEventId(trigger)
        .build();
  }

  static SessionCommand timeout(String session, Long absolute, Long idle) {
    SessionCommand c = command(session, CommandAction.SET_TIMEOUT, "e-1", 1);
    c.setParameters(
        CommandParameters.newBuilder()
            .setAbsoluteTimeoutSeconds(absolute)
            .setIdleTimeoutSeconds(idle)
            .build());
    return c;
  }

  static RiskDecision decision(String session, double p, boolean shadow) {
    return RiskDecision.newBuilder()
        .setDecisionId("d-" + session + "-" + p)
        .setSessionId(session)
        .setAccountId("u-" + session)
        .setEventId("e-1")
        .setEventTime(1L)
        .setDecidedAt(1L)
        .setPreviousProbability(0.0)
        .setProbability(p)
        .setModelVersion("test")
        .setShadow(shadow)
        .build();
  }

  static CompromiseMetrics scenario(EvaluationReport r, String name) {
    return r.scenarios().stream().filter(m -> m.scenario().equals(name)).findFirst().orElseThrow();
  }

  static FalseActionMetrics population(EvaluationReport r, String name) {
    return r.benignByPopulation().stream()
        .filter(m -> m.group().equals(name))
        .findFirst()
        .orElseThrow();
  }
}
