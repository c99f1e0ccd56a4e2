package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Who drives a flood (issue 12): a day of 40 trading bots on one endpoint, then ten minutes of a
 * flood from three networks, then the bots alone again. The drivers' networks, client and accounts
 * are signalled every flooded minute, and nothing else, and the signals stop with the flood.
 */
class EndpointFloodTest {
  private static final ExchangeSettings S = ExchangeSettings.DEFAULTS;
  private static final long T0 = 1_764_000_000_000L;
  private static final long MINUTE = 60_000L;
  private static final String ENDPOINT = "GET /api/v3/depth";
  private static final int DAY = 1_440;
  private static final int FLOOD_MINUTES = 10;
  private static final String[] FLOOD_NETWORKS = {"198.51.100", "203.0.113", "192.0.2"};

  /**
   * Minutes {@code [from, to)}: each bot (40 of them, each its own /24, client build and account)
   * sends one request every other minute; in flood minutes each flooding network sends {@code
   * perNetwork} requests.
   */
  private static List<ExchangeSignal> run(
      EndpointVolume v, int from, int to, int floodFrom, int floodTo, int perNetwork) {
    List<ExchangeSignal> out = new ArrayList<>();
    for (int m = from; m < to; m++) {
      boolean flood = m >= floodFrom && m < floodTo;
      int n = 20 + (flood ? perNetwork * FLOOD_NETWORKS.length : 0);
      for (int j = 0; j < n; j++) {
        long t = T0 + m * MINUTE + j * (MINUTE / (n + 1));
        if (j < 20) {
          int bot = 2 * j + m % 2;
          v.update(
              S,
              t,
              false,
              30,
              ENDPOINT,
              "automated",
              "10.0." + bot + ".7",
              "trader-sdk/1.4." + bot,
              "bot-" + bot,
              out::add);
        } else {
          int k = j % FLOOD_NETWORKS.length;
          v.update(
              S,
              t,
              j % 7 == 0,
              30,
              ENDPOINT,
              "automated",
              FLOOD_NETWORKS[k] + "." + (1 + j % 200),
              "flood-tool/2.0",
              "flooder-" + k,
              out::add);
        }
      }
    }
    return out;
  }

  private static List<ExchangeSignal> floods(List<ExchangeSignal> signals) {
    return signals.stream().filter(s -> s.getKind() == SignalKind.FLOOD_SOURCE).toList();
  }

  @Test
  void aFloodFromThreeNetworksSignalsItsDriversEveryFloodedMinuteAndNothingElse() {
    EndpointVolume v = new EndpointVolume();
    int onset = DAY;
    List<ExchangeSignal> signals = run(v, 0, DAY + 30, onset, onset + FLOOD_MINUTES, 1_000);
    // The volume signal at the onset (the detector may see the flood's end as a fall later on).
    assertThat(signals.stream().filter(s -> s.getKind() == SignalKind.ENDPOINT_VOLUME).findFirst())
        .get()
        .matches(s -> s.getWindowStart() == T0 + onset * MINUTE)
        .matches(s -> s.getBasis().contains("the onset of a rise"));
    List<ExchangeSignal> floods = floods(signals);
    Set<String> subjects =
        floods.stream()
            .map(s -> s.getSubjectType() + " " + s.getSubject())
            .collect(Collectors.toSet());
    assertThat(subjects)
        .containsExactlyInAnyOrder(
            "NETWORK 198.51.100.0/24",
            "NETWORK 203.0.113.0/24",
            "NETWORK 192.0.2.0/24",
            "CLIENT flood-tool/",
            "ACCOUNT flooder-0",
            "ACCOUNT flooder-1",
            "ACCOUNT flooder-2");
    // Re-issued every flooded minute (7 subjects), none after the flood.
    assertThat(floods).hasSize(7 * FLOOD_MINUTES);
    assertThat(floods.stream().map(ExchangeSignal::getWindowStart).distinct())
        .hasSize(FLOOD_MINUTES)
        .allMatch(w -> w >= T0 + onset * MINUTE && w < T0 + (onset + FLOOD_MINUTES) * MINUTE);
    assertThat(floods.stream().map(ExchangeSignal::getSignalId).distinct()).hasSize(floods.size());
    ExchangeSignal first = floods.get(0);
    assertThat(first.getExpiresAt())
        .isEqualTo(first.getWindowEnd() + EndpointVolume.FLOOD_LIFETIME_MILLIS);
    assertThat(first.getPopulation()).isEqualTo("automated");
    assertThat(first.getFailures() + first.getSuccesses()).isGreaterThanOrEqualTo(1_000 - 20);
    assertThat(first.getBasis())
        .contains(ENDPOINT)
        .contains("of the minute's 3020 requests")
        .contains("threshold 20%");
    assertThat(v.elevated()).as("the flood is over").isFalse();
  }

  @Test
  void aFloodOfManySmallSourcesNamesNoneAndTheTablesStayBounded() {
    EndpointVolume v = new EndpointVolume();
    List<ExchangeSignal> out = new ArrayList<>(run(v, 0, DAY, DAY, DAY, 0));
    // A flood of 2,000 requests a minute, each /24, client and account sending ten.
    for (int m = DAY; m < DAY + 5; m++) {
      for (int j = 0; j < 2_000; j++) {
        long t = T0 + m * MINUTE + j * 25L;
        int src = j / 10;
        v.update(
            S,
            t,
            false,
            30,
            ENDPOINT,
            "automated",
            "100." + src / 200 + "." + src % 200 + ".1",
            "agent-" + (char) ('a' + src % 26) + (char) ('a' + src / 26),
            "acct-" + src,
            out::add);
      }
    }
    assertThat(out).anyMatch(s -> s.getKind() == SignalKind.ENDPOINT_VOLUME);
    assertThat(floods(out)).isEmpty();
    assertThat(v.elevated()).isTrue();
    assertThat(EndpointVolume.MAPPER.toBytes(v)).hasSizeLessThan(16_000);
  }

  @Test
  void stateOfTheFormerVersionRestoresAndThenSeesTheFloodsDrivers() {
    EndpointVolume v1 = new EndpointVolume();
    // A day of traffic without sources: the flood state stays empty, so version 2 bytes are
    // version 1's with the flood state (NaN and three empty tables, 11 bytes) appended.
    for (int m = 0; m < DAY; m++) {
      for (int j = 0; j < 20; j++) {
        v1.update(S, T0 + m * MINUTE + j * 2_000L, false, 30, ENDPOINT, "automated");
      }
    }
    byte[] v2 = EndpointVolume.MAPPER.toBytes(v1);
    byte[] old = Arrays.copyOf(v2, v2.length - 11);
    old[0] = 1;
    EndpointVolume restored = EndpointVolume.MAPPER.fromBytes(old);
    assertThat(EndpointVolume.MAPPER.toBytes(restored)).isEqualTo(v2);
    List<ExchangeSignal> floods = floods(run(restored, DAY, DAY + 5, DAY, DAY + 3, 1_000));
    assertThat(floods)
        .extracting(ExchangeSignal::getSubjectType)
        .contains(SignalSubject.NETWORK, SignalSubject.CLIENT, SignalSubject.ACCOUNT);
  }
}
