package dev.vigil.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.engine.ChurnWorkload;
import dev.vigil.core.engine.SessionHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class StateMapperTest {
  static final AccountProfileMapper ACCOUNTS = new AccountProfileMapper();
  static final SessionStateMapper SESSIONS = new SessionStateMapper();

  @Test
  void accountAndSessionRoundTripToIdenticalBytes() {
    SessionHarness h = new SessionHarness();
    h.trainOwner(10, 30);
    AccountProfile a = h.account("acct-1");
    SessionState s = h.session("owner-9");
    byte[] ab = ACCOUNTS.toBytes(a);
    byte[] sb = SESSIONS.toBytes(s);
    assertThat(ACCOUNTS.toBytes(ACCOUNTS.fromBytes(ab))).isEqualTo(ab);
    assertThat(SESSIONS.toBytes(SESSIONS.fromBytes(sb))).isEqualTo(sb);
    assertThat(ab[0]).isEqualTo((byte) AccountProfileMapper.VERSION);
    assertThat(sb[0]).isEqualTo((byte) SessionStateMapper.VERSION);
  }

  @Test
  void memoryCapsHoldWhenEveryRequestComesFromANewIpAndClient() {
    SessionHarness h = ChurnWorkload.run(20_000);
    AccountProfile a = h.account("acct-1");
    for (var t : a.tables()) {
      assertThat(t.size()).isLessThanOrEqualTo(t.capacity());
    }
    assertThat(ACCOUNTS.toBytes(a).length)
        .isLessThanOrEqualTo(AccountProfileMapper.MAX_BYTES)
        .isLessThanOrEqualTo(4096);
    assertThat(SESSIONS.toBytes(h.session("churn")).length)
        .isLessThanOrEqualTo(SessionStateMapper.MAX_BYTES)
        .isLessThanOrEqualTo(1024);
  }

  @Test
  void versionOneBytesFromTheResourceFileStayLoadable() throws IOException {
    byte[] account = resource("/state/account-profile-v1.bin");
    byte[] session = resource("/state/session-state-v1.bin");
    AccountProfile a = ACCOUNTS.fromBytes(account);
    SessionState s = SESSIONS.fromBytes(session);
    // The fixture is the profile after 10 days of trainOwner(10, 30).
    assertThat(a.sessionsLearned).isEqualTo(10);
    assertThat(a.prefixes.count(dev.vigil.core.sketch.Hashing.ipPrefix("81.250.10.23")))
        .isPositive();
    assertThat(s.events).isEqualTo(30);
    assertThat(s.unusualInstruments).as("absent in version 1").isZero();
    assertThat(ACCOUNTS.toBytes(a)).isEqualTo(account);
    // Written back as the current version: the same bytes after the version, plus the (empty)
    // mask of version 2 and the (empty) policy block of version 3.
    byte[] rewritten = SESSIONS.toBytes(s);
    assertThat(rewritten[0]).isEqualTo((byte) SessionStateMapper.VERSION);
    assertThat(Arrays.copyOfRange(rewritten, 1, session.length))
        .isEqualTo(Arrays.copyOfRange(session, 1, session.length));
    assertThat(rewritten).hasSize(session.length + 8 + POLICY_BLOCK_BYTES);
  }

  /** Version 3's policy block: kinds count, 8 floats per kind, volume float, flags byte. */
  private static final int POLICY_BLOCK_BYTES = 1 + 4 * SessionState.EVIDENCE_KINDS + 4 + 1;

  @Test
  void versionTwoBytesFromTheResourceFileStayLoadable() throws IOException {
    byte[] session = resource("/state/session-state-v2.bin");
    SessionState s = SESSIONS.fromBytes(session);
    // The fixture is a session that quoted two instruments new to the account.
    assertThat(Long.bitCount(s.unusualInstruments)).isEqualTo(2);
    assertThat(s.kindLlr).as("absent before version 3").containsOnly(0f);
    assertThat(s.holdScope).isZero();
    byte[] rewritten = SESSIONS.toBytes(s);
    assertThat(Arrays.copyOfRange(rewritten, 1, session.length))
        .isEqualTo(Arrays.copyOfRange(session, 1, session.length));
    assertThat(rewritten).hasSize(session.length + POLICY_BLOCK_BYTES);
  }

  @Test
  void versionThreeBytesFromTheResourceFileStayLoadable() throws IOException {
    byte[] session = resource("/state/session-state-v3.bin");
    SessionState s = SESSIONS.fromBytes(session);
    // The same session as version 2's fixture: its two unusual instruments are behaviour evidence.
    assertThat(Long.bitCount(s.unusualInstruments)).isEqualTo(2);
    assertThat(s.kindLlr[dev.vigil.core.evidence.EvidenceKind.BEHAVIOUR.ordinal()]).isPositive();
    assertThat(SESSIONS.toBytes(s)).isEqualTo(session);
  }

  @Test
  void rejectsAnUnknownVersionWithAClearMessage() {
    byte[] b = ACCOUNTS.toBytes(new AccountProfile());
    b[0] = 9;
    assertThatThrownBy(() -> ACCOUNTS.fromBytes(b))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage(
            "account profile state version 9 is not readable by this build (knows 1..1)");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = StateMapperTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }

  /**
   * Writes the fixture of the current session version; run by hand only when adding a new version
   * (never overwrite an older one): {@code session-state-v3.bin} (as {@code v2}), a session that
   * ordered two instruments its account never traded (it trades BTC-PERP only).
   */
  public static void main(String[] args) throws IOException {
    SessionHarness h = new SessionHarness();
    h.trainOwner(10, 30);
    long t = dev.vigil.core.engine.Events.T0 + 11 * 86_400_000L;
    for (int i = 0; i < 100; i++) {
      h.score(
          dev.vigil.core.engine.Events.owner("history", t - 3_600_000L + i * 1_000)
              .setMethod("POST")
              .setPath("/api/v1/orders")
              .setInstrument("BTC-PERP")
              .setNotionalUsd(1_000.0)
              .build());
    }
    String[] instruments = {"XRP-27NOV26-1-C", "DOGE-PERP"};
    for (int i = 0; i < 4; i++) {
      h.score(
          dev.vigil.core.engine.Events.owner("quoting", t + i * 1_000)
              .setMethod("POST")
              .setPath("/api/v1/orders")
              .setInstrument(instruments[i % 2])
              .setNotionalUsd(1_000.0)
              .build());
    }
    java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
    java.nio.file.Files.write(
        dir.resolve("session-state-v" + SessionStateMapper.VERSION + ".bin"),
        SESSIONS.toBytes(h.session("quoting")));
  }
}
