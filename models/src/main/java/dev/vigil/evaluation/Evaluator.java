package dev.vigil.evaluation;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.HardCase;
import dev.vigil.sim.Population;
import dev.vigil.sim.Scenario;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Scores Vigil's commands against the simulator's labels.
 *
 * <p>A command is placed among the attacker's requests by its trigger event: when the trigger is
 * one of the attacker's events, its ordinal and time come from the labels; otherwise (an owner's
 * event in a shared session) it is placed by its {@code eventTime} (schema version 5), or by {@code
 * issuedAt} for older commands, which must then be on the events' clock. An action "detects" a
 * compromise when it is a STEP_UP or KILL placed at or after the takeover with at least one
 * attacker request still to come. Warm-up sessions (history the simulator wrote before the window,
 * never attacked) are scored and acted on like any other: the false actions on them are counted
 * separately and in the benign totals, never left out.
 */
public final class Evaluator {
  private static final Comparator<SessionCommand> ISSUE_ORDER =
      Comparator.comparingLong(SessionActions::eventTime)
          .thenComparing(SessionCommand::getCommandId);

  private Evaluator() {}

  /**
   * @param decisions may be null: no calibration then
   */
  public static EvaluationReport evaluate(
      Collection<SessionLabel> labels,
      List<SessionCommand> commands,
      List<RiskDecision> decisions) {
    Map<String, SessionLabel> bySession = new LinkedHashMap<>();
    Map<String, SessionLabel> warmup = new LinkedHashMap<>();
    for (SessionLabel l : labels) {
      (l.warmup() ? warmup : bySession).put(l.sessionId(), l);
    }
    Map<String, List<SessionCommand>> commandsBySession = new HashMap<>();
    int unmatched = 0;
    int onWarmup = 0;
    for (SessionCommand c : commands) {
      boolean inWindow = bySession.containsKey(c.getSessionId());
      if (inWindow || warmup.containsKey(c.getSessionId())) {
        commandsBySession.computeIfAbsent(c.getSessionId(), k -> new ArrayList<>()).add(c);
        onWarmup += inWindow ? 0 : 1;
      } else {
        unmatched++;
      }
    }
    commandsBySession.values().forEach(l -> l.sort(ISSUE_ORDER));

    Map<String, List<SessionLabel>> compromise = new TreeMap<>(SCENARIO_ORDER);
    Map<String, List<SessionLabel>> abuse = new TreeMap<>(SCENARIO_ORDER);
    Map<String, List<SessionLabel>> byPopulation = new TreeMap<>(POPULATION_ORDER);
    Map<String, List<SessionLabel>> byHardCase = new TreeMap<>(HARD_CASE_ORDER);
    for (SessionLabel l : bySession.values()) {
      if (l.benign()) {
        byPopulation.computeIfAbsent(l.population(), k -> new ArrayList<>()).add(l);
        if (l.hardCase() != null) {
          byHardCase.computeIfAbsent(l.hardCase(), k -> new ArrayList<>()).add(l);
        }
      } else if (l.abuse()) {
        abuse.computeIfAbsent(l.label(), k -> new ArrayList<>()).add(l);
      } else {
        compromise.computeIfAbsent(l.label(), k -> new ArrayList<>()).add(l);
      }
    }
    List<CompromiseMetrics> scenarioRows = new ArrayList<>();
    compromise.forEach((s, ls) -> scenarioRows.add(compromiseMetrics(s, ls, commandsBySession)));
    List<AbuseMetrics> abuseRows = new ArrayList<>();
    abuse.forEach((s, ls) -> abuseRows.add(abuseMetrics(s, ls, commandsBySession)));
    List<FalseActionMetrics> populationRows = new ArrayList<>();
    byPopulation.forEach((p, ls) -> populationRows.add(falseActions(p, ls, commandsBySession)));
    List<FalseActionMetrics> hardCaseRows = new ArrayList<>();
    byHardCase.forEach((h, ls) -> hardCaseRows.add(falseActions(h, ls, commandsBySession)));
    Map<String, List<SessionLabel>> warmupByPopulation = new TreeMap<>(POPULATION_ORDER);
    List<SessionLabel> windowBenign = new ArrayList<>();
    byPopulation.values().forEach(windowBenign::addAll);
    List<SessionLabel> warmupBenign = new ArrayList<>();
    for (SessionLabel l : warmup.values()) {
      if (l.benign()) {
        warmupByPopulation.computeIfAbsent(l.population(), k -> new ArrayList<>()).add(l);
        warmupBenign.add(l);
      }
    }
    List<FalseActionMetrics> warmupRows = new ArrayList<>();
    warmupByPopulation.forEach((p, ls) -> warmupRows.add(falseActions(p, ls, commandsBySession)));
    List<SessionLabel> allBenign = new ArrayList<>(windowBenign);
    allBenign.addAll(warmupBenign);
    List<FalseActionMetrics> totals =
        List.of(
            falseActions(EvaluationReport.ALL_BENIGN, allBenign, commandsBySession),
            falseActions(EvaluationReport.WINDOW, windowBenign, commandsBySession),
            falseActions(EvaluationReport.WARMUP, warmupBenign, commandsBySession));
    Calibration calibration =
        decisions == null ? null : CalibrationTable.of(bySession.values(), decisions);
    return new EvaluationReport(
        bySession.size(),
        commands.size(),
        unmatched,
        scenarioRows,
        abuseRows,
        populationRows,
        hardCaseRows,
        calibration,
        List.of(),
        warmup.size(),
        onWarmup,
        warmupRows,
        totals);
  }

