package dev.vigil.bench;

import dev.vigil.ingest.AccessLogParser;
import dev.vigil.ingest.IngestLimits;
import dev.vigil.ingest.IngestResult;
import dev.vigil.schema.AccessEvent;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.function.Consumer;

/**
 * The benchmark's traffic: the models' simulator ({@link Simulator}, the demo's mix {@link #MIX})
 * with its JSON lines parsed by the ingest's own parser into access events, as {@code vigil ingest}
 * would, and handed on in simulated time order until {@code events} of them have been produced. The
 * same seed gives the same events, so two passes (the state footprint, then Kafka) see the same
 * traffic.
 */
public final class BenchTraffic {
  /**
   * Simulated requests per account and hour in {@link #MIX}, low on purpose (measured: 3,000
   * accounts made 300,000 events in 10 simulated minutes, 10,000 accounts 2,000,000 in 11; the API
   * bots make most of them), so that the window holds {@code events} and is about half used: the
   * attacks planned over it then mostly happen in the events sent.
   */
  static final double REQUESTS_PER_ACCOUNT_HOUR = 450;

  /**
   * The demo's mix ({@code vigil demo}): mostly retail, a share of API bots, every attack scenario
   * and hard case present, so that commands (the latency samples) are not as rare as in quiet
   * traffic.
   */
  static final String MIX =
      "{\"populations\": {\"retail\": 0.85, \"bot\": 0.15, \"market_maker\": 0, \"institutional\": 0},"
          + " \"scenarios\": {\"stolen_api_key\": 0.02, \"token_hijack\": 0.02, \"replay\": 0.02,"
          + " \"credential_stuffing\": 0.02, \"mfa_brute_force\": 0.01, \"low_and_slow\": 0.01,"
          + " \"leaked_mm_key\": 0, \"abuse_flood\": 0.01, \"abuse_scraping\": 0.01},"
          + " \"hard_cases\": {\"traveller\": 0.15, \"vpn\": 0.15, \"mobile_hopping\": 0.15,"
          + " \"new_device\": 0.1, \"bot_failover\": 0.2, \"market_open_burst\": 0.1,"
          + " \"clock_drift\": 0.1}}";

  private final int accounts;
  private final long events;
  private final long seed;
  private final long startMs;
  private final long durationMs;

  /**
   * @param accounts simulated accounts
   * @param events how many events to produce at most
   * @param seed the simulator's seed
   */
  public BenchTraffic(int accounts, long events, long seed) {
    this.accounts = accounts;
    this.events = events;
    this.seed = seed;
    double hours = Math.max(0.25, events / (accounts * REQUESTS_PER_ACCOUNT_HOUR));
    this.durationMs = (long) (hours * 3_600_000L);
    // Simulated time ends ten minutes ago: history replayed, never events from the future (which
    // the ingest's clock-skew bound would dead-letter).
    this.startMs = System.currentTimeMillis() - durationMs - Duration.ofMinutes(10).toMillis();
  }

  /** What was produced. */
  public record Produced(long events, long rejected, long firstEventMs, long lastEventMs) {}

  /** One access event, its Avro single-object encoding and its simulated account. */
  public interface EventSink {
    void accept(AccessEvent event, ByteBuffer avro) throws IOException;
  }

  /**
   * Runs the simulator and passes each event that the ingest accepts to {@code sink}, up to {@code
   * events}.
   *
   * @param encode whether to Avro-encode each event (else {@code avro} is null)
   */
  public Produced run(boolean encode, EventSink sink) throws IOException {
    SimulationConfig config =
        new SimulationConfig(
            accounts, durationMs, seed, startMs, ScenarioMix.parse(MIX, "bench mix"));
    AccessLogParser parser = new AccessLogParser(IngestLimits.defaults());
    long[] counts = new long[4]; // accepted, rejected, first, last
    long now = System.currentTimeMillis();
    try {
      new Simulator(config)
          .run(
              (json, length, time, user) -> {
                // The line without its newline, as a shipper sends it.
                IngestResult r = parser.parse(Arrays.copyOf(json, length - 1), now);
                if (!r.isAccepted()) {
                  counts[1]++;
                  return;
                }
                AccessEvent e = r.event();
                sink.accept(e, encode ? e.toByteBuffer() : null);
                if (counts[0]++ == 0) {
                  counts[2] = e.getTimestamp();
                }
                counts[3] = e.getTimestamp();
                if (counts[0] >= events) {
                  throw new Enough();
                }
              });
    } catch (Enough enough) {
      // the events wanted are out; the rest of the window is not simulated
    }
    return new Produced(counts[0], counts[1], counts[2], counts[3]);
  }

  /** A sink for simple consumers of events alone. */
  public Produced run(Consumer<AccessEvent> sink) throws IOException {
    return run(false, (e, avro) -> sink.accept(e));
  }

  /** The simulated window, for the report. */
  public Duration window() {
    return Duration.ofMillis(durationMs);
  }

  /** The record key: the account id, as gateways key access events. */
  static byte[] key(AccessEvent e) {
    return e.getAccountId().getBytes(StandardCharsets.UTF_8);
  }

  /** Stops the simulator once enough events are out. */
  private static final class Enough extends IOException {
    private static final long serialVersionUID = 1L;

    Enough() {
      super("enough events", null);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
      return this;
    }
  }
}
