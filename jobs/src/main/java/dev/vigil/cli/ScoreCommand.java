package dev.vigil.cli;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.job.cases.CaseFiles;
import dev.vigil.job.cases.CaseStageSettings;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.risk.Backtest;
import dev.vigil.job.risk.FileBacktest;
import dev.vigil.job.risk.RiskSettings;
import dev.vigil.runtime.LocalCounters;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.PlainJson;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.JobListener;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Backtests: the session risk job, bounded, from a file of access logs to files of results. */
@Command(
    name = "score",
    description = {
      "Run the session risk job on a file of JSON access logs (history) and write",
      "commands.jsonl, decisions.jsonl, dead-letter.jsonl, cases.jsonl and findings.jsonl;",
      "--model scores with a candidate."
    })
public final class ScoreCommand implements Callable<Integer> {
  private static final Duration STOP = Duration.ofSeconds(20);

  @Spec CommandSpec spec;
  @Mixin JobConfigOptions config;

  @Option(names = "--input", required = true, paramLabel = "FILE", description = "JSON lines.")
  Path input;

  @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder.")
  Path out;

  @Option(
      names = "--no-progress",
      description = "No progress line (by default one every 5 s, or redrawn on a terminal).")
  boolean noProgress;

  @Option(
      names = "--model",
      paramLabel = "FILE",
      description = "Score with this model instead of the configured one.")
  Path model;

  @Option(
      names = "--flink",
      hidden = true,
      description =
          "Run the job on a local Flink cluster (the reference the file backtest matches).")
  boolean onFlink;

  @Override
  public Integer call() throws Exception {
    Preflight.inputFile(input, "--input");
    JobConfig cfg = config.load();
    KeyPreflight.backtest(cfg); // before Flink starts, not in its tasks
    byte[] json = model == null ? JobSettings.initialModel(cfg) : readModel(model);
    boolean outIsNew = !Files.exists(out); // removed again unless the results go into it
    Preflight.outputFolder(out, "--out"); // before Flink starts, not after
    RiskSettings risk = JobSettings.risk(cfg);
    if (risk.commandKeyFile() == null
        && System.getenv(String.valueOf(risk.commandKeyEnv())) == null) {
      risk = risk.withUnsignedCommands(); // a backtest's commands go to a file, not a gateway
    }
    risk = risk.withoutCaep(); // tokens for identity providers make no sense for history
    Configuration flink = JobSettings.flink(cfg);
    int parallelism = cfg.integer("parallelism", 1, 64);
    PrintWriter console = spec.commandLine().getOut();
    long start = System.nanoTime();
    Backtest.Result result;
    long scored = -1; // events scored, when known
    Backtest.Progress progress = new Backtest.Progress();
    AtomicReference<JobClient> job = new AtomicReference<>();
    try (Interruption ctrlC =
            onFlink ? Interruption.start("score", console) : Interruption.watch("score", console);
        PartialOutput files = PartialOutput.in(out, outIsNew)) {
      if (!onFlink) {
        // The job's result without a cluster: one engine per subtask, accounts hashed to
        // subtasks as keyBy hashes them (FileBacktest).
        AtomicBoolean stopped = new AtomicBoolean();
        ctrlC.soFar(() -> soFar(progress.read()::get, progress) + "; nothing written to " + out);
        ctrlC.stop(() -> stopped.set(true));
        int maxParallelism = flink.get(PipelineOptions.MAX_PARALLELISM);
        FileBacktest.Result r;
        try (ProgressLine line =
            ProgressLine.start(
                console, "score", noProgress, elapsed -> soFar(progress.read()::get, progress))) {
          r =
              FileBacktest.run(
                  input,
                  json,
                  JobSettings.ingest(cfg),
                  risk,
                  parallelism,
                  maxParallelism > 0
                      ? maxParallelism
                      : KeyGroupRangeAssignment.computeDefaultMaxParallelism(parallelism),
                  // Two parsers per core: parsing is most of the work, and on a machine shared
                  // with other work a process gets CPU by runnable threads.
                  2 * Runtime.getRuntime().availableProcessors(),
                  progress,
                  stopped::get);
        }
        result = r.outputs();
        scored = r.events();
        write(files.file("commands.jsonl"), result.commands());
        write(files.file("decisions.jsonl"), result.decisions());
        write(files.file("dead-letter.jsonl"), result.deadLetters());
        writeCases(files, result, cfg);
        files.commit();
        return finish(start, result, scored);
      }
      // Flink's temporary files (its RPC jar, working and upload folders) in a folder of the
      // command's own, deleted at the end and on Ctrl-C, never loose in the system temp folder.
      String tmp = ctrlC.tmp().toAbsolutePath().toString();
      flink.set(CoreOptions.TMP_DIRS, tmp);
      flink.set(WebOptions.TMP_DIR, tmp);
      LocalCounters.enable(flink);
      StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(flink);
      env.setParallelism(parallelism);
      env.getConfig().enableObjectReuse();
      env.registerJobListener(submitted(job));
      ctrlC.soFar(
          () -> soFar(() -> recordsRead(job.get()), progress) + "; nothing written to " + out);
      ctrlC.stop(() -> cancel(job.get()));
      try (ProgressLine line =
          ProgressLine.start(
              console,
              "score",
              noProgress,
              elapsed -> soFar(() -> recordsRead(job.get()), progress))) {
        result = Backtest.run(env, input, json, JobSettings.ingest(cfg), risk, progress);
      }
      write(files.file("commands.jsonl"), result.commands());
      write(files.file("decisions.jsonl"), result.decisions());
      write(files.file("dead-letter.jsonl"), result.deadLetters());
      writeCases(files, result, cfg);
      files.commit();
    } finally {
      JobClient submitted = job.get();
      if (submitted != null) {
        LocalCounters.forget(submitted.getJobID().toString());
      }
    }
    return finish(start, result, scored);
  }

