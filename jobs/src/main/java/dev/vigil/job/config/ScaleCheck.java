package dev.vigil.job.config;

import dev.vigil.core.profile.AccountProfileMapper;
import dev.vigil.core.profile.SessionStateMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the configured checkpoint storage, state backend and heap can hold the configured scale
 * ({@code scale.expected-accounts}, {@code scale.sessions-per-account}); {@code vigil run} prints
 * each finding as a warning before it starts.
 *
 * <p>State is estimated from the formats' upper bounds: per account one profile ({@link
 * AccountProfileMapper#MAX_BYTES}) and per session its state ({@link SessionStateMapper#MAX_BYTES})
 * plus a 256-character id, serialised; on the heap backend {@value #HEAP_BYTES_PER_ACCOUNT} bytes
 * per account and {@value #HEAP_BYTES_PER_SESSION} per session (object and array headers, from the
 * field layout, models/README.md). Rules: checkpoints in JobManager memory fail past {@value
 * #JOBMANAGER_LIMIT_BYTES} bytes of state (Flink's {@code JobManagerCheckpointStorage} default
 * {@code maxStateSize}); the heap backend snapshots the whole state at every checkpoint, so above
 * {@value #ROCKSDB_ABOVE_BYTES} bytes RocksDB with incremental checkpoints is recommended (Flink
 * documentation, "State Backends": RocksDB for very large state, incremental checkpoints upload
 * only what changed); the heap backend needs twice its estimate in heap (headroom for the collector
 * and the copy-on-write snapshot).
 */
public final class ScaleCheck {
  static final long HEAP_BYTES_PER_ACCOUNT = 2_048;
  static final long HEAP_BYTES_PER_SESSION = 1_024;
  static final long JOBMANAGER_LIMIT_BYTES = 5L * 1024 * 1024;
  static final long ROCKSDB_ABOVE_BYTES = 1L << 30;
  private static final long SESSION_ID_BYTES = 258;

  private ScaleCheck() {}

  /**
   * The findings for {@code c}; {@code maxHeapBytes} is the heap the state will live in (this JVM's
   * for a local run), or 0 when unknown (a cluster's task managers), which skips the heap rule.
   */
  public static List<String> warnings(JobConfig c, long maxHeapBytes) {
    long accounts = c.integer("scale.expected-accounts", 1, Integer.MAX_VALUE);
    long sessions = c.integer("scale.sessions-per-account", 0, 1_000_000);
    long state =
        accounts
            * (AccountProfileMapper.MAX_BYTES
                + sessions * (SessionStateMapper.MAX_BYTES + SESSION_ID_BYTES));
    long heap = accounts * (HEAP_BYTES_PER_ACCOUNT + sessions * HEAP_BYTES_PER_SESSION);
    String backend = c.choice("state.backend", "hashmap", "rocksdb");
    String scale =
        String.format(
            Locale.ROOT,
            "%,d accounts x %d sessions: up to %s of state",
            accounts,
            sessions,
            size(state));
    List<String> out = new ArrayList<>();
    if (JobSettings.inJobManager(c) && state > JOBMANAGER_LIMIT_BYTES) {
      out.add(
          scale
              + ", but checkpoint.dir keeps checkpoints in JobManager memory (at most 5 MiB): set"
              + " checkpoint.dir to a durable URI (file:///shared/..., s3://...)");
    }
    if (backend.equals("hashmap") && state > ROCKSDB_ABOVE_BYTES) {
      out.add(
          scale
              + " on the heap backend, snapshotted whole at every checkpoint: use"
              + " state.backend=rocksdb with state.incremental=true above "
              + size(ROCKSDB_ABOVE_BYTES));
    }
    if (backend.equals("rocksdb") && !c.bool("state.incremental") && state > ROCKSDB_ABOVE_BYTES) {
      out.add(scale + " uploaded whole at every checkpoint: set state.incremental=true");
    }
    if (backend.equals("hashmap") && maxHeapBytes > 0 && 2 * heap > maxHeapBytes) {
      out.add(
          String.format(
              Locale.ROOT,
              "%,d accounts need about %s of heap on the heap backend (twice that with headroom),"
                  + " this JVM has %s: raise -Xmx (VIGIL_JAVA_OPTS) or use state.backend=rocksdb",
              accounts,
              size(heap),
              size(maxHeapBytes)));
    }
    return out;
  }

  static String size(long bytes) {
    if (bytes >= 1L << 30) {
      return String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30));
    }
    return String.format(Locale.ROOT, "%.1f MiB", bytes / (double) (1L << 20));
  }
}
