package dev.vigil.job.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.exchange.ExchangeSettings;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/**
 * The endpoint volume operator on Flink's keyed test harness: a flood after a day of steady traffic
 * is one signal at its first minute, and the endpoint's state and timer go a week after its last
 * request.
 */
class EndpointVolumeFunctionTest {
  private static final long T0 = 1_764_000_000_000L;
  private static final long MINUTE = 60_000L;
  private static final long DAY = 86_400_000L;

  private static SubjectEvent request(long t, String population) {
    SubjectEvent e =
        new SubjectEvent(SignalSubject.ENDPOINT, "POST /api/v3/orders", "a-" + t % 97, t, false);
    e.population = population;
    e.key = e.key + '|' + population;
    e.latencyMillis = 50;
    return e;
  }

  @Test
  void aFloodAfterADayOfSteadyTrafficIsOneSignalAndTheSeriesGoAWeekAfterTheLastRequest()
      throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, SubjectEvent, ExchangeSignal> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new EndpointVolumeFunction(ExchangeSettings.DEFAULTS), e -> e.key, Types.STRING)) {
      h.setProcessingTime(T0);
      int minutes = 1_440;
      for (int m = 0; m < minutes + 5; m++) {
        int n = m < minutes ? 10 : 200;
        for (int j = 0; j < n; j++) {
          long t = T0 + m * MINUTE + j * (MINUTE / n);
          h.processElement(request(t, "human"), t);
          if (j < 10 && j % 5 == 0) {
            // Two automated requests a minute throughout: no flood there.
            h.processElement(request(t, "automated"), t);
          }
        }
      }
      List<ExchangeSignal> out = h.extractOutputValues();
      assertThat(out).hasSize(1);
      assertThat(out.get(0).getSignalId())
          .isNotEqualTo(
              dev.vigil.core.exchange.ExchangeSignals.id(
                  SignalKind.ENDPOINT_VOLUME,
                  SignalSubject.ENDPOINT,
                  "POST /api/v3/orders|automated",
                  (T0 / MINUTE + 1_440) * 4));
      ExchangeSignal s = out.get(0);
      assertThat(s.getKind()).isEqualTo(SignalKind.ENDPOINT_VOLUME);
      assertThat(s.getSubject()).isEqualTo("POST /api/v3/orders");
      assertThat(s.getPopulation()).isEqualTo("human");
      assertThat(s.getWindowStart()).isEqualTo(T0 + minutes * MINUTE);
      assertThat(s.getSuccesses()).isEqualTo(200);
      assertThat(s.getIssuedAt()).isEqualTo(T0);
      assertThat(h.numKeyedStateEntries()).isEqualTo(2);
      assertThat(h.numEventTimeTimers()).isEqualTo(2);

      long last = T0 + (minutes + 4) * MINUTE + 199 * (MINUTE / 200);
      h.processWatermark(last + 7 * DAY - 1);
      // The automated series, last used a few seconds earlier, has gone; the human one stays.
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      assertThat(h.numEventTimeTimers()).isEqualTo(1);
      h.processWatermark(last + 7 * DAY);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }

  @Test
  void aFloodFromThreeNetworksNamesThemEveryFloodedMinuteWithIssueTimeAndTheStateGoesAfterAWeek()
      throws Exception {
    try (KeyedOneInputStreamOperatorTestHarness<String, SubjectEvent, ExchangeSignal> h =
        ProcessFunctionTestHarnesses.forKeyedProcessFunction(
            new EndpointVolumeFunction(ExchangeSettings.DEFAULTS), e -> e.key, Types.STRING)) {
      h.setProcessingTime(T0 + 5);
      int minutes = 1_440;
      long last = 0;
      for (int m = 0; m < minutes + 8; m++) {
        boolean flood = m >= minutes && m < minutes + 5;
        int n = flood ? 1_410 : 10; // 700 a minute from each flooding network: over ten a second
        for (int j = 0; j < n; j++) {
          last = T0 + m * MINUTE + j * (MINUTE / n);
          SubjectEvent e = request(last, "automated");
          boolean bot = j < 10;
          e.sourceIp =
              bot ? "10.1." + j + ".9" : new String[] {"198.51.100", "203.0.113"}[j % 2] + ".4";
          e.userAgent = bot ? "trader-sdk/" + j : "flooder/1.0";
          e.accountId = bot ? "bot-" + j : "flood-" + j % 2;
          h.processElement(e, last);
        }
      }
      List<ExchangeSignal> floods =
          h.extractOutputValues().stream()
              .filter(s -> s.getKind() == SignalKind.FLOOD_SOURCE)
              .toList();
      assertThat(floods)
          .extracting(s -> s.getSubjectType() + " " + s.getSubject())
          .containsOnly(
              "NETWORK 198.51.100.0/24",
              "NETWORK 203.0.113.0/24",
              "CLIENT flooder/",
              "ACCOUNT flood-0",
              "ACCOUNT flood-1");
      assertThat(floods).hasSize(5 * 5).allMatch(s -> s.getIssuedAt() == T0 + 5);
      assertThat(h.numKeyedStateEntries()).isEqualTo(1);
      h.processWatermark(last + 7 * DAY);
      assertThat(h.numKeyedStateEntries()).isZero();
      assertThat(h.numEventTimeTimers()).isZero();
    }
  }
}
