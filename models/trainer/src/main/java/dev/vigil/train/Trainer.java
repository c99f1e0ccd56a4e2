package dev.vigil.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.LabelJoin;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.injection.AttackInjector;
import dev.vigil.injection.AttackLibrary;
import dev.vigil.injection.HistoryIndex;
import dev.vigil.injection.InjectionConfig;
import dev.vigil.train.EvidenceReplay.SessionRow;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code vigil train}: from the exchange's own access log, analysts' labels and injected attacks to
 * a model file whose {@code combination} is fitted (see {@link CombinationFit}) and whose other
 * sections are the base model's.
 *
 * <p>Steps: index the history (first pass), run the attack library and transplant it onto the
 * history's accounts ({@link AttackLibrary}, {@link AttackInjector}), replay history and attacks
 * through the engine with the base model collecting each session's evidence vector ({@link
 * EvidenceReplay}, second pass), fit the weights, replay again with them (third pass) and fit the
 * calibration map on the filter's log-odds, write ({@link TrainedModelWriter}). Sessions that start
 * in the warm-up part of the history only teach the profiles; sessions labelled as failed
 * credential attempts are left out. Deterministic: the same files and seed give the same bytes.
 */
public final class Trainer {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Everything a run needs. {@code labels}, {@code base} may be null. */
  public record Request(
      Path history, Path labels, Path base, long seed, InjectionConfig injection) {}

  /** The model's bytes, what was fitted and what the user should be warned about. */
  public record Result(
      byte[] model,
      String modelVersion,
      CombinationFit.Fit fit,
      AttackInjector.Plan plan,
      List<String> warnings,
      ObjectNode provenance,
      List<GuardedSelection.Outcome> candidates) {}

  private Trainer() {}

  public static Result train(Request req) {
    return train(req, new TrainProgress());
  }

  /**
   * As {@link #train(Request)}, reporting the stage and the events replayed on {@code progress}.
   */
  static Result train(Request req, TrainProgress progress) {
    List<String> warnings = new ArrayList<>();
    byte[] baseJson = baseBytes(req.base());
    RiskModel loaded;
    try {
      loaded = RiskModelLoader.parse(baseJson);
    } catch (ModelValidationException e) {
      throw new IllegalArgumentException(
          "base model "
              + (req.base() == null ? "(default)" : req.base())
              + ": "
              + e.getMessage()
              + "; fix that key (see models/artifacts/README.md)");
    }
    RiskModel raw = withoutCombination(baseJson);

    HistoryIndex history = HistoryIndex.of(req.history());
    Map<String, SessionLabel> labels = new HashMap<>();
    ObjectNode labelNode = null;
    if (req.labels() != null) {
      labelNode = labels(req.labels(), history, labels, warnings);
    }

    InjectionConfig cfg = req.injection();
    long from = history.warmupEnd(cfg.warmupShare());
    int human = 0;
    int automated = 0;
    for (HistoryIndex.SessionSpan s : history.sessionsFrom(from)) {
      if (s.automated()) {
        automated++;
      } else {
        human++;
      }
    }
    if (human == 0 || automated == 0) {
      warnings.add(
          "the history has no "
              + (human == 0 ? "human" : "automated (API-key)")
              + " session after its warm-up part: attacks on that population are not injected"
              + " and the weights are fitted on the other population only");
    }
    List<AttackLibrary.Template> templates = AttackLibrary.generate(cfg.attacks(), req.seed());
    AttackInjector.Plan plan = AttackInjector.plan(history, templates, cfg, req.seed());
    plan.skipped()
        .forEach(
            (scenario, n) ->
                warnings.add(n + " " + scenario + " attack(s) not injected: no account fits"));

    // Every replay reads the history and the injected attacks: the unfitted model once, then four
    // candidates, and the base model too unless its combination is the identity.
    long perReplay = history.events();
    for (AttackInjector.Injected a : plan.attacks()) {
      perReplay += a.events().size();
    }
    int replays = loaded.combination.isIdentity() ? 5 : 6;
    progress.stage("replaying the history with the injected attacks", perReplay * replays);
    List<SessionRow> training =
        Candidates.rows(
            EvidenceReplay.run(req.history(), plan.attacks(), raw, labels, from, progress), from);
    long attacked = training.stream().filter(r -> r.attacked).count();
    if (attacked == 0) {
      throw new IllegalArgumentException(
          "no attacked session to learn from: nothing was injected and no label marks a"
              + " compromise; raise the counts under 'attacks' in --injection");
    }
    Candidates.Selection selection =
        Candidates.select(req, baseJson, loaded, plan, labels, from, training, cfg, progress);
    CombinationFit.Fit fit = selection.fit();
    if (selection.chosen() == 0) {
      warnings.add(
          "no fitted candidate beat the base model within the guard rails on the held-out"
              + " history; the written model keeps the base model's combination (see the"
              + " candidates above)");
    }
    reach(fit, loaded, warnings);
    ObjectNode combination = combination(fit);
    ObjectNode provenance =
        Provenance.of(req, loaded, history, labelNode, cfg, plan, training, fit);
    provenance.set("selection", selection.toJson());
    byte[] model = TrainedModelWriter.write(baseJson, combination, provenance);
    String version = RiskModelLoader.parse(model).modelVersion;
    return new Result(model, version, fit, plan, warnings, provenance, selection.outcomes());
  }

