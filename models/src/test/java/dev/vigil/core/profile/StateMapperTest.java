package dev.vigil.core.profile;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.engine.ChurnWorkload;
import dev.vigil.core.engine.SessionHarness;
import dev.vigil.core.model.EndpointRole;
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
    assertThat(a.lineages.size()).as("absent in version 1").isZero();
    // Written back as account version 6: the same bytes, plus the (empty) lineage count and role
    // counts of version 2, the (zero) count of new sessions of version 3, the (empty) probation
    // slots of version 4 and no API-key slot (version 5), so no slot client either (version 6).
    byte[] account4 = ACCOUNTS.toBytes(a);
    assertThat(account4[0]).isEqualTo((byte) AccountProfileMapper.VERSION);
    assertThat(Arrays.copyOfRange(account4, 1, account.length))
        .isEqualTo(Arrays.copyOfRange(account, 1, account.length));
    assertThat(account4)
        .hasSize(
            account.length
                + 1
                + (EndpointRole.COUNT + 1) * 4
                + 12
                + AccountProfileMapper.V4_BLOCK_BYTES
                + 1 // no API-key slot (version 5)
                + 1 // no device model (version 7)
                + AccountProfileMapper.V8_EMPTY_BYTES); // nothing sent (version 8)
    assertThat(a.rolesTotal).as("absent in version 1").isZero();
    // Written back as session version 7: the same bytes after the version, plus the (empty) mask
    // of version 2, the (empty) block of version 3, a zero count of lessons (version 4), no key
    // overlap (version 5), no outcome (version 6), no notional peak and no exchange signal counted
    // (version 7).
    byte[] rewritten = SESSIONS.toBytes(s);
    assertThat(rewritten[0]).isEqualTo((byte) SessionStateMapper.VERSION);
    assertThat(Arrays.copyOfRange(rewritten, 1, session.length))
        .isEqualTo(Arrays.copyOfRange(session, 1, session.length));
    assertThat(rewritten)
        .hasSize(
            session.length
                + 8
                + SessionStateMapper.V3_BLOCK_BYTES
                + 1
                + SessionStateMapper.V5_BLOCK_BYTES
                + OutcomeMemory.EMPTY_BYTES
                + SessionStateMapper.V7_BLOCK_BYTES);
  }

  @Test
  void versionTwoBytesFromTheResourceFileStayLoadable() throws IOException {
    byte[] session = resource("/state/session-state-v2.bin");
    SessionState s = SESSIONS.fromBytes(session);
    // The fixture is a session that quoted two instruments new to the account.
    assertThat(Long.bitCount(s.unusualInstruments)).isEqualTo(2);
    assertThat(s.travelPairs).as("absent in version 2").isZero();
    assertThat(s.kindLlr).as("absent before version 3").containsOnly(0f);
    assertThat(s.holdScope).isZero();
    assertThat(s.roleCounts).as("absent in version 2").containsOnly(0);
    byte[] rewritten = SESSIONS.toBytes(s);
    assertThat(Arrays.copyOfRange(rewritten, 1, session.length))
        .isEqualTo(Arrays.copyOfRange(session, 1, session.length));
    assertThat(rewritten)
        .hasSize(
            session.length
                + SessionStateMapper.V3_BLOCK_BYTES
                + 1
                + SessionStateMapper.V5_BLOCK_BYTES
                + OutcomeMemory.EMPTY_BYTES
                + SessionStateMapper.V7_BLOCK_BYTES);
  }

  @Test
  void versionThreeSessionAndVersionTwoAccountBytesStayLoadable() throws IOException {
    byte[] session = resource("/state/session-state-v3.bin");
    byte[] account = resource("/state/account-profile-v2.bin");
    SessionState s = SESSIONS.fromBytes(session);
    AccountProfile a = ACCOUNTS.fromBytes(account);
    // The fixtures: a hijacked session interleaving its owner's network with a proxy's, after a
    // travel leg, that then paged the order history three times and reset MFA, on an account that
    // learned one client lineage and its role mix (balance, orders, prices in equal parts).
    assertThat(Long.bitCount(s.interleavedNetworkPairs)).isEqualTo(1);
    assertThat(Long.bitCount(s.travelPairs)).isEqualTo(1);
    assertThat(s.networkSwitches).isGreaterThanOrEqualTo(3);
    assertThat(s.currentUserAgent).isNotZero();
    assertThat(a.lineages.size()).isEqualTo(1);
    assertThat(s.kindLlr[dev.vigil.core.evidence.EvidenceKind.CONCURRENCY.ordinal()]).isPositive();
    assertThat(s.roleCounts[EndpointRole.HISTORY.ordinal()]).isEqualTo((byte) 3);
    assertThat(s.roleCounts[EndpointRole.SECURITY_SETTINGS.ordinal()]).isEqualTo((byte) 1);
    assertThat(s.securityChangeMillis).isPositive();
    assertThat(a.roles[EndpointRole.ORDERS.ordinal()] / a.rolesTotal).isBetween(0.2f, 0.5f);
    assertThat(s.lessons).as("absent in version 3").isZero();
    byte[] session4 = SESSIONS.toBytes(s);
    assertThat(Arrays.copyOfRange(session4, 1, session.length))
        .isEqualTo(Arrays.copyOfRange(session, 1, session.length));
    assertThat(session4)
        .hasSize(
            session.length
                + 1
                + SessionStateMapper.V5_BLOCK_BYTES
                + OutcomeMemory.EMPTY_BYTES
                + SessionStateMapper.V7_BLOCK_BYTES);
    // Written back as account version 6: the same bytes plus a zero count of new sessions, the
    // empty probation slots and no API-key slot (so no slot client).
    assertThat(a.newSessions).as("absent in version 2").isZero();
    byte[] account4 = ACCOUNTS.toBytes(a);
    assertThat(account4[0]).isEqualTo((byte) AccountProfileMapper.VERSION);
    assertThat(Arrays.copyOfRange(account4, 1, account.length))
        .isEqualTo(Arrays.copyOfRange(account, 1, account.length));
    assertThat(account4)
        .hasSize(
            account.length
                + 12
                + AccountProfileMapper.V4_BLOCK_BYTES
                + 2
                + AccountProfileMapper.V8_EMPTY_BYTES);
  }

  @Test
  void versionThreeAccountBytesStayLoadable() throws IOException {
    // The fixture: the account of the version 3 session fixture, written by the version 3 build.
    byte[] account = resource("/state/account-profile-v3.bin");
    AccountProfile a = ACCOUNTS.fromBytes(account);
    assertThat(a.sessionsLearned).isEqualTo(10);
    assertThat(a.newSessions).isPositive();
    assertThat(a.probationVisits).as("absent in version 3").containsOnly(0);
    byte[] account4 = ACCOUNTS.toBytes(a);
    assertThat(Arrays.copyOfRange(account4, 1, account.length))
        .isEqualTo(Arrays.copyOfRange(account, 1, account.length));
    assertThat(account4)
        .hasSize(
            account.length
                + AccountProfileMapper.V4_BLOCK_BYTES
                + 2
                + AccountProfileMapper.V8_EMPTY_BYTES);
  }

  @Test
  void versionFourBytesKeepTheLessonsAndTheNetworksOnProbation() throws IOException {
    byte[] session = resource("/state/session-state-v4.bin");
    byte[] account = resource("/state/account-profile-v4.bin");
    SessionState s = SESSIONS.fromBytes(session);
    AccountProfile a = ACCOUNTS.fromBytes(account);
    // The fixtures: a quiet session from a network new to the account (prefix and AS), on the
    // account of 10 days of trainOwner(10, 30): one lesson, one visit on probation.
    long proxy = dev.vigil.core.sketch.Hashing.ipPrefix("92.184.100.7");
    assertThat(s.lessons).isEqualTo(1);
    assertThat(s.lessonPrefixes[0]).isEqualTo(proxy);
    assertThat(s.lessonFlags[0] & SessionState.LESSON_PROBATION_VISIT).isNotZero();
    assertThat(ProfileLearner.probationVisits(a, s.lessonAsns[0], proxy)).isEqualTo(1);
    assertThat(a.prefixes.count(proxy)).isZero();
    // Written back as the current version (account 5): the same bytes, plus no key overlap, no
    // API-key slot, no outcome, no notional peak and no exchange signal counted.
    byte[] session5 = SESSIONS.toBytes(s);
    assertThat(Arrays.copyOfRange(session5, 1, session.length))
        .isEqualTo(Arrays.copyOfRange(session, 1, session.length));
    assertThat(session5)
        .hasSize(
            session.length
                + SessionStateMapper.V5_BLOCK_BYTES
                + OutcomeMemory.EMPTY_BYTES
                + SessionStateMapper.V7_BLOCK_BYTES);
    byte[] account5 = ACCOUNTS.toBytes(a);
    assertThat(Arrays.copyOfRange(account5, 1, account.length))
        .isEqualTo(Arrays.copyOfRange(account, 1, account.length));
    assertThat(account5).hasSize(account.length + 2 + AccountProfileMapper.V8_EMPTY_BYTES);
    // Rolled back from the restored state: the visit is uncounted.
    ProfileLearner.rollback(a, s, dev.vigil.core.model.RiskModelLoader.defaults());
    assertThat(ProfileLearner.probationVisits(a, s.lessonAsns[0], proxy)).isZero();
  }

  @Test
  void versionFiveBytesKeepTheKeySlotsAndTheOverlaps() throws IOException {
    byte[] session = resource("/state/session-state-v5.bin");
    byte[] account = resource("/state/account-profile-v5.bin");
    SessionState s = SESSIONS.fromBytes(session);
    AccountProfile a = ACCOUNTS.fromBytes(account);
    // The fixtures: a session paging the trade history with the key of the account's bot from
    // another provider, 10 requests in, and its account (the bot's key in one slot).
    assertThat(s.keyOverlaps).isEqualTo((byte) 2);
    assertThat(s.keyOverlapMillis).isPositive();
    assertThat(a.keySlotKeys).containsOnlyOnce(dev.vigil.core.sketch.Hashing.of("ak_fixture"));
    assertThat(s.outcomeCount).as("absent in version 5").isZero();
    // Written back as version 7: the same bytes, plus no outcome, no notional peak and no exchange
    // signal counted.
    byte[] session7 = SESSIONS.toBytes(s);
    assertThat(session7[0]).isEqualTo((byte) SessionStateMapper.VERSION);
    assertThat(Arrays.copyOfRange(session7, 1, session.length))
        .isEqualTo(Arrays.copyOfRange(session, 1, session.length));
    assertThat(session7)
        .hasSize(session.length + OutcomeMemory.EMPTY_BYTES + SessionStateMapper.V7_BLOCK_BYTES);
    assertThat(a.keySlotClients).as("absent in version 5").containsOnly(0L);
    // Written back as account version 7: the same bytes plus the slot's (unknown) client and no
    // device.
    byte[] account6 = ACCOUNTS.toBytes(a);
    assertThat(account6[0]).isEqualTo((byte) AccountProfileMapper.VERSION);
    assertThat(Arrays.copyOfRange(account6, 1, account.length))
        .isEqualTo(Arrays.copyOfRange(account, 1, account.length));
    assertThat(account6).hasSize(account.length + 8 + 1 + AccountProfileMapper.V8_EMPTY_BYTES);
  }

  @Test
  void versionSixAccountBytesKeepTheClientOfEachKeySlot() throws IOException {
    byte[] account = resource("/state/account-profile-v6.bin");
    AccountProfile a = ACCOUNTS.fromBytes(account);
    // The fixture: the account of the version 5 session fixture, written by the version 6 build;
    // the bot's key in one slot, last used by the thief's Go client.
    int slot = a.keySlotKeys[0] == dev.vigil.core.sketch.Hashing.of("ak_fixture") ? 0 : 1;
    assertThat(a.keySlotKeys[slot]).isEqualTo(dev.vigil.core.sketch.Hashing.of("ak_fixture"));
    assertThat(a.keySlotClients[slot]).isNotZero();
    assertThat(a.devices.size()).as("absent in version 6").isZero();
    // Written back in the current version: the same bytes plus an empty device list (one count
    // byte) and (version 8) an account response that sent nothing.
    byte[] account7 = ACCOUNTS.toBytes(a);
    assertThat(account7[0]).isEqualTo((byte) AccountProfileMapper.VERSION);
    assertThat(Arrays.copyOfRange(account7, 1, account.length))
        .isEqualTo(Arrays.copyOfRange(account, 1, account.length));
    assertThat(account7).hasSize(account.length + 1 + AccountProfileMapper.V8_EMPTY_BYTES);
  }

  @Test
  void versionSevenAccountBytesKeepTheDeviceModelsTheOwnerUsed() throws IOException {
    byte[] account = resource("/state/account-profile-v7.bin");
    AccountProfile a = ACCOUNTS.fromBytes(account);
    // The fixture: ten days of an owner in the exchange's Android app on one phone.
    assertThat(a.devices.size()).isEqualTo(1);
    assertThat(a.devices.knows(dev.vigil.core.sketch.Hashing.of("samsung sm-s921b"))).isTrue();
    assertThat(a.accountActionMillis).as("absent in version 7").containsOnly(0L);
    assertThat(a.accountCommandSequence).isZero();
    // Written back as version 8: the same bytes plus an account response that sent nothing.
    byte[] account8 = ACCOUNTS.toBytes(a);
    assertThat(account8[0]).isEqualTo((byte) 8);
    assertThat(Arrays.copyOfRange(account8, 1, account.length))
        .isEqualTo(Arrays.copyOfRange(account, 1, account.length));
    assertThat(account8).hasSize(account.length + AccountProfileMapper.V8_EMPTY_BYTES);
  }

  @Test
  void versionEightAccountBytesKeepWhatTheAccountResponseSent() throws IOException {
    byte[] account = resource("/state/account-profile-v8.bin");
    AccountProfile a = ACCOUNTS.fromBytes(account);
    // The fixture: a session on stolen credentials killed after a withdrawal, 31 days in: the
    // account was logged out everywhere and held (sequences 1 and 2), nothing else.
    long killedAt = a.accountActionMillis[0];
    assertThat(killedAt).isPositive();
    assertThat(a.accountActionMillis[1]).isEqualTo(killedAt);
    assertThat(a.accountActionMillis[2]).isZero();
    assertThat(a.revokedKeys).containsOnly(0L);
    assertThat(a.accountCommandSequence).isEqualTo(2);
    assertThat(ACCOUNTS.toBytes(a)).isEqualTo(account);
  }

  @Test
  void versionSixBytesKeepTheOutcomesSeenAndTheChallengeEvidence() throws IOException {
    byte[] session = resource("/state/session-state-v6.bin");
    SessionState s = SESSIONS.fromBytes(session);
    // The fixture: the version 5 fixture's session after a failed TOTP step-up (outcome
    // "fixture-failed") and a passkey pass ("fixture-passed").
    assertThat(s.kindLlr[dev.vigil.core.evidence.EvidenceKind.CHALLENGE.ordinal()])
        .isCloseTo((float) Math.log(200), org.assertj.core.api.Assertions.within(1e-4f));
    assertThat(s.stepUpFactorsPassed).isEqualTo((byte) dev.vigil.core.model.StepUpOutcomes.PASSKEY);
    assertThat(s.outcomeCount).isEqualTo(2);
    assertThat(OutcomeMemory.seen(s, dev.vigil.core.sketch.Hashing.of("fixture-failed"))).isTrue();
    assertThat(OutcomeMemory.seen(s, dev.vigil.core.sketch.Hashing.of("fixture-passed"))).isTrue();
    assertThat(s.notionalPeakZ).as("absent in version 6").isZero();
    assertThat(s.scoredSignals).as("absent in version 6").isZero();
    // Written back as version 7: the same bytes, plus a zero notional peak and no signal counted.
    byte[] session7 = SESSIONS.toBytes(s);
    assertThat(session7[0]).isEqualTo((byte) 7);
    assertThat(Arrays.copyOfRange(session7, 1, session.length))
        .isEqualTo(Arrays.copyOfRange(session, 1, session.length));
    assertThat(session7).hasSize(session.length + SessionStateMapper.V7_BLOCK_BYTES);
  }

  @Test
  void versionSevenBytesKeepTheSessionsPeakNotional() throws IOException {
    byte[] session = resource("/state/session-state-v7.bin");
    SessionState s = SESSIONS.fromBytes(session);
    // The fixture: the version 6 fixture's scenario, then 30 of the bot's orders of about 1,000
    // USD and one of the thief's of 50,000 USD: z = ln(50) / 0.25 above the bot's sizes.
    assertThat(s.notionalPeakZ).isGreaterThan(10f);
    assertThat(s.outcomeCount).isEqualTo(2);
    assertThat(SESSIONS.toBytes(s)).isEqualTo(session);
  }

  @Test
  void rejectsAnUnknownVersionWithAClearMessage() {
    byte[] b = ACCOUNTS.toBytes(new AccountProfile());
    b[0] = 9;
    assertThatThrownBy(() -> ACCOUNTS.fromBytes(b))
        .isInstanceOf(UncheckedIOException.class)
        .hasRootCauseMessage(
            "account profile state version 9 is not readable by this build (knows 1.."
                + AccountProfileMapper.VERSION
                + ")");
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = StateMapperTest.class.getResourceAsStream(name)) {
      assertThat(in).as(name).isNotNull();
      return in.readAllBytes();
    }
  }
}
