package dev.vigil.train;

import dev.vigil.injection.InjectionConfig;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil train}: the trainer's own command line, run by the {@code vigil} launcher with the
 * trainer's class path (Smile stays off the job's). Conventions of {@code vigil}: errors are one
 * line naming the problem and the fix, {@code --stacktrace} adds the trace; exit 0 success, 1
 * failure, 2 usage error.
 */
@Command(
    name = "vigil train",
    description = {
      "Fit how the evidence terms combine (per-code weights, calibration map)",
      "on the exchange's own access log, with the simulator's attacks injected",
      "onto its accounts; writes a complete model file.",
      "See models/README.md, 'Training a model'."
    })
public final class TrainCli implements Callable<Integer> {
  static final int EXIT_FAILURE = 1;
  static final int EXIT_USAGE = 2;

  @Spec CommandSpec spec;

  @Option(
      names = "--history",
      required = true,
      paramLabel = "EVENTS.jsonl",
      description = "Access log, JSON lines (as 'vigil simulate' writes events.jsonl).")
  Path history;

  @Option(
      names = "--labels",
      paramLabel = "LABELS.jsonl",
      description = "Analysts' labels (labels.jsonl format); unlabelled sessions count as benign.")
  Path labels;

  @Option(
      names = "--base",
      paramLabel = "MODEL.json",
      description = "Base model (default: the built-in vigil-model.json).")
  Path base;

  @Option(names = "--seed", defaultValue = "1", description = "Seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--injection",
      paramLabel = "FILE",
      description = "Injection and fit settings (JSON; absent keys take the defaults).")
  Path injection;

  @Option(
      names = "--out",
      required = true,
      paramLabel = "MODEL.json",
      description = "Where to write the trained model.")
  Path out;

  @Option(
      names = "--no-progress",
      description = "No progress line (by default one every 5 s, or redrawn on a terminal).")
  boolean noProgress;

  @Option(names = "--stacktrace", description = "On error, print the full stack trace too.")
  boolean stacktrace;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      description = "Show this help and exit.")
  boolean help;

  @Override
  public Integer call() throws IOException {
    PrintWriter o = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    InjectionConfig cfg =
        injection == null ? InjectionConfig.defaults() : InjectionConfig.load(injection);
    long began = System.nanoTime();
    // Ctrl-C (SIGINT, SIGTERM) while training: one line of what ran, nothing under --out (the
    // model is written to a temporary name and renamed only when complete); the JVM exits 130.
    Thread interrupted =
        new Thread(
            () -> {
              o.printf(
                  Locale.ROOT,
                  "vigil train: interrupted after %d s; nothing written to %s%n",
                  (System.nanoTime() - began) / 1_000_000_000L,
                  out);
              o.flush();
            },
            "vigil-train-interrupted");
    Runtime.getRuntime().addShutdownHook(interrupted);
    Trainer.Result r;
    try (TrainProgress progress = TrainProgress.shown(o, noProgress, System.console() != null)) {
      r = Trainer.train(new Trainer.Request(history, labels, base, seed, cfg), progress);
    } catch (RuntimeException e) {
      Runtime.getRuntime().removeShutdownHook(interrupted);
      throw e;
    }
    for (String w : r.warnings()) {
      err.println("vigil train: warning: " + w);
    }
    Path target = out.toAbsolutePath();
    if (target.getParent() != null) {
      Files.createDirectories(target.getParent());
    }
    Path partial = target.resolveSibling("." + target.getFileName() + ".partial");
    try {
      Files.write(partial, r.model());
      Files.move(
          partial, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } finally {
      Files.deleteIfExists(partial);
      Runtime.getRuntime().removeShutdownHook(interrupted);
    }
    o.println(Summary.render(r, (System.nanoTime() - began) / 1e9));
    o.printf(Locale.ROOT, "wrote %s (%s)%n", out, r.modelVersion());
    return 0;
  }

  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the command with the given streams; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    TrainCli root = new TrainCli();
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          err.println("vigil train: " + ex.getMessage());
          err.println("  (run 'vigil train --help' for usage)");
          err.flush();
          return EXIT_USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          boolean ours = ex instanceof IllegalArgumentException && ex.getMessage() != null;
          err.println(
              "vigil train: "
                  + (ours
                      ? ex.getMessage()
                      : ex.getClass().getSimpleName()
                          + (ex.getMessage() == null ? "" : ": " + ex.getMessage())));
          if (root.stacktrace) {
            ex.printStackTrace(err);
          } else if (!ours) {
            err.println("  (add --stacktrace for details)");
          }
          err.flush();
          return EXIT_FAILURE;
        });
    return cli.execute(args);
  }
}
