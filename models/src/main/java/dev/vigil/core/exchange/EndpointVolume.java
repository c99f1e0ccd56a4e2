package dev.vigil.core.exchange;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.StateMapper;
import dev.vigil.core.volume.OnsetDetector;
import dev.vigil.core.volume.OnsetSettings;
import dev.vigil.core.volume.VolumeScorer;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.List;
import java.util.Locale;

/**
 * One endpoint's traffic from one population, as three per-minute series (requests, error
 * responses, mean latency) each watched by an {@link OnsetDetector}, which alarms once at a
 * change's onset (a flood, an error storm, a slowdown) and not again while the new level lasts. An
 * alarm of any series is an {@link SignalKind#ENDPOINT_VOLUME} signal for the minute it closed. The
 * error series counts errors beyond an ordinary allowance ({@link #ERROR_ALLOWANCE}).
 *
 * <p><b>Minutes.</b> A minute is closed by the first event of a later minute; the minutes in
 * between had no request and are fed as zeros (at most {@value #MAX_GAP_MINUTES}; after a longer
 * silence the series resume at the new minute, the detector handling the gap as irregular
 * sampling). So a minute is scored when the endpoint is used again: a stream that stops entirely
 * raises nothing. Events older than the open minute are counted in it.
 *
 * <p><b>Settings.</b> The built-in model's {@code volume} section ({@link OnsetSettings#from}): 48
 * buckets a day, no alarm before 48 points (minutes) of history.
 *
 * <p><b>Bounds.</b> Three detectors of about 3.7 KB each plus 60 bytes: 11 KB per endpoint and
 * population; O(1) per event (O({@value #MAX_GAP_MINUTES}) at most when a minute closes after a
 * silence), no allocation except when a signal is raised.
 */
public final class EndpointVolume {
  static final long MINUTE = 60_000L;
  static final int MAX_GAP_MINUTES = 60;

  /**
   * The error series counts errors beyond {@value #ERROR_ALLOWANCE} plus {@value
   * #ERROR_SHARE_ALLOWANCE} of the minute's requests: on an endpoint that rarely fails one error
   * after a quiet hour is a large deviation on a log scale (an alarm, and an hour of follow-ups
   * that would hide the real storm's onset), and a flood brings its own ordinary share of errors;
   * neither is an error storm.
   */
  static final int ERROR_ALLOWANCE = 4;

  static final double ERROR_SHARE_ALLOWANCE = 0.05;

  /**
   * Fewest requests with a duration in a minute for its mean latency to be a point of the latency
   * series: the mean of one or a few requests is one slow request, not a slowdown.
   */
  static final int MIN_LATENCY_REQUESTS = 10;

  private static final String[] SERIES = {"requests", "errors beyond 4 + 5%", "latency ms"};

  /** The detectors' settings: the built-in model's volume section. */
  public static final OnsetSettings ONSET = OnsetSettings.from(RiskModelLoader.defaults().volume);

  /** The state's binary form. */
  public static final StateMapper<EndpointVolume> MAPPER = new Mapper();

  private final OnsetDetector[] detectors = new OnsetDetector[3];
  private final double[] values = new double[3];
  private long minute = Long.MIN_VALUE;
  private long requests;
  private long errors;
  private double latencySum;
  private long latencyCount;
  private long lastSeen = Long.MIN_VALUE;

  public EndpointVolume() {
    for (int i = 0; i < 3; i++) {
      detectors[i] = new OnsetDetector(ONSET);
    }
  }

