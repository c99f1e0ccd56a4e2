package dev.vigil.train;

import java.util.Locale;

/** The few lines {@code vigil train} prints: what was injected, the weights and the metrics. */
final class Summary {
  private Summary() {}

  static String render(Trainer.Result r, double seconds) {
    StringBuilder b = new StringBuilder();
    CombinationFit.Fit f = r.fit();
    HeldOutMetrics m = f.metrics();
    b.append(
        String.format(
            Locale.ROOT,
            "history: %s events, %s sessions, %s accounts%n",
            r.provenance().path("history").path("events").asText(),
            r.provenance().path("history").path("sessions").asText(),
            r.provenance().path("history").path("accounts").asText()));
    var labels = r.provenance().path("labels");
    if (!labels.isNull() && !labels.isMissingNode()) {
      b.append(
          String.format(
              Locale.ROOT,
              "labels: %d of %d sessions matched the history (%d compromised, %d abuse, %d"
                  + " attempts)%n",
              labels.path("matched").asInt(),
              labels.path("sessions").asInt(),
              labels.path("compromised").asInt(),
              labels.path("abuse").asInt(),
              labels.path("attempts").asInt()));
    }
    b.append("injected: ").append(r.plan().injected()).append('\n');
    b.append(
        String.format(
            Locale.ROOT,
            "training: %d sessions (%d attacked); calibration: %d (%d attacked)%n",
            f.trainSessions(),
            f.trainAttacked(),
            f.calibrationSessions(),
            f.calibrationAttacked()));
    b.append("code weights:");
    for (int k = 0; k < f.weights().length; k++) {
      b.append(
          String.format(
              Locale.ROOT,
              " %s=%.3f%s",
              CombinationFit.code(k),
              f.weights()[k],
              f.fitted()[k] ? "" : "(kept)"));
    }
    b.append('\n');
    b.append(String.format(Locale.ROOT, "calibration: a=%.4f b=%.4f%n", f.a(), f.b()));
    var search = r.provenance().path("selection").path("decisionSearch");
    b.append(
        String.format(
            Locale.ROOT,
            "decision search (%d evaluations, training sessions, surrogate): acted on %d of %d"
                + " attacked (base %d), benign %d of %d (base %d)%n",
            search.path("evaluations").asInt(),
            search.path("best").path("acted").asInt(),
            search.path("best").path("attacked").asInt(),
            search.path("base").path("acted").asInt(),
            search.path("best").path("benignActedOn").asInt(),
            search.path("best").path("benign").asInt(),
            search.path("base").path("benignActedOn").asInt()));
    b.append("candidates (replayed on the held-out sessions; chosen: ")
        .append(r.provenance().path("selection").path("chosen").asText())
        .append("):\n");
    for (GuardedSelection.Outcome o : r.candidates()) {
      b.append("  ").append(o.describe()).append('\n');
    }
    for (GuardedSelection.Outcome o : r.candidates().subList(1, r.candidates().size())) {
      GuardedSelection.Candidate c = o.candidate();
      b.append(String.format(Locale.ROOT, "  %s: b=%.3f", c.name(), c.b()));
      for (int k = 0; k < c.weights().length; k++) {
        if (c.weights()[k] != 1.0) {
          b.append(String.format(Locale.ROOT, " %s=%.3f", CombinationFit.code(k), c.weights()[k]));
        }
      }
      b.append('\n');
    }
    b.append(
        String.format(
            Locale.ROOT,
            "held-out (%d sessions, %d attacked): ROC AUC %.4f (base model %.4f), log-loss %.4f,"
                + " calibration error %.4f%n",
            m.sessions(),
            m.attacked(),
            m.rocAuc(),
            m.baseRocAuc(),
            m.logLoss(),
            m.calibrationError()));
    b.append(String.format(Locale.ROOT, "took %.1f s", seconds));
    return b.toString();
  }
}
