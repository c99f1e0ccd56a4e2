package dev.vigil.train;

import dev.vigil.evaluation.PublishGuard;
import dev.vigil.train.EvidenceReplay.SessionRow;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Chooses which fitted combination {@code vigil train} writes: each candidate is replayed through
 * the engine over the history with the injected attacks, and judged on the held-out sessions (the
 * ones no weight was fitted on) by the guard rails of {@code vigil publish-model} ({@link
 * PublishGuard}) against the base model replayed the same way, then by takeovers acted on in time.
 *
 * <p>Why: a logistic fit of session evidence sums maximises the likelihood of the injected labels,
 * not what an exchange pays for. On a world the base model does not know it can step up most
 * trading bots (a fail-over is a new network for a bot as for a thief) while scoring better by ROC
 * AUC (models/README.md, "Trained against the default"). The rails are what the publish guard would
 * refuse, so the trainer refuses them first, on the history it has: no candidate may kill more
 * benign sessions than the base model, step up or hold a share of them larger by more than {@link
 * PublishGuard#STEP_UP_TOLERANCE}, or disrupt more benign automated (API-key) sessions. Among the
 * candidates that pass, the one acting in time on the most attacked sessions wins; ties go to fewer
 * benign sessions disrupted, then to the candidate listed first (the base model is listed first,
 * and the others in order of distance from it). The base model always passes, so the written model
 * is never worse than the base on the rails as measured here; measured here means on this history's
 * held-out share (40% of the sessions by default), with the counts printed.
 */
final class GuardedSelection {
  /** One candidate: code weights per ordinal and the calibration map. */
  record Candidate(String name, double[] weights, double a, double b) {}

  /** A candidate's held-out counts and the rails it broke (empty when it passes). */
  record Outcome(
      Candidate candidate,
      int benign,
      int benignKilled,
      int benignDisrupted,
      int automatedBenign,
      int automatedDisrupted,
      int attacked,
      int actedInTime,
      List<String> failures) {

    double benignDisruptedRate() {
      return benign == 0 ? 0 : benignDisrupted / (double) benign;
    }

    boolean passes() {
      return failures.isEmpty();
    }

    String describe() {
      return String.format(
          Locale.ROOT,
          "%-18s takeovers in time %d/%d, benign killed %d, stepped up or held %d (%.2f%%) of %d,"
              + " automated disrupted %d of %d%s",
          candidate.name(),
          actedInTime,
          attacked,
          benignKilled,
          benignDisrupted,
          100 * benignDisruptedRate(),
          benign,
          automatedDisrupted,
          automatedBenign,
          failures.isEmpty() ? "" : "  refused: " + String.join("; ", failures));
    }
  }

  private GuardedSelection() {}

  /** Counts {@code rows} (one candidate's replay) over the held-out sessions. */
  static Outcome measure(Candidate c, List<SessionRow> rows, long seed, double heldOutShare) {
    int benign = 0;
    int killed = 0;
    int disrupted = 0;
    int automated = 0;
    int automatedDisrupted = 0;
    int attacked = 0;
    int inTime = 0;
    for (SessionRow r : rows) {
      if (CombinationFit.part(seed, r.id, heldOutShare) == 0) {
        continue;
      }
      if (r.attacked) {
        attacked++;
        inTime += r.actedInTime ? 1 : 0;
      } else {
        benign++;
        killed += r.killed ? 1 : 0;
        disrupted += r.disrupted ? 1 : 0;
        if (r.automated) {
          automated++;
          automatedDisrupted += r.disrupted ? 1 : 0;
        }
      }
    }
    return new Outcome(
        c, benign, killed, disrupted, automated, automatedDisrupted, attacked, inTime, List.of());
  }

  /** {@code candidate} judged against {@code base} by the publish guard's three rails. */
  static Outcome judge(Outcome base, Outcome candidate) {
    List<String> failures = new ArrayList<>();
    if (candidate.benignKilled() > base.benignKilled()) {
      failures.add(
          "benign killed " + candidate.benignKilled() + " > base's " + base.benignKilled());
    }
    double rise = candidate.benignDisruptedRate() - base.benignDisruptedRate();
    if (rise > PublishGuard.STEP_UP_TOLERANCE + 1e-12) {
      failures.add(
          String.format(Locale.ROOT, "benign step-up/hold +%.2f pp over the base's", 100 * rise));
    }
    if (candidate.automatedDisrupted() > base.automatedDisrupted()) {
      failures.add(
          "automated disrupted "
              + candidate.automatedDisrupted()
              + " > base's "
              + base.automatedDisrupted());
    }
    return new Outcome(
        candidate.candidate(),
        candidate.benign(),
        candidate.benignKilled(),
        candidate.benignDisrupted(),
        candidate.automatedBenign(),
        candidate.automatedDisrupted(),
        candidate.attacked(),
        candidate.actedInTime(),
        List.copyOf(failures));
  }

  /**
   * The index of the chosen outcome: {@code judged.get(0)} is the base model's; the others have
   * been through {@link #judge}.
   */
  static int choose(List<Outcome> judged) {
    int best = 0;
    for (int i = 1; i < judged.size(); i++) {
      Outcome o = judged.get(i);
      Outcome b = judged.get(best);
      if (!o.passes()) {
        continue;
      }
      if (o.actedInTime() > b.actedInTime()
          || (o.actedInTime() == b.actedInTime() && o.benignDisrupted() < b.benignDisrupted())) {
        best = i;
      }
    }
    return best;
  }
}
