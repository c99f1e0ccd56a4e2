package dev.vigil.cli;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.volume.SeriesScorer;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil series --input FILE.csv}: scores a {@code timestamp,value} series with the
 * volumetric detector and writes {@code timestamp,value,score}, so analysts can backtest it on any
 * metric.
 */
@Command(
    name = "series",
    description =
        "Score a timestamp,value CSV with the volumetric detector; writes timestamp,value,score.")
public final class SeriesCommand implements Callable<Integer> {
  @Option(
      names = "--input",
      required = true,
      description = "CSV of timestamp,value (epoch ms or ISO-8601).")
  Path input;

  @Option(
      names = {"--out", "--output"},
      description =
          "Where to write the scored CSV (default: standard output; --output is the old spelling).")
  Path output;

  @Option(
      names = "--model",
      description = "Model file (default: the built-in models/artifacts/vigil-model.json).")
  Path model;

  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    RiskModel m;
    try {
      m = model == null ? RiskModelLoader.defaults() : RiskModelLoader.load(model);
    } catch (ModelValidationException e) {
      throw new IllegalArgumentException("model file " + model + " is invalid: " + e.getMessage());
    } catch (UncheckedIOException e) {
      throw new IllegalArgumentException("cannot read model file " + model + "; check --model");
    }
    Preflight.inputFile(input, "--input");
    if (spec.commandLine().getParseResult().originalArgs().stream()
        .anyMatch(a -> a.equals("--output") || a.startsWith("--output="))) {
      spec.commandLine()
          .getErr()
          .println(
              "vigil: note: --output is the old spelling of --out and goes in the next release");
    }
    if (output != null) {
      Preflight.outputFile(output, "--out");
    }
    try (PartialOutput staged = output == null ? null : PartialOutput.beside(output)) {
      try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
          Writer out =
              output == null
                  ? new NonClosingWriter(spec.commandLine().getOut())
                  : Files.newBufferedWriter(staged.file(output), StandardCharsets.UTF_8)) {
        SeriesScorer.score(in, out, m.volume);
      }
      if (staged != null) {
        staged.commit();
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file " + e.getFile() + " does not exist; check --input");
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          input + ": " + e.getMessage() + "; fix the line and rerun");
    }
    return 0;
  }

  /** Standard output belongs to the CLI: flushed, never closed. */
  private static final class NonClosingWriter extends java.io.FilterWriter {
    NonClosingWriter(Writer out) {
      super(out);
    }

    @Override
    public void close() throws IOException {
      flush();
    }
  }
}
