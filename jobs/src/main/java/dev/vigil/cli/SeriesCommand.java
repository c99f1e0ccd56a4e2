package dev.vigil.cli;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.volume.OnsetEvaluation;
import dev.vigil.core.volume.SeriesScorer;
import dev.vigil.core.volume.VolumeScorer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil series --input FILE.csv}: scores a {@code timestamp,value} series with the
 * volumetric detector ({@code OnsetDetector}: the score is an alarm at a change's onset) and writes
 * {@code timestamp,value,score,expected,deviation}, so analysts can backtest it on any metric; it
 * says which timestamp form it assumed, and how many alarms. {@code vigil series --evaluate} prints
 * the detector's figures on seeded labelled series against the classic baselines instead
 * (models/README.md, "Volumetric detector: alarms at onsets").
 */
@Command(
    name = "series",
    description =
        "Score a timestamp,value CSV with the volumetric detector; writes"
            + " timestamp,value,score,expected,deviation (score: an alarm at a change's onset).")
public final class SeriesCommand implements Callable<Integer> {
  private static final Pattern SEEDS = Pattern.compile("(\\d{1,6})(?:-(\\d{1,6}))?");

  @Option(
      names = "--input",
      description =
          "CSV of timestamp,value; timestamps in epoch seconds or milliseconds, ISO-8601 with or"
              + " without a zone (UTC if none), or 'YYYY-MM-DD HH:MM:SS'.")
  Path input;

  @Option(
      names = "--evaluate",
      description =
          "Instead of scoring a file, print the detector's figures on seeded labelled series"
              + " against the classic baselines (a Markdown table).")
  boolean evaluate;

  @Option(
      names = "--seeds",
      paramLabel = "FROM-TO",
      description = "Seeds of the labelled series for --evaluate (default: 11-30, held out).")
  String seeds;

  @Option(
      names = "--sum-minutes",
      paramLabel = "N",
      description =
          "For --evaluate: sum the per-minute series to one point per N minutes first (default: 1).")
  Integer sumMinutes;

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
    if (evaluate) {
      return evaluate(m);
    }
    if (seeds != null || sumMinutes != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--seeds and --sum-minutes go with --evaluate");
    }
    if (input == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "give --input FILE.csv (or --evaluate)");
    }
    Preflight.inputFile(input, "--input");
    Preflight.oldSpelling(spec, "--output", "--out");
    if (output != null) {
      Preflight.outputFile(output, "--out");
    }
    SeriesScorer.Summary summary;
    try (PartialOutput staged = output == null ? null : PartialOutput.beside(output)) {
      try (Reader in = Files.newBufferedReader(input, StandardCharsets.UTF_8);
          Writer out =
              output == null
                  ? new NonClosingWriter(spec.commandLine().getOut())
                  : Files.newBufferedWriter(staged.file(output), StandardCharsets.UTF_8)) {
        summary = SeriesScorer.score(in, out, m.volume);
      }
      if (staged != null) {
        staged.commit();
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("file " + e.getFile() + " does not exist; check --input");
    } catch (IllegalArgumentException e) {
      String fix = e.getMessage().contains("; ") ? "" : "; fix the line and rerun";
      throw new IllegalArgumentException(input + ": " + e.getMessage() + fix);
    }
    // the summary goes where the scored CSV does not
    PrintWriter say = output == null ? spec.commandLine().getErr() : spec.commandLine().getOut();
    say.println(summary(summary, output));
    say.flush();
    return 0;
  }

  static String summary(SeriesScorer.Summary s, Path output) {
    String form =
        s.timestamps() == null
            ? "no timestamps"
            : "timestamps read as " + s.timestamps().description();
    return String.format(
        Locale.ROOT,
        "vigil series: %,d points, %s; %,d alarm%s (score >= %.1f)%s",
        s.points(),
        form,
        s.alarms(),
        s.alarms() == 1 ? "" : "s",
        VolumeScorer.ALARM,
        output == null ? "" : "; wrote " + output);
  }

  private int evaluate(RiskModel m) {
    if (input != null || output != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--evaluate reads no --input and writes no --out; give one or the other");
    }
    long from = 11;
    long to = 30;
    if (seeds != null) {
      Matcher r = SEEDS.matcher(seeds.strip());
      if (!r.matches()
          || (r.group(2) != null && Long.parseLong(r.group(2)) < Long.parseLong(r.group(1)))) {
        throw new CommandLine.ParameterException(
            spec.commandLine(), "--seeds '" + seeds + "' is not FROM-TO (e.g. 1-10) or one seed");
      }
      from = Long.parseLong(r.group(1));
      to = r.group(2) == null ? from : Long.parseLong(r.group(2));
    }
    int minutes = sumMinutes == null ? 1 : sumMinutes;
    if (minutes < 1 || minutes > 1440) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "--sum-minutes must be 1-1440, not " + minutes);
    }
    List<OnsetEvaluation.Figures> rows = new ArrayList<>();
    for (OnsetEvaluation.Candidate c : OnsetEvaluation.candidates(m.volume)) {
      rows.add(OnsetEvaluation.evaluate(c, from, to, minutes));
    }
    PrintWriter out = spec.commandLine().getOut();
    out.print(OnsetEvaluation.table(rows));
    out.flush();
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
