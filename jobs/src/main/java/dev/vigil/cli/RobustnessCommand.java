package dev.vigil.cli;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.evaluation.RobustnessGrid;
import dev.vigil.evaluation.RobustnessRow;
import dev.vigil.evaluation.RobustnessTable;
import dev.vigil.sim.World;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil robustness}: one model over a grid of simulated worlds and seeds, one table. */
@Command(
    name = "robustness",
    description = {
      "Run a model over simulated worlds x seeds (each an in-memory simulation replayed through"
          + " the engine, as 'vigil simulate' + 'vigil evaluate') and print one row per world:"
          + " takeovers detected, careful takeovers detected, requests to action, benign sessions"
          + " killed and stepped up or held (warm-up included), bot sessions killed, abuse"
          + " throttled. Tuning worlds may be looked at while changing a model; held-out worlds"
          + " are for the final check."
    })
public final class RobustnessCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--worlds",
      defaultValue = "tuning",
      paramLabel = "tuning|held-out|all|NAME,...",
      description =
          "Which worlds (default ${DEFAULT-VALUE}): tuning = baseline, geoip-noisy,"
              + " mobile-first, never-cash-out, app-churn; held-out = cash-out-heavy, cloud-bots,"
              + " careful-attackers, travel-vpn-heavy; or names and world files, comma-separated.")
  String worlds;

  @Option(
      names = "--accounts",
      defaultValue = "3000",
      description = "Accounts per run (default ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--seeds",
      defaultValue = "1,2,3",
      split = ",",
      description = "Seeds, each a run per world (default ${DEFAULT-VALUE}).")
  List<Long> seeds;

  @Option(
      names = "--duration",
      defaultValue = "4h",
      converter = DurationConverter.class,
      description = "Evaluated window per run (default ${DEFAULT-VALUE}).")
  Duration duration;

  @Option(
      names = "--warmup",
      defaultValue = "5d",
      converter = DurationConverter.class,
      description = "Benign history before the window (default ${DEFAULT-VALUE}).")
  Duration warmup;

  @Option(
      names = "--automated-warmup",
      defaultValue = "6h",
      converter = DurationConverter.class,
      description = "Part of the warm-up in which bots run (default ${DEFAULT-VALUE}).")
  Duration automatedWarmup;

  @Option(
      names = "--threads",
      description = "Runs in parallel (default: the processors, at most 2).")
  Integer threads;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Score with this model file (default: the built-in default model).")
  Path model;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the rows as JSON.")
  Path json;

  @Override
  public Integer call() throws IOException {
    if (accounts < 1) {
      throw new ParameterException(spec.commandLine(), "--accounts must be at least 1");
    }
    if (duration.toMillis() < 1000) {
      throw new ParameterException(spec.commandLine(), "--duration must be at least 1s");
    }
    if (automatedWarmup.compareTo(warmup) > 0 || automatedWarmup.isNegative()) {
      throw new ParameterException(
          spec.commandLine(), "--automated-warmup must be between 0s and --warmup");
    }
    int n = threads != null ? threads : Math.min(2, Runtime.getRuntime().availableProcessors());
    if (n < 1) {
      throw new ParameterException(spec.commandLine(), "--threads must be at least 1");
    }
    if (json != null) {
      Preflight.outputFile(json, "--json"); // before the grid runs, not after
    }
    List<World> selected = World.select(worlds);
    RiskModel m = model == null ? RiskModelLoader.defaults() : ModelArgument.load(model, "--model");
    List<RobustnessRow> rows =
        RobustnessGrid.run(
            selected,
            new RobustnessGrid.Options(
                accounts,
                seeds,
                duration.toMillis(),
                warmup.toMillis(),
                automatedWarmup.toMillis(),
                n),
            m);
    PrintWriter w = spec.commandLine().getOut();
    w.print(RobustnessTable.render(rows));
    if (json != null) {
      try (PartialOutput o = PartialOutput.beside(json)) {
        Files.writeString(o.file(json), RobustnessTable.json(rows), StandardCharsets.UTF_8);
        o.commit();
      }
      w.println("rows: " + json);
    }
    w.flush();
    return 0;
  }
}
