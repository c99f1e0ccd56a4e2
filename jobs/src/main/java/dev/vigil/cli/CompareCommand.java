package dev.vigil.cli;

import dev.vigil.evaluation.ComparisonCharts;
import dev.vigil.evaluation.ComparisonTable;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.ModelComparison;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil compare}: two models backtested on the same labelled traffic, side by side. */
@Command(
    name = "compare",
    description = {
      "Backtest two models on the same events (each with engine states of its own, one pass"
          + " over the file) and print one table, A, B and B - A: takeovers acted on in time and"
          + " median requests and seconds to action per scenario, benign sessions killed and"
          + " stepped up or held per population (warm-up included), bot sessions killed and"
          + " disrupted, per-event calibration error, session ROC and PR AUC, commands by action.",
      "Needs the labels written with the events (vigil simulate writes both)."
    })
public final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "FILE|default",
      description =
          "Give it twice: A (e.g. the active model, or 'default'), then B (the candidate).")
  List<String> models;

  @Option(
      names = "--events",
      required = true,
      paramLabel = "FILE",
      description = "Access-log JSON lines in time order (events.jsonl of vigil simulate).")
  Path events;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description = "labels.jsonl written with the events (required: see the description).")
  Path labels;

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
  Path json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write comparison.txt, .csv and .json there, and PNG charts: takeovers acted on in"
              + " time, benign actions per population, per-event reliability.")
  Path out;

  @Override
  public Integer call() throws IOException {
    if (models.size() != 2) {
      throw new ParameterException(
          spec.commandLine(),
          "give --model exactly twice (got "
              + models.size()
              + "): A, the model to compare against (a file or 'default'), then B, the candidate");
    }
    if (labels == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--labels is required: compare scores both models against the labels written with the"
              + " events (vigil simulate writes labels.jsonl beside events.jsonl); injecting"
              + " attacks into unlabelled traffic is not supported yet");
    }
    if (!Files.isRegularFile(events)) {
      throw new IllegalArgumentException(
          "events file " + events + " does not exist; check --events");
    }
    ModelComparison.Result r =
        ModelComparison.run(
            events,
            EvaluationFiles.readLabels(labels),
            candidate(models.get(0)),
            candidate(models.get(1)));
    PrintWriter w = spec.commandLine().getOut();
    String table = ComparisonTable.render(r);
    w.print(table);
    if (json != null) {
      Files.writeString(json, ComparisonTable.json(r), StandardCharsets.UTF_8);
      w.println("json: " + json);
    }
    if (out != null) {
      Files.createDirectories(out);
      Files.writeString(out.resolve("comparison.txt"), table, StandardCharsets.UTF_8);
      Files.writeString(
          out.resolve("comparison.csv"), ComparisonTable.csv(r), StandardCharsets.UTF_8);
      Files.writeString(
          out.resolve("comparison.json"), ComparisonTable.json(r), StandardCharsets.UTF_8);
      ComparisonCharts.write(r, out);
      w.println("table: " + out.resolve("comparison.txt") + " (and .csv, .json; charts beside it)");
    }
    w.flush();
    return 0;
  }

  static ModelComparison.Candidate candidate(String spec) {
    String name =
        ModelArgument.DEFAULT.equals(spec) ? spec : Path.of(spec).getFileName().toString();
    return new ModelComparison.Candidate(name, ModelArgument.load(spec, "--model"));
  }
}
