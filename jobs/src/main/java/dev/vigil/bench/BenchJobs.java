package dev.vigil.bench;

import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.IngestStage;
import dev.vigil.job.ingest.IngestStreams;
import dev.vigil.job.risk.RiskInput;
import dev.vigil.job.risk.RiskJob;
import dev.vigil.job.risk.RiskPipeline;
import dev.vigil.job.risk.RiskStreams;
import dev.vigil.job.risk.SessionRiskFunction;
import dev.vigil.schema.SessionCommand;
import java.util.List;
import java.util.Properties;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The benchmark's three job graphs, each assembled from the production pieces ({@link
 * RiskPipeline#inputs}, {@link IngestStage}, {@link RiskJob}, {@link RiskPipeline#attachSinks}) so
 * that they differ only where the benchmark says:
 *
 * <ul>
 *   <li>{@link #passThrough}: the Kafka source, Avro decoding and validation, the keyBy by account,
 *       and the four sinks with their delivery guarantees; the keyed operator writes one audit
 *       record per event instead of scoring ({@link PassThroughFunction}). Bounded.
 *   <li>{@link #full}: the session risk job over the same records, the model broadcast holding the
 *       configured model (as {@code vigil score}: no model topic). Bounded.
 *   <li>{@link #live}: the production job exactly ({@link RiskPipeline#build}), for latency.
 * </ul>
 */
public final class BenchJobs {
  private BenchJobs() {}

  /**
   * An environment with the job's Flink settings (checkpoints, state backend, restarts).
   *
   * @param bounded a bounded run: no final checkpoint once the input ends, so the job finishes when
   *     its last record is out rather than at the next checkpoint (up to an interval later)
   */
  public static StreamExecutionEnvironment environment(JobConfig cfg, boolean bounded) {
    Configuration conf = JobSettings.flink(cfg);
    if (bounded) {
      conf.set(CheckpointingOptions.ENABLE_CHECKPOINTS_AFTER_TASKS_FINISH, false);
    }
    StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(conf);
    env.setParallelism(cfg.integer("parallelism", 1, 4096));
    env.getConfig().enableObjectReuse();
    return env;
  }

  public static void passThrough(StreamExecutionEnvironment env, Properties client, JobConfig cfg)
      throws Exception {
    RiskPipeline.applyMaxParallelism(env, cfg);
    IngestSettings ingest = JobSettings.ingest(cfg);
    IngestStreams in =
        IngestStage.attach(env, RiskPipeline.inputs(client, cfg, ingest, true), ingest);
    SingleOutputStreamOperator<SessionCommand> pass =
        in.events()
            .map(RiskInput::ofEvent)
            .returns(RiskInput.class)
            .uid("risk-input-events")
            .name("events")
            .keyBy(RiskInput::accountId)
            .process(new PassThroughFunction())
            .uid("pass-through")
            .name("pass-through");
    RiskPipeline.attachSinks(
        new RiskStreams(
            pass,
            pass.getSideOutput(SessionRiskFunction.DECISIONS),
            pass.getSideOutput(SessionRiskFunction.CAEP),
            in.deadLetters()),
        client,
        cfg);
  }

  public static void full(StreamExecutionEnvironment env, Properties client, JobConfig cfg)
      throws Exception {
    RiskPipeline.applyMaxParallelism(env, cfg);
    IngestSettings ingest = JobSettings.ingest(cfg);
    List<IngestStage.NamedSource> inputs = RiskPipeline.inputs(client, cfg, ingest, true);
    RiskStreams streams =
        RiskJob.build(
            env, inputs, null, JobSettings.initialModel(cfg), ingest, JobSettings.risk(cfg));
    RiskPipeline.attachSinks(streams, client, cfg);
  }

  public static void live(StreamExecutionEnvironment env, Properties client, JobConfig cfg)
      throws Exception {
    RiskPipeline.build(env, client, cfg);
  }
}
