package dev.vigil.evaluation;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.RiskDecision;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Champion and challenger on the same live traffic, from a run's audit records: the active model's
 * decisions ({@code shadow=false}) and the shadow model's ({@code shadow=true}), as {@code vigil
 * compare --decisions} reads them. Records of model changes (session {@code model:<slot>}) are left
 * out.
 *
 * <p>What the audit holds decides what can be said: a record is written when a request moves the
 * probability by more than {@code risk.audit-min-probability-change}, or issues a command, or
 * carries a policy note. So a session's maximum probability is the largest audited one (exact when
 * that setting is 0), a session no record names was never moved (it counts for neither model), and
 * the actions are read from the records' command ids ({@code <event id>:<action>}; the challenger's
 * are the commands it would have issued), up to the session's first kill: after it the active model
 * only repeats the kill (once per command lifetime) and the shadow model keeps listing what it
 * would do, so later commands would count the two differently. With labels, each model's session
 * maxima are ranked against the compromised sessions (ROC and PR AUC) and their calibration
 * measured over 10 equal-width bins (sessions weigh 1; the audit does not hold every request's
 * probability, so this is not the backtest's per-event calibration).
 */
public final class LiveComparison {
  /** What one model decided on one session. */
  public record SessionView(double maxProbability, Set<String> actions, int records) {}

  /** One model's side: its versions, records and sessions. */
  public record Side(
      Set<String> versions,
      int records,
      Map<String, SessionView> sessions,
      Map<String, Integer> commandsByAction) {

    /** Sessions with a STEP_UP, HOLD_WITHDRAWALS or KILL. */
    public int disrupted() {
      return (int) sessions.values().stream().filter(v -> disrupts(v.actions)).count();
    }

    public int killed() {
      return (int)
          sessions.values().stream()
              .filter(v -> v.actions.contains(CommandAction.KILL.name()))
              .count();
    }

    /** The session's view, or an empty one (never moved, never acted on). */
    public SessionView view(String session) {
      return sessions.getOrDefault(session, new SessionView(Double.NaN, Set.of(), 0));
    }
  }

  /**
   * How labelled sessions fared with one model.
   *
   * @param compromised labelled compromised sessions seen in the audit
   * @param compromisedActedOn of those, sessions the model stepped up, held or killed
   * @param benign labelled benign sessions seen in the audit
   * @param benignKilled of those, sessions it killed
   * @param benignSteppedUpOrHeld of those, sessions it stepped up or held
   */
  public record Labelled(
      int compromised,
      int compromisedActedOn,
      int benign,
      int benignKilled,
      int benignSteppedUpOrHeld,
      double calibrationError,
      RankingMetrics ranking) {}

  /**
   * @param disagreeing sessions whose actions differ between the models (sorted by id)
   * @param unmatchedLabels "N labels match no session: ..." or null
   */
  public record Result(
      Side champion,
      Side challenger,
      List<String> disagreeing,
      Labelled championLabelled,
      Labelled challengerLabelled,
      int labels,
      String unmatchedLabels) {

    public boolean labelled() {
      return championLabelled != null;
    }

    /** Sessions named by a record of either model. */
    public Set<String> sessions() {
      Set<String> all = new TreeSet<>(champion.sessions.keySet());
      all.addAll(challenger.sessions.keySet());
      return all;
    }
  }

  private LiveComparison() {}

  /**
   * @param labels analysts' or the simulator's labels; empty for none
   * @throws IllegalArgumentException when no record is a shadow one or none is the active model's
   */
  public static Result of(Collection<RiskDecision> decisions, List<SessionLabel> labels) {
    List<RiskDecision> sessionRecords = new ArrayList<>();
    for (RiskDecision d : decisions) {
      if (!d.getSessionId().startsWith("model:")) {
        sessionRecords.add(d);
      }
    }
    Side champion = side(sessionRecords, false);
    Side challenger = side(sessionRecords, true);
    if (challenger.records == 0 || champion.records == 0) {
      throw new IllegalArgumentException(
          (challenger.records == 0 ? "no shadow (challenger)" : "no active (champion)")
              + " decision among the "
              + sessionRecords.size()
              + " audit records of sessions read; publish a challenger with 'vigil publish-model"
              + " --shadow' and let it score live traffic, then compare again");
    }
    List<String> disagreeing = new ArrayList<>();
    Set<String> all = new TreeSet<>(champion.sessions.keySet());
    all.addAll(challenger.sessions.keySet());
    for (String s : all) {
      if (!champion.view(s).actions().equals(challenger.view(s).actions())) {
        disagreeing.add(s);
      }
    }
    if (labels.isEmpty()) {
      return new Result(champion, challenger, disagreeing, null, null, 0, null);
    }
    LabelJoin join = LabelJoin.toDecisions(labels, sessionRecords);
    if (join.matched().isEmpty()) {
      throw new IllegalArgumentException(
          "none of the "
              + labels.size()
              + " labels names a session or decision of these audit records; give the labels of"
              + " this run (vigil label writes them) or leave out --labels");
    }
    return new Result(
        champion,
        challenger,
        disagreeing,
        labelled(champion, join.matched()),
        labelled(challenger, join.matched()),
        labels.size(),
        join.describeUnmatched());
  }

  private static Side side(List<RiskDecision> records, boolean shadow) {
    Set<String> versions = new TreeSet<>();
    Map<String, double[]> max = new LinkedHashMap<>();
    Map<String, Set<String>> actions = new LinkedHashMap<>();
    Map<String, int[]> count = new LinkedHashMap<>();
    Map<String, Set<String>> commandIds = new TreeMap<>();
    int n = 0;
    for (RiskDecision d : records) {
      if (d.getShadow() != shadow) {
        continue;
      }
      n++;
      versions.add(d.getModelVersion());
      String s = d.getSessionId();
      max.computeIfAbsent(s, k -> new double[] {Double.NEGATIVE_INFINITY})[0] =
          Math.max(max.get(s)[0], d.getProbability());
      count.computeIfAbsent(s, k -> new int[1])[0]++;
      Set<String> a = actions.computeIfAbsent(s, k -> new TreeSet<>());
      if (a.contains(CommandAction.KILL.name())) {
        // Killed: the active model only repeats the kill now and then, the shadow model still says
        // what it would do; neither changes what happened to the session.
        continue;
      }
      for (String id : d.getCommandIds()) {
        String action = action(id);
        a.add(action);
        commandIds.computeIfAbsent(action, k -> new TreeSet<>()).add(id);
      }
    }
    Map<String, SessionView> sessions = new LinkedHashMap<>();
    max.forEach(
        (s, p) ->
            sessions.put(s, new SessionView(p[0], Set.copyOf(actions.get(s)), count.get(s)[0])));
    Map<String, Integer> byAction = new LinkedHashMap<>();
    for (CommandAction a : CommandAction.values()) {
      byAction.put(a.name(), commandIds.getOrDefault(a.name(), Set.of()).size());
    }
    commandIds.forEach((a, ids) -> byAction.putIfAbsent(a, ids.size()));
    return new Side(Set.copyOf(versions), n, sessions, byAction);
  }

  /** The action a command id names ({@code <event id>:<action>}), in the schema's spelling. */
  static String action(String commandId) {
    int colon = commandId.lastIndexOf(':');
    return commandId.substring(colon + 1).toUpperCase(Locale.ROOT);
  }

  static boolean disrupts(Set<String> actions) {
    return actions.contains(CommandAction.STEP_UP.name())
        || actions.contains(CommandAction.HOLD_WITHDRAWALS.name())
        || actions.contains(CommandAction.KILL.name());
  }

  private static Labelled labelled(Side side, List<SessionLabel> labels) {
    int compromised = 0;
    int actedOn = 0;
    int benign = 0;
    int killed = 0;
    int stepped = 0;
    List<Double> scores = new ArrayList<>();
    List<Boolean> positives = new ArrayList<>();
    for (SessionLabel l : labels) {
      SessionView v = side.sessions.get(l.sessionId());
      if (v == null || l.warmup() || l.attempt() || l.abuse()) {
        continue;
      }
      if (l.compromised()) {
        compromised++;
        actedOn += disrupts(v.actions) ? 1 : 0;
      } else if (l.benign()) {
        benign++;
        killed += v.actions.contains(CommandAction.KILL.name()) ? 1 : 0;
        stepped +=
            v.actions.contains(CommandAction.STEP_UP.name())
                    || v.actions.contains(CommandAction.HOLD_WITHDRAWALS.name())
                ? 1
                : 0;
      } else {
        continue;
      }
      scores.add(v.maxProbability);
      positives.add(l.compromised());
    }
    double[] p = scores.stream().mapToDouble(Double::doubleValue).toArray();
    boolean[] y = new boolean[p.length];
    for (int i = 0; i < y.length; i++) {
      y[i] = positives.get(i);
    }
    return new Labelled(
        compromised,
        actedOn,
        benign,
        killed,
        stepped,
        calibrationError(p, y),
        RankingMetrics.of(p, y));
  }

  /** Expected calibration error over 10 equal-width bins, each score weighing 1; NaN when none. */
  static double calibrationError(double[] p, boolean[] y) {
    if (p.length == 0) {
      return Double.NaN;
    }
    double[] sum = new double[10];
    int[] hits = new int[10];
    int[] n = new int[10];
    for (int i = 0; i < p.length; i++) {
      int b = Math.min(9, (int) (p[i] * 10));
      sum[b] += p[i];
      hits[b] += y[i] ? 1 : 0;
      n[b]++;
    }
    double ece = 0;
    for (int b = 0; b < 10; b++) {
      if (n[b] > 0) {
        ece += n[b] * Math.abs(sum[b] / n[b] - (double) hits[b] / n[b]);
      }
    }
    return ece / p.length;
  }
}
