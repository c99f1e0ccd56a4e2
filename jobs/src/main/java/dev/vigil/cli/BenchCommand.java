package dev.vigil.cli;

import dev.vigil.bench.BenchReport;
import dev.vigil.bench.BenchRunner;
import dev.vigil.runtime.TempFolders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code vigil bench}: the session risk job against a pass-through job on an embedded broker and a
 * local Flink cluster, its latency under load and its state, in one run ({@link BenchRunner}).
 */
@Command(
    name = "bench",
    description = {
      "Measure the session risk job on this machine against a pass-through job over the same",
      "records (throughput, CPU per million events), its event-to-command latency at 25, 50 and",
      "75 percent of its maximum, and its state per account and session. Embedded Kafka, local Flink;",
      "figures printed, and written with --json FILE."
    })
public final class BenchCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--events",
      defaultValue = "2000000",
      description = "Simulated events in each measured run (default: ${DEFAULT-VALUE}).")
  long events;

  @Option(
      names = "--accounts",
      defaultValue = "10000",
      description = "Simulated accounts (default: ${DEFAULT-VALUE}).")
  int accounts;

  @Option(
      names = "--parallelism",
      defaultValue = "2",
      description = "Parallelism of the jobs (default: ${DEFAULT-VALUE}).")
  int parallelism;

  @Option(
      names = "--state-backend",
      defaultValue = "hashmap",
      description = "hashmap (heap) or rocksdb (default: ${DEFAULT-VALUE}).")
  String stateBackend;

  @Option(
      names = "--seed",
      defaultValue = "1",
      description = "Traffic seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description =
          "A job setting for every job of the run (vigil-job.properties), e.g. --set"
              + " network.buffer-timeout=100ms to see what a setting trades; repeatable.")
  List<String> set = new java.util.ArrayList<>();

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Also write every figure to this JSON file.")
  Path json;

  @Option(
      names = "--no-progress",
      description = "No stage lines while it measures (the report is printed all the same).")
  boolean noProgress;

  @Override
  public Integer call() throws Exception {
    Preflight.require(
        events >= 1_000 && events <= 100_000_000,
        "--events must be between 1000 and 100000000, e.g. --events 2000000");
    Preflight.require(
        accounts >= 10 && accounts <= 10_000_000,
        "--accounts must be between 10 and 10000000, e.g. --accounts 10000");
    Preflight.require(
        parallelism >= 1 && parallelism <= 64,
        "--parallelism must be between 1 and 64, e.g. --parallelism 2");
    Preflight.require(
        stateBackend.equals("hashmap") || stateBackend.equals("rocksdb"),
        "--state-backend takes hashmap or rocksdb; got '" + stateBackend + "'");
    if (json != null) {
      Preflight.outputFile(json, "--json");
    }
    // Refused here, in one line, rather than when the first job is built minutes later.
    dev.vigil.job.config.JobConfig.load(null, set);
    PrintWriter out = spec.commandLine().getOut();
    Path work = Files.createTempDirectory("vigil-bench-");
    Thread cleanup = new Thread(() -> TempFolders.deleteTree(work), "vigil-bench-cleanup");
    Runtime.getRuntime().addShutdownHook(cleanup);
    try {
      DemoKeys keys = DemoKeys.create(work);
      BenchReport report =
          BenchRunner.run(
              new BenchRunner.Options(
                  events, accounts, parallelism, stateBackend, seed, settings(keys)),
              work,
              noProgress ? new PrintWriter(java.io.Writer.nullWriter()) : out);
      out.println();
      report.print(out);
      if (json != null) {
        report.writeJson(json);
        out.println("Figures written to " + json);
      }
      out.flush();
      return 0;
    } finally {
      TempFolders.deleteTree(work);
      try {
        Runtime.getRuntime().removeShutdownHook(cleanup);
      } catch (IllegalStateException shuttingDown) {
        // the hook deletes the folder
      }
    }
  }

  private List<String> settings(DemoKeys keys) {
    List<String> all = new java.util.ArrayList<>();
    all.add("commands.signing-key-file=" + keys.commandPrivate());
    all.addAll(set);
    return all;
  }
}
