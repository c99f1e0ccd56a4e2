package dev.vigil.core.profile;

import dev.vigil.core.engine.SessionHarness;
import dev.vigil.core.engine.Signals;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.io.IOException;

/**
 * Writes the state fixtures that {@link StateMapperTest} loads (the bytes of each session and
 * account version, in {@code src/test/resources/state}): a test-scope tool run by hand with the
 * test classpath, never by the build. It refuses to overwrite a fixture, so an older version's
 * bytes stay as they were written.
 */
final class StateFixtureWriter {
  private static final AccountProfileMapper ACCOUNTS = new AccountProfileMapper();
  private static final SessionStateMapper SESSIONS = new SessionStateMapper();

  private StateFixtureWriter() {}

  /**
   * Writes the fixture of the current session version into the directory {@code args[0]}, or with a
   * second argument {@code account-only} the current account version's; run by hand only when
   * adding a new version (never overwrite an older one): {@code session-state-v7.bin}, a session
   * using the key of its account's bot from another provider, 10 requests in (two overlaps
   * counted), then an order fifty times the bot's 30 orders, after a failed TOTP step-up and a
   * passkey pass, while a credential-stuffing wave is live on its AS (version 6 was the same
   * session without the order and the wave), and {@code account-profile-v6.bin}, its account, the
   * bot's key in a slot. With {@code account-only} it writes {@code account-profile-v8.bin}: 30
   * days of the owner, then a session on stolen credentials that withdrew from a foreign VPS and
   * was killed, so the account response sent KILL_ALL_SESSIONS and HOLD_WITHDRAWALS (the version 7
   * fixture was ten days of an owner in the exchange's Android app on one phone, one device model
   * known). (The version 5 fixtures were the same session before the outcomes and its account; the
   * version 4 fixtures were a quiet session of four requests from a French network of an AS new to
   * the account, and its account after 10 days of one client, with that network on probation; the
   * version 3 fixtures a session whose owner's network and a proxy's 5,000 km away interleave
   * within seconds and that then pages the order history three times and resets MFA, and its
   * account.)
   */
  public static void main(String[] args) throws IOException {
    SessionHarness h = new SessionHarness();
    long t = dev.vigil.core.engine.Events.T0;
    // Version 7: a credential-stuffing wave is live on the thief's AS (its signal counted once).
    Signals.live(h, SignalKind.LOGIN_WAVE, SignalSubject.AUTONOMOUS_SYSTEM, "AS20473");
    java.util.function.BiFunction<String, Long, dev.vigil.schema.AccessEvent.Builder> bot =
        (session, at) ->
            dev.vigil.core.engine.Events.owner(session, at)
                .setSourceIp("18.184.10.5")
                .setAsNumber(16509L)
                .setCountry("DE")
                .setUserAgent("hummingbot/2.1.0")
                .setAuthMethod(dev.vigil.schema.AuthMethod.HMAC)
                .setApiKeyId("ak_fixture")
                .setMfa(null);
    for (int i = 0; i < 600; i++) {
      h.score(bot.apply("bot", t + i * 2_000L).build());
    }
    long s0 = t + 1_200_000L;
    for (int i = 0; i < 10; i++) {
      h.score(bot.apply("bot", s0 + i * 2_000L).build());
      h.score(
          bot.apply("thief", s0 + i * 2_000L + 1_000L)
              .setSourceIp("45.77.200.9")
              .setAsNumber(20473L)
              .setCountry("SG")
              .setPath("/api/v3/account/trades")
              .build());
    }
    // Version 7: the bot's usual orders, then one of the thief's fifty times their size.
    for (int i = 0; i < 30; i++) {
      h.score(
          bot.apply("bot", s0 + 25_000L + i * 200L)
              .setMethod("POST")
              .setPath("/api/v3/order")
              .setInstrument("BTC-USD")
              .setNotionalUsd(1000.0 + i)
              .build());
    }
    h.score(
        bot.apply("thief", s0 + 32_000L)
            .setSourceIp("45.77.200.9")
            .setAsNumber(20473L)
            .setCountry("SG")
            .setMethod("POST")
            .setPath("/api/v3/order")
            .setInstrument("BTC-USD")
            .setNotionalUsd(50_000.0)
            .build());
    SessionState thief = h.session("thief");
    for (String[] o :
        new String[][] {
          {"fixture-failed", "STEP_UP_FAILED", "totp"},
          {"fixture-passed", "STEP_UP_PASSED", "passkey"}
        }) {
      h.engine.applyOutcome(
          h.account("acct-1"),
          thief,
          dev.vigil.schema.EnforcementOutcome.newBuilder()
              .setOutcomeId(o[0])
              .setSessionId("thief")
              .setAccountId("acct-1")
              .setKind(dev.vigil.schema.OutcomeKind.valueOf(o[1]))
              .setFactor(o[2])
              .setTime(s0 + 30_000L)
              .setGatewayId("gw-fixture")
              .build(),
          h.model,
          h.scored);
    }
    java.nio.file.Path dir = java.nio.file.Path.of(args[0]);
    if (args.length < 2 || !args[1].equals("account-only")) {
      java.nio.file.Path session =
          dir.resolve("session-state-v" + SessionStateMapper.VERSION + ".bin");
      if (java.nio.file.Files.exists(session)) {
        throw new IllegalStateException(
            session + " exists: fixtures of a version are never rewritten");
      }
      java.nio.file.Files.write(session, SESSIONS.toBytes(thief));
    } else if (AccountProfileMapper.VERSION == 8) {
      // Version 8: 30 days of the owner, then stolen credentials used for a withdrawal from a
      // foreign VPS, killed: the account logged out everywhere and held (sequence 2).
      SessionHarness stolen = new SessionHarness();
      long at = stolen.trainOwner(30, 30) + 86_400_000L;
      stolen.score(dev.vigil.core.engine.Events.attacker("stolen", at).build());
      stolen.score(
          dev.vigil.core.engine.Events.attacker("stolen", at + 5_000)
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .setWithdrawalAddress("bc1qattacker")
              .build());
      java.nio.file.Path account = dir.resolve("account-profile-v8.bin");
      if (java.nio.file.Files.exists(account)) {
        throw new IllegalStateException(
            account + " exists: fixtures of a version are never rewritten");
      }
      java.nio.file.Files.write(account, ACCOUNTS.toBytes(stolen.account("acct-1")));
    } else {
      // Version 7: an owner in the Android app on one phone for ten days (its device model).
      SessionHarness phone = new SessionHarness();
      for (int d = 0; d < 10; d++) {
        for (int i = 0; i < 30; i++) {
          phone.score(
              dev.vigil.core.engine.Events.owner(
                      "owner-" + d, t + d * 86_400_000L + 9 * 3_600_000L + i * 20_000L)
                  .setUserAgent("okhttp/4.12.0 DerivXApp/5.12.3 (Android 14; SM-S921B)")
                  .build());
        }
      }
      java.nio.file.Path account =
          dir.resolve("account-profile-v" + AccountProfileMapper.VERSION + ".bin");
      if (java.nio.file.Files.exists(account)) {
        throw new IllegalStateException(
            account + " exists: fixtures of a version are never rewritten");
      }
      java.nio.file.Files.write(account, ACCOUNTS.toBytes(phone.account("acct-1")));
    }
  }
}
