package dev.vigil.core.bench;

import dev.vigil.core.engine.Events;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionHarness;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.engine.Signals;
import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.volume.OnsetDetector;
import dev.vigil.core.volume.OnsetSettings;
import dev.vigil.core.volume.SeasonalRobustDetector;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Mean cost of scoring one event with a warm account profile, and of one volumetric point (the
 * robust Holt-Winters score and the onset detector).
 *
 * <p>Run (from the repository root):
 *
 * <pre>
 * ./mvnw -B -ntp -q -pl models -am test-compile dependency:build-classpath \
 *     -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp models/target/test-classes:models/target/classes:$(cat models/target/cp.txt) \
 *     org.openjdk.jmh.Main ScoringBenchmark      # or: ... org.openjdk.jmh.Main 'ScoringBenchmark.onsetPoint' -wi 2 -i 3
 * java -cp (same) dev.vigil.core.bench.StateSizeReport
 * </pre>
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Thread)
public class ScoringBenchmark {
  private static final int EVENTS = 4096;

  private SessionRiskEngine engine;
  private SessionRiskEngine engineWithSignals;
  private RiskModel model;
  private AccountProfile account;
  private SessionState session;
  private AccessEvent[] events;
  private final Scored scored = new Scored();
  private int next;
  private SeasonalRobustDetector detector;
  private OnsetDetector onset;
  private double[] series;
  private long tick;

  @Setup
  public void setUp() {
    SessionHarness h = new SessionHarness();
    long t = h.trainOwner(30, 30) + 86_400_000L;
    engine = h.engine;
    // The same engine's population, reading a full table of live signals none of whose subjects
    // the events meet but a session signal (so the session id is hashed per event too).
    engineWithSignals = new SessionRiskEngine(h.engine.population());
    LiveSignals table = new LiveSignals(LiveSignals.DEFAULT_MAX_ENTRIES);
    for (int i = 0; i < LiveSignals.DEFAULT_MAX_ENTRIES - 1; i++) {
      String net = "10." + (i >> 8 & 255) + "." + (i & 255) + ".0/24";
      Signals.put(table, SignalKind.LOGIN_WAVE, SignalSubject.NETWORK, net, Long.MAX_VALUE);
    }
    Signals.put(table, SignalKind.SHARED_CREDENTIAL, SignalSubject.SESSION, "x", Long.MAX_VALUE);
    engineWithSignals.exchangeSignals(table);
    model = h.model;
    account = h.account("acct-1");
    session = new SessionState();
    events = new AccessEvent[EVENTS];
    Random rnd = new Random(3);
    String[] paths = {"/api/v1/balance", "/api/v1/orders", "/api/v1/ticker", "/api/v1/orders/123"};
    for (int i = 0; i < EVENTS; i++) {
      AccessEvent.Builder b =
          Events.owner("bench", t + i * 1_000L).setPath(paths[rnd.nextInt(paths.length)]);
      if (i % 4 == 0) {
        b.setMethod("POST").setInstrument("BTC-USD").setNotionalUsd(900.0 + rnd.nextInt(200));
      }
      events[i] =
          b.setNonce(Long.toString(10_000 + i)).setClientTimestamp(t + i * 1_000L - 30).build();
    }
    detector = new SeasonalRobustDetector(RiskModelLoader.defaults().volume);
    onset = new OnsetDetector(OnsetSettings.from(RiskModelLoader.defaults().volume));
    series = new double[EVENTS];
    for (int i = 0; i < EVENTS; i++) {
      series[i] = 100 + rnd.nextGaussian() * 10;
    }
  }

  /** One event of a long owner session: the per-event path the job runs. */
  @Benchmark
  public double scoreEventWarmProfile() {
    AccessEvent e = events[next];
    next = (next + 1) & (EVENTS - 1);
    engine.score(account, session, e, model, scored);
    return scored.probability();
  }

  /** The same with a full table of live exchange signals (65,536) that the events do not meet. */
  @Benchmark
  public double scoreEventWarmProfileLiveSignals() {
    AccessEvent e = events[next];
    next = (next + 1) & (EVENTS - 1);
    engineWithSignals.score(account, session, e, model, scored);
    return scored.probability();
  }

  /** One point of a rate series. */
  @Benchmark
  public double volumetricPoint() {
    int i = (int) (tick & (EVENTS - 1));
    tick++;
    return detector.update(tick * 60_000L, series[i]);
  }

  /** One point of a rate series through the onset detector ({@code vigil series}). */
  @Benchmark
  public double onsetPoint() {
    int i = (int) (tick & (EVENTS - 1));
    tick++;
    return onset.update(tick * 60_000L, series[i]);
  }
}
