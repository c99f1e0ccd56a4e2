package dev.vigil.evaluation;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts a {@link ModelOutcome} from a finished {@link Backtest} and the labels. */
final class OutcomeCounter {
  private OutcomeCounter() {}

  static ModelOutcome count(String name, String version, Backtest b, List<SessionLabel> labels) {
    Map<String, List<SessionCommand>> bySession = SessionActions.bySession(b.commands());
    Map<String, List<SessionLabel>> scenarios = new TreeMap<>(Evaluator.SCENARIO_ORDER);
    Map<String, int[]> populations = new TreeMap<>(Evaluator.POPULATION_ORDER);
    int benign = 0;
    int killed = 0;
    int stepped = 0;
    int bots = 0;
    int botKilled = 0;
    int botDisrupted = 0;
    for (SessionLabel l : labels) {
      List<SessionCommand> cs = bySession.getOrDefault(l.sessionId(), List.of());
      if (l.compromised()) {
        scenarios.computeIfAbsent(l.label(), k -> new ArrayList<>()).add(l);
      }
      if (!l.benign()) {
        continue;
      }
      boolean k = SessionActions.killed(cs);
      boolean s = SessionActions.steppedUpOrHeld(cs);
      int[] p = populations.computeIfAbsent(l.population(), x -> new int[3]);
      p[0]++;
      p[1] += k ? 1 : 0;
      p[2] += s ? 1 : 0;
      benign++;
      killed += k ? 1 : 0;
      stepped += s ? 1 : 0;
      if (SessionActions.automated(l.population())) {
        bots++;
        botKilled += k ? 1 : 0;
        botDisrupted += k || s ? 1 : 0;
      }
    }
    EventCalibration calibration = b.eventCalibration(labels);
    List<ModelOutcome.ScenarioOutcome> scenarioRows = new ArrayList<>();
    scenarios.forEach((s, ls) -> scenarioRows.add(scenario(s, ls, bySession)));
    List<ModelOutcome.PopulationOutcome> populationRows = new ArrayList<>();
    populations.forEach(
        (p, c) -> populationRows.add(new ModelOutcome.PopulationOutcome(p, c[0], c[1], c[2])));
    return new ModelOutcome(
        name,
        version,
        b.events(),
        scenarioRows,
        populationRows,
        benign,
        killed,
        stepped,
        bots,
        botKilled,
        botDisrupted,
        calibration.expectedCalibrationError(),
        calibration.bins(),
        ranking(b, labels),
        commandsByAction(b.commands()));
  }

  private static ModelOutcome.ScenarioOutcome scenario(
      String scenario, List<SessionLabel> labels, Map<String, List<SessionCommand>> bySession) {
    int inTime = 0;
    List<Double> requests = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (SessionLabel l : labels) {
      Evaluator.Placement p =
          SessionActions.firstTakeoverAction(l, bySession.getOrDefault(l.sessionId(), List.of()));
      if (p == null) {
        continue;
      }
      requests.add((double) p.attackerRequests());
      seconds.add((p.timeMs() - l.takeoverTime()) / 1000.0);
      inTime += p.attackerRequests() < l.attackerRequests() ? 1 : 0;
    }
    return new ModelOutcome.ScenarioOutcome(
        scenario,
        labels.size(),
        inTime,
        Distribution.of(requests.stream().mapToDouble(Double::doubleValue).toArray()),
        Distribution.of(seconds.stream().mapToDouble(Double::doubleValue).toArray()));
  }

  /** Each evaluated session's maximum probability against whether an attacker held it. */
  private static RankingMetrics ranking(Backtest b, List<SessionLabel> labels) {
    Map<String, Double> max = new HashMap<>();
    for (RiskDecision d : b.sessionMaxima()) {
      max.put(d.getSessionId(), d.getProbability());
    }
    List<Double> score = new ArrayList<>();
    List<Boolean> positive = new ArrayList<>();
    for (SessionLabel l : labels) {
      Double p = max.get(l.sessionId());
      if (l.warmup() || l.attempt() || p == null) {
        continue;
      }
      score.add(p);
      positive.add(l.compromised());
    }
    boolean[] y = new boolean[positive.size()];
    for (int i = 0; i < y.length; i++) {
      y[i] = positive.get(i);
    }
    return RankingMetrics.of(score.stream().mapToDouble(Double::doubleValue).toArray(), y);
  }

  /**
   * Every session action, in the schema's order, with how many session commands carried it (zeros
   * kept), then the account commands (target ACCOUNT) present, as {@code account:ACTION}: an
   * account hold is not counted with the sessions' holds.
   */
  private static Map<String, Integer> commandsByAction(List<SessionCommand> commands) {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (CommandAction a : CommandAction.values()) {
      if (a != CommandAction.KILL_ALL_SESSIONS
          && a != CommandAction.REVOKE_API_KEY
          && a != CommandAction.REQUIRE_REVERIFICATION) {
        out.put(a.name(), 0);
      }
    }
    for (SessionCommand c : commands) {
      String action = c.getAction().name();
      out.merge(
          c.getTarget() == CommandTarget.ACCOUNT ? "account:" + action : action, 1, Integer::sum);
    }
    return out;
  }
}
