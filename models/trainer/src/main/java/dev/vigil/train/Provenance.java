package dev.vigil.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.injection.AttackInjector;
import dev.vigil.injection.HistoryIndex;
import dev.vigil.injection.InjectionConfig;
import dev.vigil.train.EvidenceReplay.SessionRow;
import java.util.List;

/**
 * The {@code provenance} object of a trained model: where it came from, in a fixed key order and
 * with nothing from the clock or the host (file names, not paths), so that it does not break the
 * byte-identical output. The engine never reads it.
 */
final class Provenance {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Provenance() {}

  static ObjectNode of(
      Trainer.Request req,
      RiskModel base,
      HistoryIndex history,
      ObjectNode labels,
      InjectionConfig cfg,
      AttackInjector.Plan plan,
      List<SessionRow> training,
      CombinationFit.Fit fit) {
    ObjectNode p = JSON.createObjectNode();
    p.put("trainer", "vigil train");
    p.put("baseModel", base.modelVersion);
    p.put("seed", req.seed());
    ObjectNode h = p.putObject("history");
    h.put("file", req.history().getFileName().toString());
    h.put("from", Trainer.iso(history.firstTime()));
    h.put("to", Trainer.iso(history.lastTime()));
    h.put("trainingFrom", Trainer.iso(history.warmupEnd(cfg.warmupShare())));
    h.put("events", history.events());
    h.put("sessions", history.sessionCount());
    h.put("accounts", history.accountCount());
    if (labels == null) {
      p.putNull("labels");
    } else {
      p.set("labels", labels);
    }
    ObjectNode inj = cfg.toJson();
    ObjectNode done = inj.putObject("injected");
    plan.injected().forEach(done::put);
    ObjectNode skipped = inj.putObject("skipped");
    plan.skipped().forEach(skipped::put);
    inj.put("careful", plan.attacks().stream().filter(AttackInjector.Injected::careful).count());
    p.set("injection", inj);
    ObjectNode t = p.putObject("training");
    t.put("sessions", training.size());
    t.put("attacked", training.stream().filter(r -> r.attacked).count());
    t.put("automated", training.stream().filter(r -> r.automated).count());
    t.put("trainSessions", fit.trainSessions());
    t.put("trainAttacked", fit.trainAttacked());
    t.put("calibrationSessions", fit.calibrationSessions());
    t.put("calibrationAttacked", fit.calibrationAttacked());
    t.put("minSupport", CombinationFit.MIN_SUPPORT);
    ArrayNode fitted = t.putArray("fittedCodes");
    ArrayNode kept = t.putArray("keptCodes");
    for (int k = 0; k < fit.fitted().length; k++) {
      (fit.fitted()[k] ? fitted : kept).add(CombinationFit.code(k));
    }
    ObjectNode m = p.putObject("heldOut");
    HeldOutMetrics hm = fit.metrics();
    m.put("sessions", hm.sessions());
    m.put("attacked", hm.attacked());
    TrainedModelWriter.putNumber(m, "rocAuc", hm.rocAuc());
    TrainedModelWriter.putNumber(m, "baseRocAuc", hm.baseRocAuc());
    TrainedModelWriter.putNumber(m, "logLoss", hm.logLoss());
    TrainedModelWriter.putNumber(m, "calibrationError", hm.calibrationError());
    m.put(
        "note",
        "measured on half of the held-out sessions at the injected share of attacked sessions;"
            + " the calibration map in the file is corrected to injection.targetBaseRate");
    p.put("smile", TrainedModelWriter.smileVersion() + " (LGPL-3.0)");
    return p;
  }
}
