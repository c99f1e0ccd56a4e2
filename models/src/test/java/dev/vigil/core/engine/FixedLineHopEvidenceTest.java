package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.vigil.core.engine.TravelAndConcurrencyEvidenceTest.Tally;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.profile.SessionStateMapper;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.NetworkType;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@code fixed_line_hop}: a session that moves from one fixed-line address block to another within
 * minutes counts it once; phones, dual-stack browsers, slow moves and older models count nothing.
 */
class FixedLineHopEvidenceTest {
  private static final String OTHER_LINE = "92.184.100.7"; // another French residential block
  private static final String OTHER_LINE_V6 = "2a01:cb00:1234::7";

  /** The default model with the term on, as an operator would set it (3.7 nats, 600 s). */
  private static final RiskModel HOP = withHop();

  private static RiskModel withHop() {
    try {
      var json = new com.fasterxml.jackson.databind.ObjectMapper();
      var tree =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              json.readTree(java.nio.file.Path.of("artifacts/vigil-model.json").toFile());
      ((com.fasterxml.jackson.databind.node.ObjectNode) tree.get("evidence"))
          .put("fixedLineHopLlr", 3.7)
          .put("fixedLineHopWindowSeconds", 600);
      return RiskModelLoader.parse(json.writeValueAsBytes(tree));
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The owner's session on his home line, then {@code hops} requests from another block. */
  private static List<AccessEvent> session(
      long t, String otherIp, NetworkType otherType, long gapMillis, int hops) {
    List<AccessEvent> events = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      events.add(
          Events.owner("hijacked", t + i * 10_000L)
              .setNetworkType(NetworkType.RESIDENTIAL)
              .build());
    }
    long from = t + 4 * 10_000L + gapMillis;
    for (int i = 0; i < hops; i++) {
      events.add(
          Events.owner("hijacked", from + i * 5_000L)
              .setSourceIp(otherIp)
              .setAsNumber(12322L) // another ISP: the block is fresh to the account
              .setNetworkType(otherType)
              .build());
    }
    return events;
  }

  private static Tally run(SessionHarness h, List<AccessEvent> events) {
    return TravelAndConcurrencyEvidenceTest.run(h, events);
  }

  @Test
  void aCopiedCookieUsedFromAnotherFixedLineWithinMinutesCountsOneHop() {
    SessionHarness h = new SessionHarness(HOP);
    long t = h.trainOwner(10, 30) + 86_400_000L;

    Tally tally = run(h, session(t, OTHER_LINE, NetworkType.RESIDENTIAL, 77_000L, 6));

    assertThat(tally.count(EvidenceCode.FIXED_LINE_HOP)).isEqualTo(1);
    assertThat(tally.llr(EvidenceCode.FIXED_LINE_HOP))
        .isCloseTo(h.model.evidence.fixedLineHopLlr, within(1e-9));
    assertThat(h.model.evidence.fixedLineHopLlr).isEqualTo(3.7);
  }

  @Test
  void aLaterReturnAndInterleaveAddOnlyWhatTheyWeighBeyondTheHop() {
    SessionHarness h = new SessionHarness(HOP);
    long t = h.trainOwner(10, 30) + 86_400_000L;
    List<AccessEvent> events = session(t, OTHER_LINE, NetworkType.RESIDENTIAL, 5_000L, 1);
    long u = events.get(events.size() - 1).getTimestamp();
    for (int i = 1; i <= 6; i++) {
      AccessEvent.Builder e =
          Events.owner("hijacked", u + i * 5_000L).setNetworkType(NetworkType.RESIDENTIAL);
      if (i % 2 == 0) {
        e.setSourceIp(OTHER_LINE);
      }
      events.add(e.build());
    }

    Tally tally = run(h, events);

    RiskModel.Evidence ev = h.model.evidence;
    assertThat(tally.count(EvidenceCode.FIXED_LINE_HOP)).isEqualTo(1);
    assertThat(tally.count(EvidenceCode.CONCURRENT_NETWORKS))
        .as("a return weighs %s, less than the hop: nothing beyond it", ev.concurrentLlr)
        .isZero();
    assertThat(tally.llr(EvidenceCode.INTERLEAVED_NETWORKS))
        .isCloseTo(ev.interleavedNetworksLlr - ev.fixedLineHopLlr, within(1e-9));
  }

  @Test
  void afterAHopAWithdrawalFromTheFreshBlockDoesNotCountTheBlockAgain() {
    SessionHarness h = new SessionHarness(HOP);
    long t = h.trainOwner(10, 30) + 86_400_000L;
    List<AccessEvent> events = session(t, OTHER_LINE, NetworkType.RESIDENTIAL, 30_000L, 2);
    long u = events.get(events.size() - 1).getTimestamp();
    events.add(
        Events.owner("hijacked", u + 5_000L)
            .setSourceIp(OTHER_LINE)
            .setAsNumber(12322L)
            .setNetworkType(NetworkType.RESIDENTIAL)
            .setMethod("POST")
            .setPath("/api/v1/withdrawals")
            .build());

    Tally hopped = run(h, events);

    assertThat(hopped.count(EvidenceCode.FIXED_LINE_HOP)).isEqualTo(1);
    assertThat(hopped.count(EvidenceCode.SENSITIVE_FROM_FRESH_NETWORK)).isZero();

    // The same withdrawal from a fresh block the session started on counts the block.
    h.sessions.clear();
    Tally started =
        run(
            h,
            List.of(
                Events.owner("fresh", t + 86_400_000L)
                    .setSourceIp(OTHER_LINE)
                    .setAsNumber(12322L)
                    .setNetworkType(NetworkType.RESIDENTIAL)
                    .setMethod("POST")
                    .setPath("/api/v1/withdrawals")
                    .build()));
    assertThat(started.count(EvidenceCode.SENSITIVE_FROM_FRESH_NETWORK)).isEqualTo(1);
  }

  @Test
  void aPhoneADualStackBrowserOrAMoveAfterTheWindowIsNoHop() {
    SessionHarness h = new SessionHarness(HOP);
    long t = h.trainOwner(10, 30) + 86_400_000L;
    long day = 86_400_000L;

    Tally mobile = run(h, session(t, OTHER_LINE, NetworkType.MOBILE, 30_000L, 3));
    assertThat(mobile.count(EvidenceCode.FIXED_LINE_HOP)).as("to a carrier").isZero();

    h.sessions.clear();
    Tally v6 = run(h, session(t + day, OTHER_LINE_V6, NetworkType.RESIDENTIAL, 30_000L, 3));
    assertThat(v6.count(EvidenceCode.FIXED_LINE_HOP)).as("IPv4 to IPv6").isZero();

    h.sessions.clear();
    Tally slow = run(h, session(t + 2 * day, OTHER_LINE, NetworkType.RESIDENTIAL, 601_000L, 3));
    assertThat(slow.count(EvidenceCode.FIXED_LINE_HOP)).as("601 s after the last request").isZero();

    h.sessions.clear();
    Tally unknown = run(h, session(t + 3 * day, OTHER_LINE, null, 30_000L, 3));
    assertThat(unknown.count(EvidenceCode.FIXED_LINE_HOP)).as("no network type").isZero();
  }

  @Test
  void theDefaultModelCountsNoHop() {
    RiskModel defaults = RiskModelLoader.defaults();
    SessionHarness h = new SessionHarness(defaults);
    long t = h.trainOwner(10, 30) + 86_400_000L;

    Tally tally = run(h, session(t, OTHER_LINE, NetworkType.RESIDENTIAL, 77_000L, 6));

    assertThat(defaults.evidence.fixedLineHopLlr).as("off: not kept, models/README.md").isZero();
    assertThat(tally.count(EvidenceCode.FIXED_LINE_HOP)).isZero();
  }

  @Test
  void theHopFlagsSurviveTheStateMapperAndOlderFlagsReadAsNone() throws Exception {
    SessionStateMapper mapper = new SessionStateMapper();
    SessionState s = new SessionState();
    s.currentNetworkResidential = true;
    s.currentNetworkIpv6 = true;
    s.fixedLineHopReported = true;

    SessionState back = mapper.fromBytes(mapper.toBytes(s));

    assertThat(back.currentNetworkResidential).isTrue();
    assertThat(back.currentNetworkIpv6).isTrue();
    assertThat(back.fixedLineHopReported).isTrue();
    SessionState none = mapper.fromBytes(mapper.toBytes(new SessionState()));
    assertThat(none.fixedLineHopReported).isFalse();
    assertThat(none.currentNetworkResidential).isFalse();
  }
}
