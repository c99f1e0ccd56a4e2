package dev.vigil.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.volume.FairAccessLimits;
import dev.vigil.evaluation.FairAccessReplay;
import dev.vigil.schema.FairAccessLimitsFile;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code vigil limits}: fair-access rate limits from observed traffic. */
@Command(
    name = "limits",
    description = "Recommend fair-access rate limits from the traffic of an access log.",
    subcommands = {LimitsCommand.Recommend.class})
public final class LimitsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /**
   * {@code vigil limits recommend --input EVENTS.jsonl --out limits.json [--labels FILE]
   * [--quantile Q] [--headroom H] [--model FILE]}: each session's peak request rate per endpoint
   * role over a sliding 10 s window, and per (population, role) the {@code quantile} of those peaks
   * times {@code headroom} as a {@code SET_RATE_LIMIT} default, with its basis ({@link
   * FairAccessLimits}). The burst written is the limit times the window: a token bucket of that
   * rate and capacity never refuses a session whose every 10 s window holds at most limit x 10 s
   * requests (for any interval of length t such a session sends at most limit x (10 s + t)). The
   * file's format is {@link FairAccessLimitsFile}, which the gateway's enforcer reads as its
   * defaults ({@code vigil enforce --limits}, {@code FairAccessDefaults}).
   */
  @Command(
      name = "recommend",
      description =
          "Print and write per-(population, endpoint role) rate limits: the quantile of per-session"
              + " 10 s peak rates times a headroom, with its basis.")
  static final class Recommend implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--input",
        required = true,
        description = "Access-log JSON lines, e.g. vigil simulate's events.jsonl.")
    Path input;

    @Option(names = "--out", required = true, description = "Where to write the limits (JSON).")
    Path out;

    @Option(
        names = "--labels",
        description =
            "labels.jsonl (session.id, population, label): sessions' populations, and abuse left"
                + " out of the basis (default: populations api_key and interactive by auth).")
    Path labels;

    @Option(
        names = "--quantile",
        defaultValue = "0.999",
        description = "Quantile of per-session peaks, in (0, 1] (default: ${DEFAULT-VALUE}).")
    double quantile;

    @Option(
        names = "--headroom",
        defaultValue = "1.5",
        description = "Factor on the quantile, at least 1 (default: ${DEFAULT-VALUE}).")
    double headroom;

    @Option(
        names = "--model",
        description = "Model file whose endpoint roles name the endpoints (default: built-in).")
    Path model;

    @Override
    public Integer call() throws IOException {
      Preflight.require(
          quantile > 0 && quantile <= 1,
          "--quantile must be in (0, 1], e.g. 0.999; got " + quantile);
      Preflight.require(
          headroom >= 1 && !Double.isInfinite(headroom),
          "--headroom must be at least 1, e.g. 1.5; got " + headroom);
      Preflight.inputFile(input, "--input");
      if (labels != null) {
        Preflight.inputFile(labels, "--labels");
      }
      Preflight.outputFile(out, "--out");
      FairAccessLimits limits = FairAccessReplay.replay(input, labels, roles());
      List<FairAccessLimits.Limit> rows = limits.recommend(quantile, headroom);
      try (PartialOutput staged = PartialOutput.beside(out)) {
        new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .writeValue(staged.file(out).toFile(), file(limits, rows));
        staged.commit();
      }
      print(limits, rows);
      return 0;
    }

    /** The file, in its one definition ({@link FairAccessLimitsFile}, read by the enforcer). */
    private FairAccessLimitsFile file(FairAccessLimits limits, List<FairAccessLimits.Limit> rows) {
      List<FairAccessLimitsFile.Limit> out = new ArrayList<>();
      for (FairAccessLimits.Limit l : rows) {
        out.add(
            new FairAccessLimitsFile.Limit(
                l.population(),
                l.role().wireName(),
                FairAccessLimitsFile.ACTION,
                round(l.limitRps()),
                burst(l.limitRps()),
                new FairAccessLimitsFile.Basis(
                    l.sessions(),
                    l.quantile(),
                    round(l.quantileRps()),
                    round(l.observedMaxRps()),
                    l.headroom())));
      }
      return new FairAccessLimitsFile(
          new FairAccessLimitsFile.Method(
              FairAccessLimits.WINDOW_MS / 1000.0,
              quantile,
              headroom,
              labels == null ? "auth (api_key, interactive)" : "labels",
              limits.sessionCount(),
              limits.excludedCount()),
          out);
    }

    private void print(FairAccessLimits limits, List<FairAccessLimits.Limit> rows) {
      PrintWriter o = spec.commandLine().getOut();
      o.printf(
          Locale.ROOT,
          "%,d sessions (%,d left out as labelled attacks or abuse); peak over %d s windows;"
              + " limit = p%s x %s%n",
          limits.sessionCount(),
          limits.excludedCount(),
          FairAccessLimits.WINDOW_MS / 1000,
          trim(100 * quantile),
          trim(headroom));
      o.printf(
          Locale.ROOT,
          "%-14s %-18s %9s %12s %12s %12s %7s%n",
          "population",
          "role",
          "sessions",
          "quantile/s",
          "max/s",
          "limit/s",
          "burst");
      for (FairAccessLimits.Limit l : rows) {
        o.printf(
            Locale.ROOT,
            "%-14s %-18s %,9d %12.2f %12.2f %12.2f %,7d%n",
            l.population(),
            l.role().wireName(),
            l.sessions(),
            l.quantileRps(),
            l.observedMaxRps(),
            l.limitRps(),
            burst(l.limitRps()));
      }
      o.printf("wrote %d limits to %s%n", rows.size(), out);
      o.flush();
    }

    private static int burst(double rps) {
      return (int) Math.max(1, Math.ceil(rps * FairAccessLimits.WINDOW_MS / 1000.0));
    }

    private static double round(double v) {
      return Math.round(v * 1000.0) / 1000.0;
    }

    private static String trim(double v) {
      return v == Math.rint(v) ? Long.toString((long) v) : Double.toString(round(v));
    }

    private EndpointRoles roles() {
      try {
        RiskModel m = model == null ? RiskModelLoader.defaults() : RiskModelLoader.load(model);
        return m.evidence.roles;
      } catch (ModelValidationException e) {
        throw new IllegalArgumentException(
            "model file " + model + " is invalid: " + e.getMessage());
      } catch (UncheckedIOException e) {
        throw new IllegalArgumentException("cannot read model file " + model + "; check --model");
      }
    }
  }
}