  /**
   * Warns when the calibration map cannot reach a threshold of the base policy within the filter's
   * clamp: with a slope below 1 (session sums that overlap more than the filter's log-odds suggest)
   * the largest probability may stay below killEnter, and the trained model would then never kill.
   */
  private static void reach(CombinationFit.Fit fit, RiskModel base, List<String> warnings) {
    double top =
        dev.vigil.core.probability.CompromiseFilter.probability(
            fit.a() * base.filter.maxAbsLogOdds + fit.b());
    for (double[] t : new double[][] {{base.policy.killEnter, 0}, {base.policy.stepUpEnter, 1}}) {
      if (top < t[0]) {
        warnings.add(
            String.format(
                java.util.Locale.ROOT,
                "the calibration map (a=%.3f, b=%.3f) reaches at most P=%.3f at the filter's clamp"
                    + " of %.0f nats, below %s %.2f: the trained model can never %s; review"
                    + " before publishing",
                fit.a(),
                fit.b(),
                top,
                base.filter.maxAbsLogOdds,
                t[1] == 0 ? "killEnter" : "stepUpEnter",
                t[0],
                t[1] == 0 ? "kill" : "step up"));
        break;
      }
    }
  }

  private static ObjectNode combination(CombinationFit.Fit fit) {
    ObjectNode c = JSON.createObjectNode();
    ObjectNode w = c.putObject("codeWeights");
    for (int k = 0; k < fit.weights().length; k++) {
      w.put(CombinationFit.code(k), TrainedModelWriter.round(fit.weights()[k]));
    }
    ObjectNode cal = c.putObject("calibration");
    cal.put("a", TrainedModelWriter.round(fit.a()));
    cal.put("b", TrainedModelWriter.round(fit.b()));
    return c;
  }

  private static ObjectNode labels(
      Path file, HistoryIndex history, Map<String, SessionLabel> into, List<String> warnings) {
    List<SessionLabel> all = EvaluationFiles.readLabels(file);
    // The history holds no decisions: a label on a decision id alone cannot be placed.
    LabelJoin join = LabelJoin.of(all, history::hasSession, Map.of());
    int matched = join.matched().size();
    int compromised = 0;
    int abuse = 0;
    int attempts = 0;
    for (SessionLabel l : join.matched()) {
      into.put(l.sessionId(), l);
      compromised += l.compromised() ? 1 : 0;
      abuse += l.abuse() ? 1 : 0;
      attempts += l.attempt() ? 1 : 0;
    }
    if (matched == 0) {
      throw new IllegalArgumentException(
          "labels file "
              + file
              + ": none of its "
              + all.size()
              + " sessions is in the history; give the labels of this access log (same session"
              + " ids) or leave out --labels");
    }
    ObjectNode n = JSON.createObjectNode();
    n.put("file", file.getFileName().toString());
    n.put("sessions", all.size());
    n.put("matched", matched);
    n.put("compromised", compromised);
    n.put("abuse", abuse);
    n.put("attempts", attempts);
    n.put("unmatched", join.unmatched().size());
    ArrayNode ids = n.putArray("unmatchedIds");
    join.unmatched().stream().limit(100).forEach(ids::add);
    String unmatched = join.describeUnmatched();
    if (unmatched != null) {
      warnings.add(unmatched + " in the history; they are left out of the fit");
    }
    return n;
  }

  private static byte[] baseBytes(Path base) {
    if (base == null) {
      try (InputStream in =
          RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
        return in.readAllBytes();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    try {
      return Files.readAllBytes(base);
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("base model " + base + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read base model " + base + ": " + e.getMessage());
    }
  }

  /** The base model as replayed: its own combination removed, so vectors hold the raw terms. */
  private static RiskModel withoutCombination(byte[] baseJson) {
    try {
      ObjectNode n = (ObjectNode) JSON.readTree(baseJson);
      n.remove("combination");
      return RiskModelLoader.parse(JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String iso(long t) {
    return Instant.ofEpochMilli(t).toString();
  }

  static ArrayNode array() {
    return JSON.createArrayNode();
  }
}
