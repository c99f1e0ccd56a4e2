package dev.vigil.job.config;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.risk.RiskSettings;
import dev.vigil.signing.TrustedKeys;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExecutionOptions;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.StateBackendOptions;

/** Turns a {@link JobConfig} into the typed settings of each part of the job. */
public final class JobSettings {
  private JobSettings() {}

  public static IngestSettings ingest(JobConfig c) {
    IngestSettings d = IngestSettings.defaults();
    return new IngestSettings(
        d.maxRecordBytes(),
        c.duration("ingest.max-clock-skew").toMillis(),
        c.duration("ingest.max-event-age").toMillis(),
        c.duration("ingest.max-out-of-orderness"),
        c.duration("ingest.idle-timeout"),
        c.bool("dead-letter.keep-raw"));
  }

  public static RiskSettings risk(JobConfig c) {
    double medium = c.number("caep.risk-band.medium", 0, 1);
    double high = c.number("caep.risk-band.high", 0, 1);
    if (!(medium < high)) {
      throw new IllegalArgumentException("caep.risk-band.medium must be below caep.risk-band.high");
    }
    String trustedModelKeys = c.optional("models.trusted-keys");
    // Fail on the client, in one line, rather than in every task's open(): the files are read
    // again there (public keys, so nothing secret enters the job graph either way).
    TrustedKeys.load(trustedModelKeys);
    return new RiskSettings(
        c.number("risk.audit-min-probability-change", 0, 1),
        c.duration("risk.session-state-ttl"),
        c.duration("risk.account-state-ttl"),
        c.duration("risk.default-idle-timeout"),
        medium,
        high,
        c.optional("commands.key-file"),
        c.optional("commands.key-env"),
        c.bool("commands.require-signature"),
        c.bool("caep.enabled"),
        c.string("caep.issuer"),
        c.optional("caep.audience"),
        c.optional("caep.key-file"),
        c.optional("caep.key-env"),
        trustedModelKeys,
        c.bool("models.allow-unsigned"),
        c.optional("commands.signing-key-file"),
        c.optional("commands.signing-key-env"),
        c.bool("commands.hmac-legacy-form"),
        c.integer("risk.max-sessions-per-account", 16, 1_000_000),
        c.bool("audit.pseudonymise"),
        c.optional("audit.pseudonym-key-file"),
        c.optional("audit.pseudonym-key-env"),
        dev.vigil.core.engine.IssueClock.WALL);
  }

  /** The model JSON in force at start: the configured file, validated, or the default. */
  public static byte[] initialModel(JobConfig c) {
    String file = c.optional("risk.model-file");
    try {
      if (file == null) {
        try (InputStream in =
            RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
          return in.readAllBytes();
        }
      }
      byte[] json = Files.readAllBytes(Path.of(file));
      RiskModelLoader.parse(json);
      return json;
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(
          "model file " + file + " does not exist (risk.model-file)");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Whether checkpoints stay in JobManager memory: {@code checkpoint.dir} empty (tests, {@code
   * vigil score}, the demo) or {@code jobmanager}.
   */
  public static boolean inJobManager(JobConfig c) {
    String dir = c.optional("checkpoint.dir");
    return dir == null || dir.equals("jobmanager");
  }

  /** One line for the operator: where checkpoints go and whether they survive a cancel. */
  public static String checkpointsDescribed(JobConfig c) {
    if (inJobManager(c)) {
      return "JobManager memory (lost with the job; at most 5 MiB of state)";
    }
    return checkpointUri(c.string("checkpoint.dir"))
        + (c.bool("checkpoint.retain-on-cancellation")
            ? ", the last one retained on cancellation"
            : ", deleted on cancellation");
  }

  /** A URI as given ({@code s3://...}, {@code file:///...}); a plain path made absolute. */
  static String checkpointUri(String dir) {
    if (dir.contains("://") || dir.startsWith("file:")) {
      return dir;
    }
    return Path.of(dir).toAbsolutePath().normalize().toUri().toString();
  }

  /**
   * Flink settings: checkpoints, state backend, restarts, the network buffer timeout, then Flink's
   * own keys as given.
   */
  public static Configuration flink(JobConfig c) {
    Configuration conf = new Configuration();
    conf.set(CheckpointingOptions.CHECKPOINTING_INTERVAL, c.duration("checkpoint.interval"));
    if (!inJobManager(c)) {
      conf.set(
          CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointUri(c.string("checkpoint.dir")));
      conf.set(
          CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
          c.bool("checkpoint.retain-on-cancellation")
              ? ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION
              : ExternalizedCheckpointRetention.DELETE_ON_CANCELLATION);
    }
    String backend = c.choice("state.backend", "hashmap", "rocksdb");
    conf.set(StateBackendOptions.STATE_BACKEND, backend);
    if (backend.equals("rocksdb")) {
      conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, c.bool("state.incremental"));
    }
    conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS,
        c.integer("restart.attempts", 0, 1_000_000));
    conf.set(
        RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, c.duration("restart.delay"));
    conf.set(ExecutionOptions.BUFFER_TIMEOUT, c.duration("network.buffer-timeout"));
    // Flink's own keys (JobConfig.FLINK_PREFIXES) last: an operator's restart-strategy.type or
    // state.backend.type wins over what Vigil's keys above derive.
    conf.addAll(Configuration.fromMap(c.flinkSettings()));
    return conf;
  }
}