  /**
   * @param latencyMillis the request's duration, NaN when unknown
   * @return the signal of the minute this event closed, or null
   */
  public ExchangeSignal update(
      ExchangeSettings s,
      long t,
      boolean failed,
      double latencyMillis,
      String endpoint,
      String population) {
    long m = Math.floorDiv(t, MINUTE);
    ExchangeSignal out = null;
    if (minute == Long.MIN_VALUE) {
      minute = m;
    } else if (m > minute) {
      out = close(s, endpoint, population);
      long empty = Math.min(m - minute - 1, MAX_GAP_MINUTES);
      for (long i = 1; i <= empty; i++) {
        detectors[0].update((minute + i) * MINUTE, 0);
        detectors[1].update((minute + i) * MINUTE, 0);
      }
      minute = m;
      requests = 0;
      errors = 0;
      latencySum = 0;
      latencyCount = 0;
    }
    lastSeen = Math.max(lastSeen, t);
    requests++;
    if (failed) {
      errors++;
    }
    if (Double.isFinite(latencyMillis)) {
      latencySum += latencyMillis;
      latencyCount++;
    }
    return out;
  }

  private ExchangeSignal close(ExchangeSettings s, String endpoint, String population) {
    long at = minute * MINUTE;
    values[0] = requests;
    values[1] = Math.max(0, errors - ERROR_ALLOWANCE - ERROR_SHARE_ALLOWANCE * requests);
    values[2] = latencyCount < MIN_LATENCY_REQUESTS ? Double.NaN : latencySum / latencyCount;
    int strongest = -1;
    double best = 0;
    for (int i = 0; i < 3; i++) {
      double score = Double.isFinite(values[i]) ? detectors[i].update(at, values[i]) : 0.0;
      if (score >= VolumeScorer.ALARM && score > best) {
        best = score;
        strongest = i;
      }
    }
    if (strongest < 0) {
      return null;
    }
    OnsetDetector d = detectors[strongest];
    String basis =
        String.format(
            Locale.ROOT,
            "%s %.0f in the minute against %.0f expected (z %.1f), the onset of a %s; %d requests,"
                + " %d errors",
            SERIES[strongest],
            values[strongest],
            d.expected(),
            d.lastZ(),
            d.lastZ() > 0 ? "rise" : "fall",
            requests,
            errors);
    ExchangeSignal signal =
        ExchangeSignals.of(
            SignalKind.ENDPOINT_VOLUME,
            SignalSubject.ENDPOINT,
            endpoint,
            minute * 4 + strongest,
            at,
            at + MINUTE - 1,
            s.waveLifetime().toMillis(),
            0,
            errors,
            requests - errors,
            Math.min(1.0, 2 * (best - VolumeScorer.ALARM)),
            basis,
            List.of());
    signal.setPopulation(population);
    // One endpoint has a series per population: the id tells them apart.
    signal.setSignalId(
        ExchangeSignals.id(
            SignalKind.ENDPOINT_VOLUME,
            SignalSubject.ENDPOINT,
            endpoint + '|' + population,
            minute * 4 + strongest));
    return signal;
  }

  public long lastSeen() {
    return lastSeen;
  }

  private static final class Mapper implements StateMapper<EndpointVolume> {
    @Override
    public int currentVersion() {
      return 1;
    }

    @Override
    public void write(EndpointVolume v, DataOutput out) throws IOException {
      out.writeByte(currentVersion());
      out.writeLong(v.minute);
      out.writeLong(v.requests);
      out.writeLong(v.errors);
      out.writeDouble(v.latencySum);
      out.writeLong(v.latencyCount);
      out.writeLong(v.lastSeen);
      for (OnsetDetector d : v.detectors) {
        d.write(out);
      }
    }

    @Override
    public EndpointVolume read(DataInput in) throws IOException {
      StateMapper.checkVersion(in.readUnsignedByte(), 1, "endpoint volume");
      EndpointVolume v = new EndpointVolume();
      v.minute = in.readLong();
      v.requests = in.readLong();
      v.errors = in.readLong();
      v.latencySum = in.readDouble();
      v.latencyCount = in.readLong();
      v.lastSeen = in.readLong();
      for (int i = 0; i < 3; i++) {
        v.detectors[i] = OnsetDetector.read(ONSET, in);
      }
      return v;
    }
  }
}
