package dev.vigil.core.exchange;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.StateMapper;
import dev.vigil.core.sketch.Hashing;
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
import java.util.function.Consumer;

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
 * <p><b>Who drives a flood</b> (issue 12, fair-access and DoS limits). The open minute's heaviest
 * source networks (/24, /48: {@link Subjects#network}), client fingerprints ({@link
 * Subjects#client}) and accounts are counted in three {@link FloodSources} tables. When the
 * requests series alarms at the onset of a rise, the endpoint is <em>elevated</em> against the
 * baseline the alarm compared with (its expected requests that minute), and stays so for as long as
 * each closed minute has at least {@value #ELEVATED_RATIO} times that baseline (not the alarm,
 * which fires once at the onset: the detector re-bases to the flood's level); the first minute
 * under it ends the flood. Every elevated minute, the onset included, raises one {@link
 * SignalKind#FLOOD_SOURCE} signal per source with a guaranteed share of at least {@value
 * #FLOOD_MIN_SHARE} of the minute's requests and at least {@value #FLOOD_MIN_REQUESTS} requests
 * (ten a second), valid {@link #FLOOD_LIFETIME_MILLIS} (5 minutes) from the minute's end: re-issued
 * each minute while the flood lasts, it lapses on its own a few minutes after. With a few networks
 * driving a flood each has a third or so of the flooded minute; a trading bot at its usual pace has
 * a few percent of it. The threshold bounds the signals to {@code 3 / }{@value #FLOOD_MIN_SHARE} =
 * 15 a minute per endpoint and population.
 *
 * <p><b>Bounds.</b> Three detectors of about 3.7 KB each, three tables of {@value
 * FloodSources#CAPACITY} sources (20 bytes and a reference each) and 70 bytes: 12 KB per endpoint
 * and population, plus the source texts referenced; O(1) per event (three hashes of the event's
 * address, user agent and account, three scans of {@value FloodSources#CAPACITY} keys; O({@value
 * #MAX_GAP_MINUTES}) at most when a minute closes after a silence), no allocation except when a
 * signal is raised.
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

  /** A flood lasts while the minute's requests are at least this many times the onset baseline. */
  static final double ELEVATED_RATIO = 2.0;

  /** Fewest share of the minute's requests (guaranteed, {@link FloodSources}) of a flood source. */
  static final double FLOOD_MIN_SHARE = 0.2;

  /**
   * Fewest requests in the minute of a flood source: ten a second, the per-address rate exchanges
   * publish (Coinbase Exchange: 10 requests/s per IP on public endpoints). Below it no source is a
   * denial of service, whatever its share of a quiet endpoint (at 60, an owner paging history).
   */
  static final int FLOOD_MIN_REQUESTS = 600;

  /** How long a flood-source signal is valid after the minute it counts. */
  public static final long FLOOD_LIFETIME_MILLIS = 5 * MINUTE;

  private static final SignalSubject[] SOURCE_TYPES = {
    SignalSubject.NETWORK, SignalSubject.CLIENT, SignalSubject.ACCOUNT
  };

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
  private final FloodSources[] sources = new FloodSources[3];

  /** The expected requests of the flood's onset minute while the endpoint is elevated, else NaN. */
  private double floodBaseline = Double.NaN;

  public EndpointVolume() {
    for (int i = 0; i < 3; i++) {
      // Requests and errors are counts a minute: Poisson noise is their floor (the error series of
      // an endpoint that rarely fails alarmed at 0.25 errors beyond the allowance, z 250).
      detectors[i] = new OnsetDetector(ONSET, i < 2);
      sources[i] = new FloodSources();
    }
  }

  /**
   * The endpoint alone, without the request's sources ({@link #update(ExchangeSettings, long,
   * boolean, double, String, String, String, String, String, Consumer)} with none).
   *
   * @param latencyMillis the request's duration, NaN when unknown
   * @return the volume signal of the minute this event closed, or null
   */
  public ExchangeSignal update(
      ExchangeSettings s,
      long t,
      boolean failed,
      double latencyMillis,
      String endpoint,
      String population) {
    ExchangeSignal[] first = {null};
    update(s, t, failed, latencyMillis, endpoint, population, null, null, null, x -> first[0] = x);
    return first[0];
  }

  /**
   * Counts one request; the signals of the minute it closed go to {@code out}: the volume signal
   * first (at an onset), then the flood sources (while elevated).
   *
   * @param latencyMillis the request's duration, NaN when unknown
   * @param sourceIp the request's source address (canonical text), null when unknown
   * @param userAgent the request's user agent, null when unknown
   * @param account the account that sent it, null when unknown
   */
  public void update(
      ExchangeSettings s,
      long t,
      boolean failed,
      double latencyMillis,
      String endpoint,
      String population,
      String sourceIp,
      String userAgent,
      String account,
      Consumer<ExchangeSignal> out) {
    long m = Math.floorDiv(t, MINUTE);
    if (minute == Long.MIN_VALUE) {
      minute = m;
    } else if (m > minute) {
      ExchangeSignal volume = close(s, endpoint, population);
      if (volume != null) {
        out.accept(volume);
      }
      floodSources(endpoint, population, out);
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
      for (FloodSources f : sources) {
        f.clear();
      }
    }
    sources[0].add(Hashing.ipPrefix(sourceIp), sourceIp, failed);
    sources[1].add(Hashing.userAgentFamily(userAgent), userAgent, failed);
    sources[2].add(Hashing.of(account), account, failed);
    lastSeen = Math.max(lastSeen, t);
    requests++;
    if (failed) {
      errors++;
    }
    if (Double.isFinite(latencyMillis)) {
      latencySum += latencyMillis;
      latencyCount++;
    }
  }

  private ExchangeSignal close(ExchangeSettings s, String endpoint, String population) {
    long at = minute * MINUTE;
    values[0] = requests;
    values[1] = Math.max(0, errors - ERROR_ALLOWANCE - ERROR_SHARE_ALLOWANCE * requests);
    values[2] = latencyCount < MIN_LATENCY_REQUESTS ? Double.NaN : latencySum / latencyCount;
    int strongest = -1;
    double best = 0;
    if (!(requests >= ELEVATED_RATIO * floodBaseline)) {
      floodBaseline = Double.NaN; // not elevated (or never was): the flood, if any, is over
    }
    for (int i = 0; i < 3; i++) {
      double score = Double.isFinite(values[i]) ? detectors[i].update(at, values[i]) : 0.0;
      if (i == 0 && score >= VolumeScorer.ALARM && detectors[0].lastZ() > 0) {
        // The onset of a rise: elevated from now on against the baseline it was compared with.
        floodBaseline = Math.max(1.0, detectors[0].expected());
      }
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

  /**
   * The closed minute's flood sources while the endpoint is elevated: per kind, every source with
   * at least {@link #FLOOD_MIN_SHARE} of the minute's requests (guaranteed) and {@link
   * #FLOOD_MIN_REQUESTS}.
   */
  private void floodSources(String endpoint, String population, Consumer<ExchangeSignal> out) {
    if (Double.isNaN(floodBaseline)) {
      return;
    }
    long at = minute * MINUTE;
    long min = Math.max(FLOOD_MIN_REQUESTS, (long) Math.ceil(FLOOD_MIN_SHARE * requests));
    for (int k = 0; k < 3; k++) {
      FloodSources f = sources[k];
      for (int i = 0; i < f.size(); i++) {
        int n = f.guaranteed(i);
        String subject = n < min ? null : subject(k, f.text(i));
        if (subject == null) {
          continue;
        }
        double share = n / (double) requests;
        String basis =
            String.format(
                Locale.ROOT,
                "%s drove %.0f%% of the minute's %d requests on %s (%s): %.1f/s, at least %d"
                    + " requests (threshold %.0f%% and %d); the endpoint at %.1fx the %.0f"
                    + " requests a minute expected at the flood's onset",
                subject,
                100 * share,
                requests,
                endpoint,
                population,
                n / 60.0,
                n,
                100 * FLOOD_MIN_SHARE,
                FLOOD_MIN_REQUESTS,
                requests / floodBaseline,
                floodBaseline);
        long failures = Math.min(n, f.failures(i));
        ExchangeSignal signal =
            ExchangeSignals.of(
                SignalKind.FLOOD_SOURCE,
                SOURCE_TYPES[k],
                subject,
                minute,
                at,
                at + MINUTE - 1,
                FLOOD_LIFETIME_MILLIS,
                k == 2 ? 1 : 0,
                failures,
                n - failures,
                ExchangeSignals.score(share, FLOOD_MIN_SHARE),
                basis,
                k == 2 ? List.of(subject) : List.of());
        signal.setPopulation(population);
        signal.setSignalId(
            ExchangeSignals.id(
                SignalKind.FLOOD_SOURCE,
                SOURCE_TYPES[k],
                subject + '|' + endpoint + '|' + population,
                minute));
        out.accept(signal);
      }
    }
  }

  /** The canonical subject of a source's text: network prefix, client fingerprint, account. */
  private static String subject(int kind, String text) {
    return switch (kind) {
      case 0 -> Subjects.network(text);
      case 1 -> Subjects.client(text);
      default -> text;
    };
  }

  /** Whether the last closed minute was part of a flood (elevated since a rise's onset). */
  public boolean elevated() {
    return !Double.isNaN(floodBaseline);
  }

  public long lastSeen() {
    return lastSeen;
  }

  private static final class Mapper implements StateMapper<EndpointVolume> {
    @Override
    public int currentVersion() {
      return 2;
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
      // Version 2: the flood's baseline and the open minute's sources.
      out.writeDouble(v.floodBaseline);
      for (FloodSources f : v.sources) {
        f.write(out);
      }
    }

    @Override
    public EndpointVolume read(DataInput in) throws IOException {
      // Version 1 had no flood state: it reads as no flood and no sources counted yet.
      int version = StateMapper.checkVersion(in.readUnsignedByte(), 2, "endpoint volume");
      EndpointVolume v = new EndpointVolume();
      v.minute = in.readLong();
      v.requests = in.readLong();
      v.errors = in.readLong();
      v.latencySum = in.readDouble();
      v.latencyCount = in.readLong();
      v.lastSeen = in.readLong();
      for (int i = 0; i < 3; i++) {
        v.detectors[i] = OnsetDetector.read(ONSET, i < 2, in);
      }
      if (version >= 2) {
        v.floodBaseline = in.readDouble();
        for (FloodSources f : v.sources) {
          f.read(in);
        }
      }
      return v;
    }
  }
}
