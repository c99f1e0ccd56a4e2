package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A {@code FLOOD_SOURCE} signal on the session risk operator's broadcast input (issue 12): the next
 * request from the flooding network gets a tightened {@code SET_RATE_LIMIT} with reason {@code
 * flood_source}, valid no longer than the signal, and nothing stronger; a session from another
 * network gets no command; once the signal has lapsed the next request relaxes the limit.
 */
class FloodSourceThrottleTest {
  private static final long MINUTE = 60_000L;

  static ExchangeSignal floodSource(String network, long windowEnd, long expiresAt) {
    return ExchangeSignal.newBuilder(ExchangeSignalsTest.wave(network, windowEnd, expiresAt))
        .setSignalId("flood-" + network + "-" + windowEnd)
        .setKind(SignalKind.FLOOD_SOURCE)
        .setSubjectType(SignalSubject.NETWORK)
        .setAccounts(0)
        .setFailures(60)
        .setSuccesses(840)
        .setScore(0.5)
        .setBasis("a test flood on GET /api/v3/depth")
        .build();
  }

  private static List<SessionCommand> commands(
      org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness<
              String, RiskInput, ModelUpdate, SessionCommand>
          h,
      String session) {
    return h.extractOutputValues().stream()
        .filter(c -> c.getSessionId().toString().equals(session))
        .toList();
  }

  private static boolean floodReason(SessionCommand c) {
    return c.getReasons().stream().map(Reason::getCode).anyMatch("flood_source"::contentEquals);
  }

  @Test
  void aFloodingNetworksSessionIsThrottledUntilTheSignalLapsesAndOthersAreNot() throws Exception {
    try (var h =
        RiskHarness.harness(
            new SessionRiskFunction(
                RiskHarness.settings(), SessionRiskFunctionTest.defaultModelJson()))) {
      h.open();
      long t = RiskHarness.trainOwner(h) + RiskHarness.DAY;
      long expires = t + 5 * MINUTE;
      ModelUpdate u = ExchangeSignalsTest.broadcast(floodSource("81.250.10.0/24", t, expires));
      assertThat(u).as("a flood source reaches the broadcast").isNotNull();
      h.processBroadcastElement(u, t);

      for (int i = 0; i < 12; i++) {
        long at = t + MINUTE + i * 10_000L;
        RiskHarness.process(h, Events.owner("flooding", at).build());
        RiskHarness.process(
            h, Events.owner("elsewhere", at + 1).setSourceIp("81.250.99.23").build());
      }
      List<SessionCommand> flooding = commands(h, "flooding");
      assertThat(flooding).hasSize(1);
      SessionCommand tightened = flooding.get(0);
      assertThat(tightened.getAction()).isEqualTo(CommandAction.SET_RATE_LIMIT);
      assertThat(floodReason(tightened)).isTrue();
      assertThat(tightened.getParameters().getRequestsPerSecond()).isLessThan(3.0);
      // Issued at the event's time by the harness's clock; never valid past the signal.
      assertThat(tightened.getExpiresAt() - tightened.getIssuedAt())
          .isLessThanOrEqualTo(expires - tightened.getEventTime());
      assertThat(commands(h, "elsewhere"))
          .as("another network of the same account: no command from the flood")
          .noneMatch(FloodSourceThrottleTest::floodReason)
          .noneMatch(c -> c.getAction() == CommandAction.SET_RATE_LIMIT);

      RiskHarness.process(h, Events.owner("flooding", expires + MINUTE).build());
      List<SessionCommand> after = commands(h, "flooding");
      assertThat(after).hasSize(2);
      SessionCommand relaxed = after.get(1);
      assertThat(relaxed.getAction()).isEqualTo(CommandAction.SET_RATE_LIMIT);
      assertThat(floodReason(relaxed)).isFalse();
      assertThat(relaxed.getParameters().getRequestsPerSecond())
          .isGreaterThan(3 * tightened.getParameters().getRequestsPerSecond());
      assertThat(h.extractOutputValues())
          .noneMatch(
              c -> c.getAction() == CommandAction.STEP_UP || c.getAction() == CommandAction.KILL);
    }
  }
}
