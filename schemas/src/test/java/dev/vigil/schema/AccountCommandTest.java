package dev.vigil.schema;

import static dev.vigil.schema.CommandAuthenticatorTest.KEY_A;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandVerifier.Verdict;
import dev.vigil.schema.SessionEnforcement.Outcome;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.HexFormat;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificDatumWriter;
import org.junit.jupiter.api.Test;

/**
 * Account commands (schema version 8): the new actions and fields are covered by the signature
 * (version 5 form), an older reader sees them as OTHER, and a session's enforcement applies an
 * account kill and hold without mixing the account's order with the session's.
 */
class AccountCommandTest {
  private static final long ISSUED = 1_764_400_000_000L;

  static SessionCommand revoke(String keyId) {
    SessionCommand c = CommandVersion4Test.lateKill();
    c.setCommandId("req-9:revoke_api_key");
    c.setAction(CommandAction.REVOKE_API_KEY);
    c.setTarget(CommandTarget.ACCOUNT);
    c.getParameters().setApiKeyId(keyId);
    return c;
  }

  static SessionCommand account(CommandAction action, long sequence) {
    SessionCommand c = CommandVersion4Test.lateKill();
    c.setCommandId("req-9:" + action.name().toLowerCase(java.util.Locale.ROOT));
    c.setAction(action);
    c.setTarget(CommandTarget.ACCOUNT);
    c.setSequence(sequence);
    if (action == CommandAction.HOLD_WITHDRAWALS) {
      c.getParameters().setHoldSeconds(604_800L);
      c.getParameters().setHoldScope(HoldScope.ALL);
    }
    return c;
  }

  @Test
  void aTamperedOrStrippedApiKeyIdFailsVerification() {
    CommandAuthenticator auth = CommandAuthenticator.parse("k1:" + KEY_A);
    CommandVerifier verifier = new CommandVerifier(auth.ring());

    SessionCommand tampered = auth.sign(revoke("ak_thief"));
    tampered.getParameters().setApiKeyId("ak_owner_trading_bot");
    SessionCommand stripped = auth.sign(revoke("ak_thief"));
    stripped.getParameters().setApiKeyId(null);

    assertThat(verifier.verify(tampered, ISSUED)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify(stripped, ISSUED)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify(auth.sign(revoke("ak_thief")), ISSUED)).isEqualTo(Verdict.VALID);
  }

  @Test
  void wideningASignedSessionCommandToTheAccountFailsVerification() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    Ed25519CommandSigner signer = new Ed25519CommandSigner(pair.getPrivate());
    CommandVerifier verifier =
        new CommandVerifier(
            CommandKeyRing.parse(
                "ed25519:"
                    + java.util.Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));

    SessionCommand widened = signer.sign(CommandVersion4Test.lateKill());
    widened.setTarget(CommandTarget.ACCOUNT);
    widened.setAction(CommandAction.KILL_ALL_SESSIONS);
    SessionCommand narrowed = signer.sign(account(CommandAction.KILL_ALL_SESSIONS, 3));
    narrowed.setTarget(CommandTarget.SESSION);

