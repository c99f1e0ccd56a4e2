package dev.vigil.job.exchange;

import dev.vigil.core.exchange.ExchangeSettings;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.IngestStage;
import dev.vigil.job.ingest.IngestStreams;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.ExchangeSignal;
import java.util.List;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * Assembles the exchange job: the ingest stage (the same decoding, validation, event-time
 * watermarks and dead letters as the session risk job), then one keyed operator per kind of subject
 * that spans accounts, each fed by a stateless fan-out of the events to their subjects:
 *
 * <ul>
 *   <li>{@code login-wave}: logins keyed by source network (/24, /48), AS and client fingerprint
 *       ({@code LoginWave});
 *   <li>{@code shared-address}: successful requests carrying a withdrawal address, keyed by it
 *       ({@code SharedAddress});
 *   <li>{@code shared-credential}: every request keyed by its session id and its API key id ({@code
 *       SharedCredential}).
 * </ul>
 *
 * Sources are arguments (Kafka in {@link ExchangePipeline}, anything in tests); sinks are attached
 * by the caller to the returned {@link ExchangeStreams}.
 */
public final class ExchangeJob {
  public static final String NAME = "vigil-exchange";

  private ExchangeJob() {}

  /**
   * @param model the model file (JSON) whose endpoint roles say which requests are logins
   */
  public static ExchangeStreams build(
      StreamExecutionEnvironment env,
      List<IngestStage.NamedSource> inputs,
      byte[] model,
      IngestSettings ingestSettings,
      ExchangeSettings settings) {
    IngestStreams ingest = IngestStage.attach(env, inputs, ingestSettings);
    DataStream<ExchangeSignal> signals = signals(ingest.events(), model, settings);
    return new ExchangeStreams(signals, ingest.deadLetters());
  }

  /** The detectors over validated events with event-time timestamps and watermarks. */
  public static DataStream<ExchangeSignal> signals(
      DataStream<AccessEvent> events, byte[] model, ExchangeSettings settings) {
    DataStream<ExchangeSignal> waves =
        events
            .flatMap(new SubjectFanOut.Logins(model))
            .uid("exchange-login-subjects")
            .name("login-subjects")
            .keyBy(e -> e.key)
            .process(SubjectFunction.loginWaves(settings))
            .uid("exchange-login-wave")
            .name("login-wave");
    DataStream<ExchangeSignal> addresses =
        events
            .flatMap(new SubjectFanOut.Addresses())
            .uid("exchange-address-subjects")
            .name("address-subjects")
            .keyBy(e -> e.key)
            .process(SubjectFunction.sharedAddresses(settings))
            .uid("exchange-shared-address")
            .name("shared-address");
    DataStream<ExchangeSignal> credentials =
        events
            .flatMap(new SubjectFanOut.Credentials())
            .uid("exchange-credential-subjects")
            .name("credential-subjects")
            .keyBy(e -> e.key)
            .process(SubjectFunction.sharedCredentials(settings))
            .uid("exchange-shared-credential")
            .name("shared-credential");
    DataStream<ExchangeSignal> endpoints =
        events
            .flatMap(new SubjectFanOut.Endpoints(model))
            .uid("exchange-endpoint-subjects")
            .name("endpoint-subjects")
            .keyBy(e -> e.key)
            .process(new EndpointVolumeFunction(settings))
            .uid("exchange-endpoint-volume")
            .name("endpoint-volume");
    return waves.union(addresses, credentials, endpoints);
  }
}