  private static CompromiseMetrics compromiseMetrics(
      String scenario, List<SessionLabel> labels, Map<String, List<SessionCommand>> commands) {
    int sessions = 0;
    int detected = 0;
    int acted = 0;
    int before = 0;
    int attempts = 0;
    int attemptsActioned = 0;
    List<Double> requests = new ArrayList<>();
    List<Double> seconds = new ArrayList<>();
    for (SessionLabel l : labels) {
      List<SessionCommand> cs = commands.getOrDefault(l.sessionId(), List.of());
      if (!l.compromised()) {
        attempts++;
        if (!cs.isEmpty()) {
          attemptsActioned++;
        }
        continue;
      }
      sessions++;
      Map<String, Integer> ordinals = cs.isEmpty() ? Map.of() : l.attackerOrdinals();
      boolean actedBefore = false;
      Placement first = null;
      for (SessionCommand c : cs) {
        if (c.getAction() != CommandAction.STEP_UP && c.getAction() != CommandAction.KILL) {
          continue;
        }
        Placement p = Placement.of(c, l, ordinals);
        // An analyst's verdict knows no takeover: any step-up or kill on the session counts.
        if (l.takeoverTime() != null
            && p.timeMs() < l.takeoverTime()
            && p.attackerRequests() == 0) {
          actedBefore = true;
          continue;
        }
        first = p;
        break;
      }
      if (first == null) {
        if (actedBefore) {
          before++;
        }
        continue;
      }
      acted++;
      if (l.takeoverTime() == null) {
        detected++;
        continue;
      }
      if (first.attackerRequests() < l.attackerRequests()) {
        detected++;
      }
      requests.add((double) first.attackerRequests());
      seconds.add((first.timeMs() - l.takeoverTime()) / 1000.0);
    }
    return new CompromiseMetrics(
        scenario,
        sessions,
        detected,
        rate(detected, sessions),
        acted,
        Distribution.of(toArray(requests)),
        Distribution.of(toArray(seconds)),
        before,
        attempts,
        attemptsActioned);
  }

  private static AbuseMetrics abuseMetrics(
      String scenario, List<SessionLabel> labels, Map<String, List<SessionCommand>> commands) {
    int throttled = 0;
    int killed = 0;
    int stepped = 0;
    for (SessionLabel l : labels) {
      List<SessionCommand> cs = commands.getOrDefault(l.sessionId(), List.of());
      throttled += has(cs, CommandAction.SET_RATE_LIMIT) ? 1 : 0;
      killed += has(cs, CommandAction.KILL) ? 1 : 0;
      stepped += has(cs, CommandAction.STEP_UP) ? 1 : 0;
    }
    int n = labels.size();
    return new AbuseMetrics(
        scenario, n, throttled, killed, stepped, rate(throttled, n), rate(killed, n));
  }

  private static FalseActionMetrics falseActions(
      String group, List<SessionLabel> labels, Map<String, List<SessionCommand>> commands) {
    int killed = 0;
    int stepped = 0;
    int throttled = 0;
    int cut = 0;
    for (SessionLabel l : labels) {
      List<SessionCommand> cs = commands.getOrDefault(l.sessionId(), List.of());
      killed += has(cs, CommandAction.KILL) ? 1 : 0;
      stepped += has(cs, CommandAction.STEP_UP) ? 1 : 0;
      throttled += has(cs, CommandAction.SET_RATE_LIMIT) ? 1 : 0;
      TimeoutDefaults defaults = TimeoutDefaults.of(l.population());
      boolean timeoutCut = false;
      for (SessionCommand c : cs) {
        CommandParameters p = c.getParameters();
        if (c.getAction() == CommandAction.SET_TIMEOUT
            && p != null
            && defaults.cutByMoreThanHalf(
                p.getAbsoluteTimeoutSeconds(), p.getIdleTimeoutSeconds())) {
          timeoutCut = true;
        }
      }
      cut += timeoutCut ? 1 : 0;
    }
    int n = labels.size();
    return new FalseActionMetrics(
        group,
        n,
        killed,
        stepped,
        throttled,
        cut,
        rate(killed, n),
        rate(stepped, n),
        rate(throttled, n),
        rate(cut, n));
  }

  private static boolean has(List<SessionCommand> cs, CommandAction a) {
    for (SessionCommand c : cs) {
      if (c.getAction() == a) {
        return true;
      }
    }
    return false;
  }

  static Double rate(int k, int n) {
    return n == 0 ? null : (double) k / n;
  }

  private static double[] toArray(List<Double> v) {
    return v.stream().mapToDouble(Double::doubleValue).toArray();
  }

  /** Where an action falls: its time and the attacker requests made up to it. */
  record Placement(long timeMs, int attackerRequests) {
    static Placement of(SessionCommand c, SessionLabel l, Map<String, Integer> ordinals) {
      Integer ordinal = ordinals.get(c.getTriggerEventId());
      if (ordinal != null) {
        return new Placement(l.attackerEventTimes()[ordinal - 1], ordinal);
      }
      long t = SessionActions.eventTime(c);
      return new Placement(t, l.attackerRequestsUpTo(t));
    }
  }

  /** Known names first in their declared order, then any others alphabetically. */
  private static Comparator<String> declaredOrder(List<String> known) {
    return Comparator.<String>comparingInt(s -> known.contains(s) ? known.indexOf(s) : known.size())
        .thenComparing(Comparator.naturalOrder());
  }

  static final Comparator<String> SCENARIO_ORDER =
      declaredOrder(java.util.Arrays.stream(Scenario.values()).map(Scenario::id).toList());
  static final Comparator<String> POPULATION_ORDER =
      declaredOrder(java.util.Arrays.stream(Population.values()).map(Population::id).toList());
  private static final Comparator<String> HARD_CASE_ORDER =
      declaredOrder(java.util.Arrays.stream(HardCase.values()).map(HardCase::id).toList());
}
