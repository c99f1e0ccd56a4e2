package dev.vigil.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every figure of one {@code vigil bench} run, printed as text and written as JSON. Targets are
 * those of issue 13: full job at least 0.8 times the pass-through, p99 event-to-command latency at
 * most 20 ms at half the measured maximum, at most 1 KiB per live session and 4 KiB per account,
 * and 1,000,000 accounts with 2,000,000 live sessions within this machine's memory.
 */
public record BenchReport(
    BenchRunner.Options options,
    Map<String, Object> machine,
    Map<String, Object> settings,
    BenchTraffic.Produced produced,
    double produceSeconds,
    Duration simulatedWindow,
    ThroughputRun.Throughput passThrough,
    ThroughputRun.Throughput full,
    LatencyRun.Latency latency,
    StateFootprint.Footprint state,
    double totalSeconds) {

  static final double TARGET_RATIO = 0.8;
  static final double TARGET_P99_MS = 20;
  static final long TARGET_SESSION_BYTES = 1024;
  static final long TARGET_ACCOUNT_BYTES = 4096;
  static final long SCALE_ACCOUNTS = 1_000_000;
  static final long SCALE_SESSIONS = 2_000_000;

  public double ratio() {
    return full.eventsPerSecond() / passThrough.eventsPerSecond();
  }

  /** The p99 at the load closest to half the maximum, or NaN when it had no command. */
  public double p99AtHalf() {
    LatencyRun.Level best = null;
    for (LatencyRun.Level l : latency.levels()) {
      if (best == null || Math.abs(l.share() - 0.5) < Math.abs(best.share() - 0.5)) {
        best = l;
      }
    }
    return best == null ? Double.NaN : best.p99Ms();
  }

  public void print(PrintWriter out) {
    var f = new Fmt(out);
    f.line(
        "vigil bench: %,d events, %,d accounts, parallelism %d, state backend %s",
        produced.events(), options.accounts(), options.parallelism(), options.stateBackend());
    f.line(
        "Machine: %s cores, %s memory, %s, %s, heap %s; load average %s at the start (a shared"
            + " machine: other processes ran too)",
        machine.get("cores"),
        bytes(((Number) machine.get("memoryBytes")).doubleValue()),
        machine.get("os"),
        machine.get("jvm"),
        bytes(((Number) machine.get("maxHeapBytes")).doubleValue()),
        machine.get("loadAverage"));
    f.line("Settings:%s", userSettings().isEmpty() ? "" : " (--set " + userSettings() + ")");
    settings.forEach((k, v) -> f.line("  %-26s %s", k, v));
    f.line(
        "Traffic: the simulator (the demo's mix), %s of simulated time, produced to Kafka in %.1f s"
            + " before any timing (%,d refused by the parser)",
        Duration.ofMillis(produced.lastEventMs() - produced.firstEventMs()),
        produceSeconds,
        produced.rejected());
    f.line("");
    f.line("Throughput (bounded runs over the same records, after a warm-up run of each job)");
    f.line(
        "  %-14s %10s %9s %12s %10s %14s %8s",
        "job", "events/s", "seconds", "CPU s/M ev", "commands", "audit offsets", "dead");
    for (var t : List.of(passThrough, full)) {
      f.line(
          "  %-14s %,10.0f %9.1f %12.1f %,10d %,14d %,8d",
          t.job(),
          t.eventsPerSecond(),
          t.seconds(),
          t.cpuPerMillion(),
          t.commands(),
          t.decisions(),
          t.deadLetters());
    }
    f.line(
        "  full / pass-through: %.2fx (target >= %.1fx: %s)",
        ratio(), TARGET_RATIO, ratio() >= TARGET_RATIO ? "met" : "NOT met");
    f.line("");
    f.line("Event-to-command latency (input append time to command append time, broker clocks)");
    f.line(
        "  %-6s %11s %10s %8s %9s %8s %8s %9s %8s",
        "load",
        "offered/s",
        "sent",
        "seconds",
        "commands",
        "p50 ms",
        "p99 ms",
        "p99.9 ms",
        "max ms");
    for (var l : latency.levels()) {
      f.line(
          "  %5.0f%% %,11.0f %,10d %8.1f %,9d %8.0f %8.0f %9.0f %8.0f",
          l.share() * 100,
          l.offeredPerSecond(),
          l.sent(),
          l.seconds(),
          l.samples(),
          l.p50Ms(),
          l.p99Ms(),
          l.p999Ms(),
          l.maxMs());
    }
    f.line(
        "  p99 at 50%%: %.0f ms (target <= %.0f ms: %s); fewer than 1,000 commands make p99.9 the"
            + " maximum",
        p99AtHalf(), TARGET_P99_MS, p99AtHalf() <= TARGET_P99_MS ? "met" : "NOT met");
    f.line("");
    f.line("State (the job's own serializers, on this traffic's state at its end)");
    f.line(
        "  accounts %,d, live sessions %,d (idle under 1 h of event time)",
        state.accounts(), state.liveSessions());
    f.line(
        "  per account:      mean %,.0f B, p99 %,.0f, max %,.0f (+ %.0f B key; target <= %,d: %s)",
        state.accountBytes()[0],
        state.accountBytes()[1],
        state.accountBytes()[2],
        state.accountKeyBytes(),
        TARGET_ACCOUNT_BYTES,
        state.accountBytes()[2] <= TARGET_ACCOUNT_BYTES ? "met" : "NOT met at the max");
    f.line(
        "  per live session: mean %,.0f B, p99 %,.0f, max %,.0f (+ %.0f B key; target <= %,d: %s)",
        state.sessionBytes()[0],
        state.sessionBytes()[1],
        state.sessionBytes()[2],
        state.sessionKeyBytes(),
        TARGET_SESSION_BYTES,
        state.sessionBytes()[2] <= TARGET_SESSION_BYTES ? "met" : "NOT met at the max");
    f.line(
        "  heap (hashmap backend): %,.0f B per account, %,.0f B per session, map entries and keys"
            + " included",
        state.heapPerAccount(), state.heapPerSession());
    f.line(
        "  the latency job's last checkpoint: %s (%s backend, %,d events in)",
        latency.checkpointBytes() < 0 ? "none completed" : bytes(latency.checkpointBytes()),
        options.stateBackend(),
        latency.levels().stream().mapToLong(LatencyRun.Level::sent).sum());
    double heap = state.heapFor(SCALE_ACCOUNTS, SCALE_SESSIONS);
    double serial = state.serialisedFor(SCALE_ACCOUNTS, SCALE_SESSIONS);
    double memory = ((Number) machine.get("memoryBytes")).doubleValue();
    f.line(
        "  %,d accounts with %,d live sessions: heap %s (hashmap; twice that in -Xmx for the"
            + " collector and snapshots), serialised %s (RocksDB before block compression, on"
            + " disk); this machine has %s: %s",
        SCALE_ACCOUNTS,
        SCALE_SESSIONS,
        bytes(heap),
        bytes(serial),
        bytes(memory),
        heap * 2 <= memory
            ? "fits on the heap backend"
            : serial <= memory ? "fits with rocksdb, not on the heap" : "does NOT fit");
    f.line("");
    f.line("Took %.0f s.", totalSeconds);
    out.flush();
  }

  public Map<String, Object> toMap() {
    Map<String, Object> m = new LinkedHashMap<>();
    Map<String, Object> opts = new LinkedHashMap<>();
    opts.put("events", options.events());
    opts.put("accounts", options.accounts());
    opts.put("parallelism", options.parallelism());
    opts.put("stateBackend", options.stateBackend());
    opts.put("seed", options.seed());
    opts.put("set", userSettings());
    m.put("options", opts);
    m.put("machine", machine);
    m.put("settings", settings);
    m.put(
        "traffic",
        Map.of(
            "events", produced.events(),
            "rejected", produced.rejected(),
            "produceSeconds", produceSeconds,
            "simulatedWindowSeconds", simulatedWindow.toSeconds()));
    Map<String, Object> throughput = new LinkedHashMap<>();
    throughput.put("passThrough", throughput(passThrough));
    throughput.put("full", throughput(full));
    throughput.put("ratio", ratio());
    throughput.put("ratioTarget", TARGET_RATIO);
    m.put("throughput", throughput);
    List<Object> levels = new ArrayList<>();
    for (var l : latency.levels()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("load", l.share());
      x.put("offeredPerSecond", l.offeredPerSecond());
      x.put("sent", l.sent());
      x.put("seconds", l.seconds());
      x.put("commands", l.samples());
      x.put("p50Ms", nanToNull(l.p50Ms()));
      x.put("p99Ms", nanToNull(l.p99Ms()));
      x.put("p999Ms", nanToNull(l.p999Ms()));
      x.put("maxMs", nanToNull(l.maxMs()));
      levels.add(x);
    }
    Map<String, Object> lat = new LinkedHashMap<>();
    lat.put("levels", levels);
    lat.put("p99AtHalfMs", nanToNull(p99AtHalf()));
    lat.put("p99TargetMs", TARGET_P99_MS);
    m.put("latency", lat);
    Map<String, Object> st = new LinkedHashMap<>();
    st.put("accounts", state.accounts());
    st.put("liveSessions", state.liveSessions());
    st.put("accountBytes", summary(state.accountBytes()));
    st.put("sessionBytes", summary(state.sessionBytes()));
    st.put("accountKeyBytes", state.accountKeyBytes());
    st.put("sessionKeyBytes", state.sessionKeyBytes());
    st.put("heapBytesPerAccount", state.heapPerAccount());
    st.put("heapBytesPerSession", state.heapPerSession());
    st.put("latencyJobCheckpointBytes", latency.checkpointBytes());
    st.put("heapBytesAtScale", state.heapFor(SCALE_ACCOUNTS, SCALE_SESSIONS));
    st.put("serialisedBytesAtScale", state.serialisedFor(SCALE_ACCOUNTS, SCALE_SESSIONS));
    st.put("scaleAccounts", SCALE_ACCOUNTS);
    st.put("scaleSessions", SCALE_SESSIONS);
    m.put("state", st);
    m.put("totalSeconds", totalSeconds);
    return m;
  }

  /** The settings given with --set (the command key file is the benchmark's own). */
  List<String> userSettings() {
    return options.settings().stream()
        .filter(s -> !s.startsWith("commands.signing-key-file="))
        .toList();
  }

  public void writeJson(Path file) throws IOException {
    new ObjectMapper()
        .enable(SerializationFeature.INDENT_OUTPUT)
        .writeValue(file.toFile(), toMap());
  }

  private static Map<String, Object> throughput(ThroughputRun.Throughput t) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("events", t.events());
    m.put("seconds", t.seconds());
    m.put("eventsPerSecond", t.eventsPerSecond());
    m.put("cpuSeconds", t.cpuSeconds());
    m.put("cpuSecondsPerMillionEvents", t.cpuPerMillion());
    m.put("commands", t.commands());
    m.put("auditOffsets", t.decisions());
    m.put("deadLetters", t.deadLetters());
    return m;
  }

  private static Map<String, Object> summary(double[] s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("mean", s[0]);
    m.put("p99", s[1]);
    m.put("max", s[2]);
    return m;
  }

  private static Object nanToNull(double v) {
    return Double.isNaN(v) ? null : v;
  }

  static String bytes(double b) {
    if (b >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", b / (1L << 30));
    }
    if (b >= 1L << 20) {
      return String.format(Locale.ROOT, "%.1f MiB", b / (1L << 20));
    }
    return String.format(Locale.ROOT, "%,.0f B", b);
  }

  private record Fmt(PrintWriter out) {
    void line(String format, Object... args) {
      out.println(String.format(Locale.ROOT, format, args));
    }
  }
}
