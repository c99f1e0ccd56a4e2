package dev.vigil.job.risk;

import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.IngestStage;
import dev.vigil.job.ingest.IngestStreams;
import dev.vigil.job.outcome.OutcomeRecord;
import dev.vigil.job.outcome.OutcomeStage;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.SessionCommand;
import java.util.List;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Assembles the session risk job: the ingest stage (same code as {@code vigil ingest}, in-process),
 * the model broadcast, the gateways' outcomes when given ({@link OutcomeStage}), and the session
 * risk operator keyed by account, fed events and outcomes as {@link RiskInput}s. Sources are
 * arguments, so the streaming run (Kafka) and {@code vigil score} (a file) build the same graph;
 * sinks are attached by the caller to the returned {@link RiskStreams}.
 */
public final class RiskJob {
  public static final String NAME = "vigil-session-risk";

  private RiskJob() {}

  /**
   * @param inputs ingest sources (JSON logs, Avro events, or a file)
   * @param models the model topic, or null when the initial model is all there is (backtests)
   * @param initialModel the model JSON in force until the model topic says otherwise
   */
  public static RiskStreams build(
      StreamExecutionEnvironment env,
      List<IngestStage.NamedSource> inputs,
      Source<ModelUpdate, ?, ?> models,
      byte[] initialModel,
      IngestSettings ingestSettings,
      RiskSettings riskSettings) {
    return build(env, inputs, models, null, initialModel, ingestSettings, riskSettings);
  }

  /**
   * @param outcomes the gateways' outcomes ({@code vigil.enforcement-outcomes}), or null when the
   *     job runs without them; keyed by account with the events, into the same operator
   */
  public static RiskStreams build(
      StreamExecutionEnvironment env,
      List<IngestStage.NamedSource> inputs,
      Source<ModelUpdate, ?, ?> models,
      Source<OutcomeRecord, ?, ?> outcomes,
      byte[] initialModel,
      IngestSettings ingestSettings,
      RiskSettings riskSettings) {
    return build(env, inputs, models, outcomes, null, initialModel, ingestSettings, riskSettings);
  }

  /**
   * @param signals the exchange job's signals ({@code vigil.signals}, {@link
   *     SignalUpdateDeserializer}), or null; broadcast with the models ({@link ExchangeSignals})
   */
  public static RiskStreams build(
      StreamExecutionEnvironment env,
      List<IngestStage.NamedSource> inputs,
      Source<ModelUpdate, ?, ?> models,
      Source<OutcomeRecord, ?, ?> outcomes,
      Source<ModelUpdate, ?, ?> signals,
      byte[] initialModel,
      IngestSettings ingestSettings,
      RiskSettings riskSettings) {
    IngestStreams ingest = IngestStage.attach(env, inputs, ingestSettings);
    DataStream<RiskInput> keyed =
        ingest
            .events()
            .map(RiskInput::ofEvent)
            .returns(RiskInput.class)
            .uid("risk-input-events")
            .name("events");
    DataStream<DeadLetter> deadLetters = ingest.deadLetters();
    if (outcomes != null) {
      OutcomeStage.Streams o = OutcomeStage.attach(env, outcomes, ingestSettings);
      keyed =
          keyed.union(
              o.outcomes()
                  .map(RiskInput::ofOutcome)
                  .returns(RiskInput.class)
                  .uid("risk-input-outcomes")
                  .name("outcomes"));
      deadLetters = deadLetters.union(o.deadLetters());
    }
    DataStream<ModelUpdate> modelStream =
        models == null
            // No model topic (a backtest): the initial model is the one broadcast element, marked
            // as the job's own so that the signature gate lets it through.
            ? env.fromData(ModelUpdate.configured(ModelSlot.ACTIVE, initialModel))
                .uid("models-initial")
                .name("initial-model")
            : env.fromSource(models, alwaysIdle(), "model-updates").uid("models-source");
    if (signals != null) {
      modelStream =
          modelStream.union(
              env.fromSource(signals, alwaysIdle(), "exchange-signals").uid("signals-source"));
    }
    BroadcastStream<ModelUpdate> broadcast = modelStream.broadcast(SessionRiskFunction.MODELS);

    SingleOutputStreamOperator<SessionCommand> commands =
        keyed
            .keyBy(RiskInput::accountId)
            .connect(broadcast)
            .process(new SessionRiskFunction(riskSettings, initialModel))
            .uid("session-risk")
            .name("session-risk");
    return new RiskStreams(
        commands,
        commands.getSideOutput(SessionRiskFunction.DECISIONS),
        commands.getSideOutput(SessionRiskFunction.CAEP),
        deadLetters.union(commands.getSideOutput(SessionRiskFunction.REJECTED_MODELS)),
        commands.getSideOutput(CaseOrigins.TAG));
  }

  /**
   * The model topic is silent for days; it must not hold back the event-time clock of the operator
   * it feeds, so it declares itself idle and carries no watermarks.
   */
  private static WatermarkStrategy<ModelUpdate> alwaysIdle() {
    return WatermarkStrategy.forGenerator(
        ctx ->
            new WatermarkGenerator<>() {
              @Override
              public void onEvent(ModelUpdate event, long timestamp, WatermarkOutput output) {}

              @Override
              public void onPeriodicEmit(WatermarkOutput output) {
                output.markIdle();
              }
            });
  }
}
