package dev.vigil.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.injection.AttackInjector;
import dev.vigil.injection.InjectionConfig;
import dev.vigil.train.EvidenceReplay.SessionRow;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * The models {@code vigil train} chooses among, and their replays: the base model; the likelihood
 * fit's weights ({@link CombinationFit}) halfway from the base model's, in full, and in full with
 * its Platt map; and the decision search's weights and operating point ({@link DecisionSearch}).
 * Each is replayed through the engine over the history with the injected attacks ({@link
 * EvidenceReplay}) and the best within the guard rails is kept ({@link GuardedSelection}). Cost:
 * four replays of the history more than the single fit (five when the base model has a combination
 * of its own), two at a time on two threads; memory: two replays' engine states at once.
 */
final class Candidates {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Candidates() {}

  /** The candidates' fits, their judged outcomes (base first) and the index chosen. */
  record Selection(
      List<CombinationFit.Fit> fits,
      List<GuardedSelection.Outcome> outcomes,
      int chosen,
      DecisionSearch.Result search) {
    CombinationFit.Fit fit() {
      return fits.get(chosen);
    }

    ObjectNode toJson() {
      ObjectNode n = JSON.createObjectNode();
      n.put("chosen", outcomes.get(chosen).candidate().name());
      n.put(
          "rule",
          "held-out sessions; refused: more benign kills, benign step-up/hold share above the"
              + " base's by more than 0.1 pp, more benign automated sessions disrupted; then most"
              + " takeovers acted on in time");
      ObjectNode d = n.putObject("decisionSearch");
      d.put("evaluations", search.evaluations());
      d.put("shift", search.shift());
      for (String side : new String[] {"base", "best"}) {
        DecisionSearch.Score sc = side.equals("base") ? search.base() : search.best();
        ObjectNode o = d.putObject(side);
        o.put("attacked", sc.attacked());
        o.put("acted", sc.acted());
        o.put("benign", sc.benign());
        o.put("benignActedOn", sc.harmed());
        o.put("automated", sc.automated());
        o.put("automatedActedOn", sc.automatedHarmed());
      }
      ArrayNode a = n.putArray("candidates");
      for (GuardedSelection.Outcome o : outcomes) {
        ObjectNode c = a.addObject();
        c.put("name", o.candidate().name());
        c.put("attacked", o.attacked());
        c.put("actedInTime", o.actedInTime());
        c.put("benign", o.benign());
        c.put("benignKilled", o.benignKilled());
        c.put("benignSteppedUpOrHeld", o.benignDisrupted());
        c.put("automatedBenign", o.automatedBenign());
        c.put("automatedDisrupted", o.automatedDisrupted());
        ArrayNode f = c.putArray("refused");
        o.failures().forEach(f::add);
      }
      return n;
    }
  }

