package dev.vigil.evaluation;

import dev.vigil.core.model.RiskModel;
import dev.vigil.schema.AccessEvent;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Backtests two models on the same labelled traffic, in one pass over the events file: each event
 * is scored by both, each model with engine states of its own ({@link Backtest}), so the two see
 * exactly the same requests in the same order. What {@code vigil compare} prints and what the
 * publish guard ({@link PublishGuard}) judges.
 *
 * <p>Counting follows {@code vigil robustness}: a STEP_UP, HOLD_WITHDRAWALS or KILL acts on a
 * takeover, and warm-up sessions count among the benign ones (a model that kills owners in the
 * history must show it). Memory: each model's states plus 20 bytes per event (see {@link
 * Backtest}).
 */
public final class ModelComparison {
  /** A model and the name to show it by (its file, or {@code default}). */
  public record Candidate(String name, RiskModel model) {}

  /** Both outcomes, A first. */
  public record Result(int labelledSessions, ModelOutcome a, ModelOutcome b) {}

  private ModelComparison() {}

  /**
   * @param events access-log JSON lines (as {@code vigil simulate} writes them), in time order
   * @param labels the labels written with those events
   * @throws IllegalArgumentException when the file cannot be read or no labelled session occurs in
   *     it (the labels belong to other events)
   */
  public static Result run(Path events, List<SessionLabel> labels, Candidate a, Candidate b) {
    return run(
        sink -> EventLines.forEach(events, "events", sink::accept),
        "events file " + events,
        labels,
        a,
        b);
  }

  /**
   * As above, on any traffic in time order (e.g. a file with attacks injected).
   *
   * @param traffic replays the events, in order, to the consumer it is given
   * @param source what the traffic is, for the error when no labelled session occurs in it
   */
  public static Result run(
      Consumer<Consumer<AccessEvent>> traffic,
      String source,
      List<SessionLabel> labels,
      Candidate a,
      Candidate b) {
    Backtest ba = new Backtest(a.model());
    Backtest bb = new Backtest(b.model());
    Set<String> labelled = new HashSet<>();
    labels.forEach(l -> labelled.add(l.sessionId()));
    int[] matched = {0};
    Set<String> seen = new HashSet<>();
    traffic.accept(
        e -> {
          ba.score(e);
          bb.score(e);
          if (labelled.contains(e.getSessionId()) && seen.add(e.getSessionId())) {
            matched[0]++;
          }
        });
    if (!labels.isEmpty() && matched[0] == 0) {
      throw new IllegalArgumentException(
          "none of the "
              + labels.size()
              + " labelled sessions occurs in "
              + source
              + "; pass the labels.jsonl written with these events");
    }
    return new Result(
        labels.size(),
        OutcomeCounter.count(a.name(), a.model().modelVersion, ba, labels),
        OutcomeCounter.count(b.name(), b.model().modelVersion, bb, labels));
  }
}
