package dev.vigil.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.ResponseRules;
import dev.vigil.core.model.RiskModelLoader;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import org.junit.jupiter.api.Test;

/**
 * A breaker restored from its bytes goes on as the one that wrote them: open stays open, the
 * baselines and the trip count survive, and the next kills are decided the same.
 */
class KillRateBreakerMapperTest {
  private static final ResponseRules R = RiskModelLoader.defaults().policy.response;
  private static final KillRateBreakerMapper MAPPER = KillRateBreakerMapper.INSTANCE;
  private static final long HOUR = 3_600_000L;
  private static final int TRAVEL = EvidenceCode.IMPOSSIBLE_TRAVEL.ordinal();
  private static final int NETWORK = EvidenceCode.NEW_NETWORK.ordinal();

  /** A day of one kill an hour, then 12 travel kills 20 s apart: open, overall and for travel. */
  private static KillRateBreaker midStorm() {
    KillRateBreaker b = new KillRateBreaker();
    long t = 0;
    for (int h = 0; h < 24; h++) {
      t += HOUR;
      b.tick(t, R);
      b.recordKill(t, NETWORK, R);
    }
    for (int i = 0; i < 12; i++) {
      t += 20_000;
      b.tick(t, R);
      b.recordKill(t, TRAVEL, R);
    }
    return b;
  }

  /** Feeds both breakers the same kills; returns how many the first admitted. */
  private static int sameKills(KillRateBreaker a, KillRateBreaker b, long from) {
    int admitted = 0;
    for (int i = 0; i < 60; i++) {
      long t = from + i * 30_000L;
      int code = i % 3 == 0 ? NETWORK : TRAVEL;
      a.tick(t, R);
      b.tick(t, R);
      a.recordKill(t, code, R);
      b.recordKill(t, code, R);
      assertThat(b.allowsKill(code, R)).as("kill %d", i).isEqualTo(a.allowsKill(code, R));
      assertThat(b.isOpen()).isEqualTo(a.isOpen());
      admitted += a.allowsKill(code, R) ? 1 : 0;
    }
    return admitted;
  }

  @Test
  void aRestoredBreakerStaysOpenAndDecidesTheNextKillsAsTheUninterruptedOne() {
    KillRateBreaker uninterrupted = midStorm();
    assertThat(uninterrupted.isOpen()).isTrue();
    byte[] bytes = MAPPER.toBytes(uninterrupted);
    KillRateBreaker restored = MAPPER.fromBytes(bytes);

    assertThat(MAPPER.toBytes(restored)).isEqualTo(bytes);
    assertThat(bytes[0]).isEqualTo((byte) 1);
    assertThat(bytes.length).as("compact").isLessThan(2048);
    assertThat(restored.isOpen()).isTrue();
    assertThat(restored.trips()).isEqualTo(uninterrupted.trips()).isEqualTo(2);
    assertThat(restored.blockingCode(TRAVEL)).isEqualTo(KillRateBreaker.BLOCKED_OVERALL);
    assertThat(restored.recentPerHour(-1, R)).isEqualTo(uninterrupted.recentPerHour(-1, R));
    assertThat(restored.baselinePerHour(TRAVEL, R))
        .isEqualTo(uninterrupted.baselinePerHour(TRAVEL, R));

    long next = 24 * HOUR + 13 * 20_000L; // the storm goes on, a kill every 30 s
    int admitted = sameKills(uninterrupted, restored, next);
    // A breaker that began cold would have let the first kills of the storm through.
    KillRateBreaker cold = new KillRateBreaker();
    int coldAdmitted = sameKills(cold, new KillRateBreaker(), next);
    System.out.printf(
        "%d bytes; of 60 storm kills after the restore %d admitted, %d by a cold breaker%n",
        bytes.length, admitted, coldAdmitted);
    assertThat(admitted).isZero();
    assertThat(coldAdmitted).isEqualTo(12);
  }

  @Test
  void ratesAreReadByNameSoAnUnknownCodeIsDroppedAndAMissingOneStartsClosed() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      out.writeByte(1);
      out.writeInt(2);
      writeRate(out, "a_code_of_a_later_build", 20, 1, true);
      writeRate(out, "impossible_travel", 20, 1, true);
      out.writeLong(HOUR);
      out.writeLong(HOUR);
      out.writeLong(3);
    }
    KillRateBreaker b = MAPPER.fromBytes(bytes.toByteArray());
    assertThat(b.isOpen()).isTrue();
    assertThat(b.blockingCode(TRAVEL)).isEqualTo(TRAVEL);
    assertThat(b.blockingCode(NETWORK)).as("overall rate absent: closed").isEqualTo(-1);
    assertThat(b.trips()).isEqualTo(3);
  }

  @Test
  void aVersionThisBuildDoesNotKnowIsRefusedPlainly() {
    byte[] bytes = MAPPER.toBytes(new KillRateBreaker());
    bytes[0] = 2;
    assertThatThrownBy(() -> MAPPER.fromBytes(bytes))
        .hasRootCauseMessage(
            "kill-rate breaker state version 2 is not readable by this build (knows 1..1)");
  }

  private static void writeRate(
      DataOutputStream out, String name, double recent, double baseline, boolean open)
      throws IOException {
    out.writeUTF(name);
    out.writeDouble(recent);
    out.writeDouble(baseline);
    out.writeLong(HOUR);
    out.writeBoolean(open);
  }
}