    assertThat(verifier.verify(widened, ISSUED)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify(narrowed, ISSUED)).isEqualTo(Verdict.BAD_SIGNATURE);
    assertThat(verifier.verify(signer.sign(account(CommandAction.KILL_ALL_SESSIONS, 3)), ISSUED))
        .isEqualTo(Verdict.VALID);
  }

  @Test
  void theVersion5FormAppendsTargetAndKeyUnderItsOwnDomainAndLeavesSessionCommandsAlone() {
    byte[] v5 = CommandAuthenticator.canonicalV4(revoke("ak_1"));
    byte[] v4 = CommandAuthenticator.canonicalV4(CommandVersion4Test.lateKill());

    assertThat(HexFormat.of().formatHex(v5))
        .startsWith("00000010" + HexFormat.of().formatHex("vigil-command-v5".getBytes()))
        .endsWith(
            "00000007"
                + HexFormat.of().formatHex("ACCOUNT".getBytes())
                + "00000004"
                + HexFormat.of().formatHex("ak_1".getBytes()));
    assertThat(HexFormat.of().formatHex(v4))
        .startsWith("00000010" + HexFormat.of().formatHex("vigil-command-v4".getBytes()))
        .endsWith("ffffffff");
    assertThat(CommandAuthenticator.hasAccountFields(CommandVersion4Test.lateKill())).isFalse();
  }

  @Test
  void anOlderReaderSeesAnAccountActionAsOtherAndNoTarget() throws Exception {
    Schema v7 = commandOf("v7");
    for (CommandAction a :
        List.of(
            CommandAction.KILL_ALL_SESSIONS,
            CommandAction.REVOKE_API_KEY,
            CommandAction.REQUIRE_REVERIFICATION)) {
      GenericRecord read = readAs(v7, account(a, 1));
      assertThat(read.get("action")).hasToString("OTHER");
      assertThat(read.getSchema().getField("target")).isNull();
    }
  }

  @Test
  void aSessionAppliesTheAccountKillAndHoldButNotTheIdentityServicesActions() {
    SessionEnforcement session = new SessionEnforcement();
    SessionCommand sessionHold = account(CommandAction.HOLD_WITHDRAWALS, 800);
    sessionHold.setTarget(CommandTarget.SESSION);
    sessionHold.setCommandId("req-8:hold_withdrawals");
    sessionHold.getParameters().setHoldScope(HoldScope.ADDRESSES_ADDED_IN_SESSION);

    assertThat(session.apply(sessionHold)).isEqualTo(Outcome.APPLIED);
    // Account sequence 2 is below the session's 800, but orders another series: applied.
    assertThat(session.apply(account(CommandAction.HOLD_WITHDRAWALS, 2)))
        .isEqualTo(Outcome.APPLIED);
    assertThat(session.holdScope()).isEqualTo(HoldScope.ALL);
    assertThat(session.apply(account(CommandAction.REVOKE_API_KEY, 3))).isEqualTo(Outcome.IGNORED);
    assertThat(session.apply(account(CommandAction.REQUIRE_REVERIFICATION, 4)))
        .isEqualTo(Outcome.IGNORED);
    assertThat(session.mode()).isNotEqualTo(SessionEnforcement.Mode.KILLED);
    assertThat(session.apply(account(CommandAction.KILL_ALL_SESSIONS, 1)))
        .isEqualTo(Outcome.APPLIED);
    assertThat(session.mode()).isEqualTo(SessionEnforcement.Mode.KILLED);
  }

  @Test
  void anAccountActionSentAsASessionCommandIsIgnored() {
    SessionCommand odd = account(CommandAction.KILL_ALL_SESSIONS, 1);
    odd.setTarget(CommandTarget.SESSION);
    SessionCommand unknownTarget = account(CommandAction.HOLD_WITHDRAWALS, 1);
    unknownTarget.setTarget(CommandTarget.OTHER);

    assertThat(new SessionEnforcement().apply(odd)).isEqualTo(Outcome.IGNORED);
    assertThat(new SessionEnforcement().apply(unknownTarget)).isEqualTo(Outcome.IGNORED);
  }

  private static GenericRecord readAs(Schema reader, SessionCommand c) throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    BinaryEncoder enc = EncoderFactory.get().binaryEncoder(bytes, null);
    new SpecificDatumWriter<SessionCommand>(SessionCommand.class).write(c, enc);
    enc.flush();
    return new GenericDatumReader<GenericRecord>(SessionCommand.getClassSchema(), reader)
        .read(null, DecoderFactory.get().binaryDecoder(bytes.toByteArray(), null));
  }

  private static Schema commandOf(String version) throws Exception {
    Path dir =
        Path.of(
            AccountCommandTest.class
                .getClassLoader()
                .getResource("schema-history/" + version)
                .toURI());
    return SchemaEvolution.parseVersion(dir).get(SessionCommand.getClassSchema().getFullName());
  }
}