  /**
   * Fits the weights, builds the candidates between the base model and the full fit (half and full
   * weights, each with the identity map and with a fitted Platt map), replays each over the history
   * with the attacks, and keeps the best within the guard rails ({@link GuardedSelection}). Replays
   * run two at a time; each is independent, so the result does not depend on the threads.
   */
  static Selection select(
      Trainer.Request req,
      byte[] baseJson,
      RiskModel loaded,
      AttackInjector.Plan plan,
      Map<String, SessionLabel> labels,
      long from,
      List<SessionRow> training,
      InjectionConfig cfg,
      TrainProgress progress) {
    long seed = req.seed();
    progress.stage("fitting and replaying the candidate models", 0);
    CombinationFit.Weights full = CombinationFit.weights(training, cfg, seed);
    CombinationFit.Weights half = CombinationFit.shrunk(full, 0.5);
    DecisionSearch.Result found =
        DecisionSearch.search(training, full.fitted(), loaded, seed, cfg.heldOutShare());
    CombinationFit.Weights searched =
        new CombinationFit.Weights(
            found.weights(), full.fitted(), full.trainSessions(), full.trainAttacked());
    double[] identity = {1.0, 0.0};
    double[] searchedMap = {1.0, found.shift()};
    // Two waves of two replays: the full fit's replay gives the log-odds its Platt map is fitted
    // on.
    List<List<SessionRow>> first =
        replay(
            progress,
            req,
            plan,
            labels,
            from,
            List.of(
                withCombination(baseJson, full.weights(), identity),
                withCombination(baseJson, searched.weights(), searchedMap)));
    CombinationFit.Fit platt = CombinationFit.calibrate(full, training, first.get(0), cfg, seed);
    double[] plattMap = {platt.a(), platt.b()};
    List<List<SessionRow>> second =
        replay(
            progress,
            req,
            plan,
            labels,
            from,
            List.of(
                withCombination(baseJson, half.weights(), identity),
                withCombination(baseJson, full.weights(), plattMap)));

    double[] baseWeights = new double[EvidenceReplay.CODES];
    for (int k = 0; k < baseWeights.length; k++) {
      baseWeights[k] = loaded.combination.weight(EvidenceCode.byOrdinal(k));
    }
    double[] baseMap = {loaded.combination.calibrationA, loaded.combination.calibrationB};
    CombinationFit.Weights baseW =
        new CombinationFit.Weights(
            baseWeights,
            new boolean[baseWeights.length],
            full.trainSessions(),
            full.trainAttacked());
    List<SessionRow> baseRows =
        loaded.combination.isIdentity()
            ? training
            : replay(progress, req, plan, labels, from, List.of(loaded)).get(0);

    List<CombinationFit.Fit> fits =
        List.of(
            CombinationFit.calibrate(baseW, training, baseRows, cfg, seed, baseMap),
            CombinationFit.calibrate(half, training, second.get(0), cfg, seed, identity),
            CombinationFit.calibrate(full, training, first.get(0), cfg, seed, identity),
            CombinationFit.calibrate(full, training, second.get(1), cfg, seed, plattMap),
            CombinationFit.calibrate(searched, training, first.get(1), cfg, seed, searchedMap));
    List<String> names =
        List.of("base", "likelihood, half", "likelihood", "likelihood + platt", "decision search");
    List<List<SessionRow>> rows =
        List.of(baseRows, second.get(0), first.get(0), second.get(1), first.get(1));
    List<GuardedSelection.Outcome> outcomes = new ArrayList<>();
    for (int i = 0; i < fits.size(); i++) {
      CombinationFit.Fit f = fits.get(i);
      GuardedSelection.Outcome o =
          GuardedSelection.measure(
              new GuardedSelection.Candidate(names.get(i), f.weights(), f.a(), f.b()),
              rows.get(i),
              seed,
              cfg.heldOutShare());
      outcomes.add(i == 0 ? o : GuardedSelection.judge(outcomes.get(0), o));
    }
    return new Selection(fits, List.copyOf(outcomes), GuardedSelection.choose(outcomes), found);
  }

  /** Replays the history with the attacks through each model, two at a time. */
  private static List<List<SessionRow>> replay(
      TrainProgress progress,
      Trainer.Request req,
      AttackInjector.Plan plan,
      Map<String, SessionLabel> labels,
      long from,
      List<RiskModel> models) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.min(2, models.size()));
    try {
      List<Future<List<SessionRow>>> futures = new ArrayList<>();
      for (RiskModel m : models) {
        futures.add(
            pool.submit(
                () ->
                    rows(
                        EvidenceReplay.run(
                            req.history(), plan.attacks(), m, labels, Long.MAX_VALUE, progress),
                        from)));
      }
      List<List<SessionRow>> out = new ArrayList<>();
      for (Future<List<SessionRow>> f : futures) {
        out.add(f.get());
      }
      return out;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while replaying the history", e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw new IllegalStateException(e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  static List<SessionRow> rows(List<SessionRow> all, long from) {
    List<SessionRow> out = new ArrayList<>();
    for (SessionRow r : all) {
      if (r.first >= from && !r.excluded) {
        out.add(r);
      }
    }
    return out;
  }

  /** The base model with {@code weights} and the calibration map {@code ab}. */
  private static RiskModel withCombination(byte[] baseJson, double[] weights, double[] ab) {
    try {
      ObjectNode n = (ObjectNode) JSON.readTree(baseJson);
      ObjectNode c = n.putObject("combination");
      ObjectNode w = c.putObject("codeWeights");
      for (int k = 0; k < weights.length; k++) {
        w.put(CombinationFit.code(k), weights[k]);
      }
      ObjectNode cal = c.putObject("calibration");
      // Rounded as the model file writes them, so the replay is of the model that is written.
      cal.put("a", TrainedModelWriter.round(ab[0]));
      cal.put("b", TrainedModelWriter.round(ab[1]));
      return RiskModelLoader.parse(JSON.writeValueAsBytes(n));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