  /** The closing line, and a failure when nothing was scored. */
  private int finish(long start, Backtest.Result result, long scored) throws IOException {
    spec.commandLine()
        .getOut()
        .printf(
            "scored %s in %.1f s: %d commands, %d decisions, %d dead letters%s -> %s%n",
            input,
            (System.nanoTime() - start) / 1e9,
            result.commands().size(),
            result.decisions().size(),
            result.deadLetters().size(),
            byReason(result.deadLetters()),
            out);
    // Some event was scored and fewer lines were dead-lettered: no need to count the lines again.
    long lines = result.deadLetters().size() < scored ? Long.MAX_VALUE : nonBlankLines(input);
    if (lines == 0) {
      throw new RunFailure.Failed(
          input + " has no lines, nothing was scored; give --input a file of JSON access logs");
    }
    if (result.deadLetters().size() >= lines) {
      throw new RunFailure.Failed(
          "every line of "
              + input
              + " was dead-lettered"
              + byReason(result.deadLetters())
              + ", nothing was scored; see "
              + out.resolve("dead-letter.jsonl")
              + " for why, and give --input JSON access logs (one per line, as vigil simulate"
              + " writes them)");
    }
    return 0;
  }

  /** Records the job on Flink has read so far. */
  private static long recordsRead(JobClient job) {
    return job == null
        ? 0
        : LocalCounters.recordsIn(job.getJobID().toString(), "validate-and-split");
  }

  /** "40,112 records read, 3 commands, 5 decisions, 2 dead letters so far". */
  private static String soFar(LongSupplier recordsRead, Backtest.Progress progress) {
    // Outputs first, the input last: the job runs on while they are read, so read >= written.
    long commands = progress.commands().get();
    long decisions = progress.decisions().get();
    long deadLetters = progress.deadLetters().get();
    long read = recordsRead.getAsLong();
    return String.format(
        Locale.ROOT,
        "%,d records read, %,d commands, %,d decisions, %,d dead letters so far",
        read,
        commands,
        decisions,
        deadLetters);
  }

  private static JobListener submitted(AtomicReference<JobClient> job) {
    return new JobListener() {
      @Override
      public void onJobSubmitted(JobClient client, Throwable failure) {
        job.set(client);
      }

      @Override
      public void onJobExecuted(JobExecutionResult result, Throwable failure) {}
    };
  }

  /** On Ctrl-C: cancels the job and waits for it (its cluster stops with it), 20 s at most. */
  private static void cancel(JobClient job) {
    if (job == null) {
      return;
    }
    try {
      job.cancel().get(STOP.toMillis(), TimeUnit.MILLISECONDS);
      job.getJobExecutionResult().get(STOP.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      // stopping anyway
    }
  }

  /** " (oversized 2, clock_skew 1)", most frequent first; empty when there are none. */
  static String byReason(List<DeadLetter> deadLetters) {
    if (deadLetters.isEmpty()) {
      return "";
    }
    Map<String, Long> counts =
        deadLetters.stream()
            .collect(
                Collectors.groupingBy(
                    d -> d.getReason().name().toLowerCase(Locale.ROOT), Collectors.counting()));
    return counts.entrySet().stream()
        .sorted(
            Map.Entry.<String, Long>comparingByValue()
                .reversed()
                .thenComparing(Map.Entry.comparingByKey()))
        .map(e -> e.getKey() + " " + e.getValue())
        .collect(Collectors.joining(", ", " (", ")"));
  }

  private static long nonBlankLines(Path file) throws IOException {
    try (var lines = Files.lines(file, StandardCharsets.UTF_8)) {
      return lines.filter(l -> !l.isBlank()).count();
    } catch (java.io.UncheckedIOException e) {
      return Long.MAX_VALUE; // not UTF-8 text: the dead letters say why
    }
  }

  private static byte[] readModel(Path file) throws IOException {
    Preflight.inputFile(file, "--model");
    try {
      byte[] json = Files.readAllBytes(file);
      RiskModelLoader.parse(json);
      return json;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("model file " + file + " does not exist; check --model");
    } catch (ModelValidationException e) {
      throw new IllegalArgumentException("model file " + file + " is invalid: " + e.getMessage());
    }
  }

  /** cases.jsonl and findings.jsonl: the decisions' cases and OCSF findings (CaseFiles). */
  private static void writeCases(PartialOutput files, Backtest.Result result, JobConfig cfg)
      throws IOException {
    CaseFiles.write(
        CaseFiles.assemble(result.decisions(), result.caseOrigins(), CaseStageSettings.from(cfg)),
        files.file("cases.jsonl"),
        files.file("findings.jsonl"));
  }

  private static void write(Path file, List<? extends SpecificRecord> records) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      for (SpecificRecord r : records) {
        w.write(PlainJson.toJson(r));
        w.newLine();
      }
    }
  }
}
