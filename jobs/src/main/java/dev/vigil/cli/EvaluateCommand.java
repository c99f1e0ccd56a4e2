package dev.vigil.cli;

import dev.vigil.evaluation.Evaluation;
import dev.vigil.evaluation.EvaluationReport;
import dev.vigil.evaluation.ReportTable;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil evaluate}: scores Vigil's commands against the simulator's labels. */
@Command(
    name = "evaluate",
    description = {
      "Score session commands against simulator labels: detection rate and time to action per"
          + " attack scenario, false actions per benign population, throttle vs kill on abuse,"
          + " and calibration when decisions are given. Writes report.json and PNG charts."
    })
public final class EvaluateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--labels",
      required = true,
      paramLabel = "FILE",
      description = "labels.jsonl from vigil simulate.")
  Path labels;

  @Option(
      names = "--commands",
      required = true,
      paramLabel = "FILE",
      description = "SessionCommand JSON, one per line (e.g. from vigil consume).")
  Path commands;

  @Option(
      names = "--decisions",
      paramLabel = "FILE",
      description = "RiskDecision JSON, one per line: adds the reliability table and ECE.")
  Path decisions;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where report.json and the charts go (default: the directory of --commands).")
  Path out;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write the report (report.json) to this file.")
  Path json;

  @Override
  public Integer call() throws IOException {
    if (json != null) {
      Preflight.outputFile(json, "--json");
    }
    Preflight.inputFile(labels, "--labels");
    Preflight.inputFile(commands, "--commands");
    if (decisions != null) {
      Preflight.inputFile(decisions, "--decisions");
    }
    Path dir =
        Preflight.outputFolder(out != null ? out : commands.toAbsolutePath().getParent(), "--out");
    EvaluationReport report = Evaluation.run(labels, commands, decisions, dir);
    if (json != null) {
      try (PartialOutput copy = PartialOutput.beside(json)) {
        Files.copy(dir.resolve("report.json"), copy.file(json));
        copy.commit();
      }
    }
    PrintWriter w = spec.commandLine().getOut();
    w.print(ReportTable.render(report));
    w.println();
    w.println("report: " + dir.resolve("report.json") + " (charts beside it)");
    w.flush();
    return 0;
  }
}
