package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The default model on simulated traffic, at the level of this library (no Flink): 300 accounts
 * with five days of history, then a four-hour window rich in attacks (seed 11). Prints the table of
 * {@code vigil evaluate} so a reader sees the figures.
 */
class ScenarioBacktestTest {
  private static final Set<String> MUST_DETECT =
      Set.of("stolen_api_key", "token_hijack", "replay", "credential_stuffing", "mfa_brute_force");
  private static final Set<String> MUST_SPARE =
      Set.of("traveller", "vpn", "mobile_hopping", "bot_failover");

  private static Backtest.Result run;
  private static Map<String, List<SessionCommand>> bySession;

  @BeforeAll
  static void replay() {
    run = BacktestFixtures.run(300, 4 * BacktestFixtures.HOUR, 11, BacktestFixtures.ATTACK_RICH);
    System.out.println(run.table());
    bySession = new HashMap<>();
    for (SessionCommand c : run.backtest().commands()) {
      bySession.computeIfAbsent(c.getSessionId(), k -> new java.util.ArrayList<>()).add(c);
    }
  }

  @AfterAll
  static void release() {
    // Surefire runs every class in one JVM: let the next class have the heap.
    run = null;
    bySession = null;
  }

  @Test
  void falseActionsOnTheFiveDaysOfHistoryAreCountedNotLeftOut() {
    EvaluationReport r = run.report();
    // Pinned for seed 11: the window alone looks clean (0 of 72 stepped up); the owners stepped
    // up while their history replayed are counted, apart and in the total.
    assertThat(r.benignTotal(EvaluationReport.WINDOW))
        .extracting(FalseActionMetrics::sessions, FalseActionMetrics::steppedUp)
        .containsExactly(72, 0);
    assertThat(r.benignTotal(EvaluationReport.WARMUP))
        .extracting(FalseActionMetrics::sessions, FalseActionMetrics::steppedUp)
        .containsExactly(2351, 25);
    assertThat(r.benignTotal(EvaluationReport.ALL_BENIGN))
        .extracting(
            FalseActionMetrics::sessions,
            FalseActionMetrics::killed,
            FalseActionMetrics::steppedUp,
            FalseActionMetrics::throttled)
        .containsExactly(2423, 0, 25, 19);
    assertThat(r.warmupCommands()).isEqualTo(496);
    assertThat(run.table())
        .contains("378 labelled sessions in the window and 2,351 in the warm-up")
        .containsPattern("all benign +2423 +0/2423 0\\.0% +25/2423 1\\.0%")
        .containsPattern("  bot +17 +0/17 n<30");
  }

  @Test
  void stolenKeyHijackReplayStuffingAndMfaBruteForceEndInStepUpOrKillBeforeTheLastRequest() {
    Map<String, CompromiseMetrics> rows =
        run.report().scenarios().stream()
            .collect(Collectors.toMap(CompromiseMetrics::scenario, m -> m));
    for (String scenario : MUST_DETECT) {
      CompromiseMetrics m = rows.get(scenario);
      assertThat(m).as(scenario).isNotNull();
      assertThat(m.sessions()).as(scenario).isGreaterThanOrEqualTo(4);
      assertThat(m.detected()).as(scenario).isEqualTo(m.sessions());
    }
  }

  @Test
  void travellerVpnMobileHoppingAndBotFailoverSessionsAreNeitherSteppedUpNorKilled() {
    Map<String, Integer> seen = new HashMap<>();
    for (SessionLabel l : run.labels()) {
      if (l.warmup() || !l.benign() || l.hardCase() == null || !MUST_SPARE.contains(l.hardCase())) {
        continue;
      }
      seen.merge(l.hardCase(), 1, Integer::sum);
      assertThat(bySession.getOrDefault(l.sessionId(), List.of()))
          .as(l.hardCase() + " session " + l.sessionId())
          .extracting(SessionCommand::getAction)
          .doesNotContain(CommandAction.STEP_UP, CommandAction.KILL);
    }
    assertThat(seen.keySet()).containsExactlyInAnyOrderElementsOf(MUST_SPARE);
  }

  @Test
  void benignSessionsAreRarelyActedOnAndTheirTimeoutsRarelyCut() {
    int sessions = 0;
    int acted = 0;
    for (SessionLabel l : run.labels()) {
      if (l.warmup() || !l.benign()) {
        continue;
      }
      sessions++;
      if (bySession.getOrDefault(l.sessionId(), List.of()).stream()
          .anyMatch(
              c -> c.getAction() == CommandAction.STEP_UP || c.getAction() == CommandAction.KILL)) {
        acted++;
      }
    }
    int cut = 0;
    for (FalseActionMetrics m : run.report().benignByPopulation()) {
      cut += m.timeoutCut();
      assertThat(m.killed()).as(m.group()).isZero();
    }
    assertThat(sessions).isGreaterThan(50);
    assertThat((double) acted / sessions).isLessThanOrEqualTo(0.03);
    assertThat((double) cut / sessions).isLessThan(0.05);
  }

  @Test
  void abuseIsThrottledNeverKilledAndFailedAttemptsAreNeverKilled() {
    // Abuse is the owner's own traffic: the answer is a throttle; a kill or a step-up would be a
    // false action.
    assertThat(run.report().abuse())
        .extracting(AbuseMetrics::scenario)
        .contains("abuse_flood", "abuse_scraping");
    for (AbuseMetrics m : run.report().abuse()) {
      assertThat(m.throttled()).as(m.scenario()).isEqualTo(m.sessions());
      assertThat(m.killed()).as(m.scenario()).isZero();
      assertThat(m.steppedUp()).as(m.scenario()).isZero();
    }
    // And no benign session is throttled for its pace.
    for (FalseActionMetrics m : run.report().benignByPopulation()) {
      assertThat(m.throttled()).as(m.group()).isZero();
    }
    // Failed credential attempts are single refused logins; none may be killed.
    assertThat(
            run.labels().stream()
                .filter(SessionLabel::attempt)
                .flatMap(l -> bySession.getOrDefault(l.sessionId(), List.of()).stream())
                .filter(c -> c.getAction() == CommandAction.KILL))
        .isEmpty();
  }

  @Test
  void warmUpSessionsTeachTheProfilesButAreLeftOutOfTheReport() {
    long warmup = run.labels().stream().filter(SessionLabel::warmup).count();
    assertThat(warmup).isGreaterThan(run.report().labelledSessions());
    assertThat(run.report().labelledSessions()).isEqualTo((int) (run.labels().size() - warmup));
    assertThat(run.report().unmatchedCommands()).isZero();
  }
}
