package dev.vigil.cli;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.volume.SeriesScorer;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

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
      names = "--output",
      description = "Where to write the scored CSV (default: standard output).")
  Path output;

  @Option(
      names = "--model",
      description = "Model file (default: the built-in models/artifacts/vigil-model.json).")
  Path model;

  @Override
  public Integer call() {
    try {
      RiskModel m = model == null ? RiskModelLoader.defaults() : RiskModelLoader.load(model);
      try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
          Writer out =
              output == null
                  ? new OutputStreamWriter(System.out, StandardCharsets.UTF_8)
                  : Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
        SeriesScorer.score(in, out, m.volume);
      }
      return 0;
    } catch (NoSuchFileException e) {
      System.err.println(
          "vigil series: file not found: " + e.getFile() + " (check the --input/--model path)");
    } catch (ModelValidationException e) {
      System.err.println("vigil series: invalid model file: " + e.getMessage());
    } catch (IllegalArgumentException e) {
      System.err.println(
          "vigil series: " + input + ": " + e.getMessage() + " (fix the line and rerun)");
    } catch (IOException | UncheckedIOException e) {
      System.err.println("vigil series: cannot read or write: " + e.getMessage());
    }
    return 2;
  }
}
