package dev.vigil.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.engine.ChurnWorkload;
import dev.vigil.core.engine.SessionHarness;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
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
    assertThat(ACCOUNTS.toBytes(a)).isEqualTo(account);
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
   * Regenerates the v1 fixtures; run by hand only when adding a new version (never overwrite v1).
   */
  public static void main(String[] args) throws IOException {
    SessionHarness h = new SessionHarness();
    h.trainOwner(10, 30);
    java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
    java.nio.file.Files.write(
        dir.resolve("account-profile-v1.bin"), ACCOUNTS.toBytes(h.account("acct-1")));
    java.nio.file.Files.write(
        dir.resolve("session-state-v1.bin"), SESSIONS.toBytes(h.session("owner-9")));
  }
}
