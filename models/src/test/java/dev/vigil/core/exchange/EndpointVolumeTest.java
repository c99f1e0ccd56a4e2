package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class EndpointVolumeTest {
  private static final ExchangeSettings S = ExchangeSettings.DEFAULTS;
  private static final long T0 = 1_764_000_000_000L;
  private static final long MINUTE = 60_000L;
  private static final int DAYS = 3;
  private static final int MINUTES = DAYS * 1_440;

  /** Requests per minute: a day-time hump around 20, Poisson. */
  private static double rate(int minute) {
    double hour = (minute % 1_440) / 60.0;
    return 12 + 10 * Math.max(0, Math.sin((hour - 6) / 24 * 2 * Math.PI));
  }

  private static int poisson(SplittableRandom rng, double lambda) {
    double l = Math.exp(-lambda);
    double p = 1;
    int k = 0;
    do {
      k++;
      p *= rng.nextDouble();
    } while (p > l);
    return k - 1;
  }

  /**
   * Feeds {@code minutes} of traffic; from {@code changeAt} on, requests are multiplied by {@code
   * flood} and the error share is {@code errorShare}.
   */
  private static List<ExchangeSignal> run(
      EndpointVolume v, int from, int to, int changeAt, double flood, double errorShare) {
    SplittableRandom rng = new SplittableRandom(5 + from);
    List<ExchangeSignal> out = new ArrayList<>();
    for (int m = from; m < to; m++) {
      boolean changed = m >= changeAt;
      int n = poisson(rng, rate(m) * (changed ? flood : 1));
      for (int j = 0; j < n; j++) {
        long t = T0 + m * MINUTE + j * (MINUTE / (n + 1));
        boolean failed = rng.nextDouble() < (changed ? errorShare : 0.01);
        ExchangeSignal s =
            v.update(S, t, failed, 40 + 20 * rng.nextDouble(), "POST /api/v3/orders", "human");
        if (s != null) {
          out.add(s);
        }
      }
    }
    return out;
  }

  @Test
  void threeDaysOfOrdinaryTrafficRaiseNothing() {
    assertThat(run(new EndpointVolume(), 0, MINUTES, Integer.MAX_VALUE, 1, 0)).isEmpty();
  }

  @Test
  void aFloodOfTwentyTimesTheTrafficIsOneSignalAtItsFirstMinute() {
    int onset = MINUTES - 120;
    List<ExchangeSignal> signals = run(new EndpointVolume(), 0, MINUTES, onset, 20, 0.01);
    assertThat(signals).hasSize(1);
    ExchangeSignal s = signals.get(0);
    assertThat(s.getKind()).isEqualTo(SignalKind.ENDPOINT_VOLUME);
    assertThat(s.getSubjectType()).isEqualTo(SignalSubject.ENDPOINT);
    assertThat(s.getSubject()).isEqualTo("POST /api/v3/orders");
    assertThat(s.getPopulation()).isEqualTo("human");
    assertThat(s.getWindowStart()).isEqualTo(T0 + onset * MINUTE);
    assertThat(s.getBasis()).startsWith("requests ").contains("the onset of a rise");
    assertThat(s.getScore()).isBetween(0.0, 1.0);
  }

  @Test
  void anErrorStormAtTheUsualVolumeIsOneSignalOfTheErrorSeries() {
    int onset = MINUTES - 120;
    List<ExchangeSignal> signals = run(new EndpointVolume(), 0, MINUTES, onset, 1, 0.6);
    assertThat(signals).hasSize(1);
    // The alarm's minute: 11 errors of 12 requests, 11 - 4 - 0.6 = 6.4 beyond the allowance against
    // none before, 6.4 Poisson sigmas (sqrt(0 + 1)); the minute before, 2.55 beyond, is within
    // counting noise as a count series (it alarmed at z 2550 when the floor was minScale alone).
    assertThat(signals.get(0).getBasis())
        .isEqualTo(
            "errors beyond 4 + 5% 6 in the minute against 0 expected (z 6.4), the onset of a"
                + " rise; 12 requests, 11 errors");
    // Three minutes after the storm began: on an endpoint of about ten requests a minute the
    // first minutes' excess (2 to 3 errors) is within counting noise until the CUSUM adds it up.
    assertThat(signals.get(0).getWindowStart()).isEqualTo(T0 + (onset + 3) * MINUTE);
  }

  @Test
  void aSeriesResumedFromItsStoredStateScoresAsIfUninterrupted() {
    int onset = MINUTES - 120;
    EndpointVolume whole = new EndpointVolume();
    List<ExchangeSignal> expected = run(whole, 0, MINUTES, onset, 20, 0.01);
    EndpointVolume first = new EndpointVolume();
    List<ExchangeSignal> got = new ArrayList<>(run(first, 0, MINUTES / 2, onset, 20, 0.01));
    EndpointVolume restored = EndpointVolume.MAPPER.fromBytes(EndpointVolume.MAPPER.toBytes(first));
    assertThat(EndpointVolume.MAPPER.toBytes(restored))
        .isEqualTo(EndpointVolume.MAPPER.toBytes(first));
    got.addAll(run(restored, MINUTES / 2, MINUTES, onset, 20, 0.01));
    assertThat(got).hasSize(1);
    assertThat(EndpointVolume.MAPPER.toBytes(restored)).hasSizeLessThan(12_000);
    assertThat(expected).hasSize(1);
  }
}
