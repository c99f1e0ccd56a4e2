package dev.vigil.enforce;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** The SETs Vigil emits have the shape RFC 8417, SSF 1.0 and CAEP 1.0 require. */
class SecurityEventTokensTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final byte[] SECRET =
      "an-hs256-secret-of-32-bytes-long!".getBytes(StandardCharsets.UTF_8);

  private static SessionCommand command(CommandAction action) {
    return SessionCommand.newBuilder()
        .setCommandId("cmd-42")
        .setSessionId("sess-7")
        .setAccountId("acct-7")
        .setAction(action)
        .setParameters(CommandParameters.newBuilder().build())
        .setIssuedAt(1_764_400_123_456L)
        .setExpiresAt(1_764_400_183_456L)
        .setProbability(0.96)
        .setReasons(
            List.of(
                new Reason(
                    "new_network", 3.2, "first use of this network by the account", Map.of())))
        .setModelVersion("m1")
        .setTriggerEventId("req-1")
        .build();
  }

  @Test
  void aKillBecomesASignedSessionRevokedSetWithSubIdAndNoSubOrExp() throws Exception {
    SecurityEventTokens tokens =
        new SecurityEventTokens(
            "https://vigil.exchange.example", "https://idp.example", JwsSigner.hs256("k1", SECRET));

    String jws = tokens.forCommand(command(CommandAction.KILL));

    String[] parts = jws.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = decode(parts[0]);
    assertThat(header.get("typ").asText()).isEqualTo("secevent+jwt");
    assertThat(header.get("alg").asText()).isEqualTo("HS256");
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(SECRET, "HmacSHA256"));
    byte[] expected = mac.doFinal((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
    assertThat(Base64.getUrlDecoder().decode(parts[2])).isEqualTo(expected);

    JsonNode set = decode(parts[1]);
    assertRequiredSetShape(set);
    assertThat(set.get("iat").asLong()).isEqualTo(1_764_400_123L);
    assertThat(set.get("jti").asText()).isEqualTo("set-cmd-42");
    JsonNode event = set.get("events").get(SecurityEventTokens.SESSION_REVOKED);
    assertThat(event).isNotNull();
    assertThat(event.get("event_timestamp").asLong()).isEqualTo(1_764_400_123L);
    assertThat(event.get("reason_admin").get("en").asText()).contains("first use of this network");
  }

  @Test
  void aStepUpBecomesAnAssuranceLevelChangeToAal2() throws Exception {
    SecurityEventTokens tokens =
        new SecurityEventTokens("https://vigil", null, JwsSigner.hs256("k1", SECRET));

    JsonNode set = tokens.claimsForCommand(command(CommandAction.STEP_UP));

    assertRequiredSetShape(set);
    JsonNode event = set.get("events").get(SecurityEventTokens.ASSURANCE_LEVEL_CHANGE);
    assertThat(event.get("namespace").asText()).isEqualTo("NIST-AAL");
    assertThat(event.get("current_level").asText()).isEqualTo("nist-aal2");
    assertThat(event.get("change_direction").asText()).isEqualTo("increase");
  }

  @Test
  void timeoutsAndRateLimitsHaveNoCaepCounterpart() {
    SecurityEventTokens tokens =
        new SecurityEventTokens("https://vigil", null, JwsSigner.hs256("k1", SECRET));

    assertThat(tokens.forCommand(command(CommandAction.SET_TIMEOUT))).isNull();
    assertThat(tokens.forCommand(command(CommandAction.SET_RATE_LIMIT))).isNull();
  }

  @Test
  void aRiskBandChangeBecomesARiskLevelChangeWithItsRequiredClaims() throws Exception {
    SecurityEventTokens tokens =
        new SecurityEventTokens("https://vigil", "rp", JwsSigner.hs256("k1", SECRET));

    JsonNode set =
        tokens.riskLevelChangeClaims(
            "risk-sess-7-1",
            1_764_400_000_000L,
            "sess-7",
            "acct-7",
            SecurityEventTokens.RiskLevel.LOW,
            SecurityEventTokens.RiskLevel.HIGH,
            "impossible travel");

    assertRequiredSetShape(set);
    JsonNode event = set.get("events").get(SecurityEventTokens.RISK_LEVEL_CHANGE);
    assertThat(event.get("principal").asText()).isEqualTo("SESSION");
    assertThat(event.get("current_level").asText()).isEqualTo("HIGH");
    assertThat(event.get("previous_level").asText()).isEqualTo("LOW");
    assertThat(event.get("risk_reason").asText()).isEqualTo("impossible travel");
  }

  @Test
  void es256SignaturesVerifyWithTheJdkAfterConversionBackToDer() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
    generator.initialize(new ECGenParameterSpec("secp256r1"));
    for (int i = 0; i < 20; i++) { // r and s of varying length, with and without sign bytes
      KeyPair pair = generator.generateKeyPair();
      String jws =
          new SecurityEventTokens("https://vigil", null, JwsSigner.es256("ec1", pair.getPrivate()))
              .forCommand(command(CommandAction.KILL));
      String[] parts = jws.split("\\.");
      byte[] concat = Base64.getUrlDecoder().decode(parts[2]);
      assertThat(concat).hasSize(64);

      Signature verifier = Signature.getInstance("SHA256withECDSA");
      verifier.initVerify(pair.getPublic());
      verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
      assertThat(verifier.verify(toDer(concat))).isTrue();
      assertThat(decode(parts[0]).get("alg").asText()).isEqualTo("ES256");
    }
  }

  @Test
  void probabilitiesMapToRiskBands() {
    assertThat(SecurityEventTokens.levelOf(0.05, 0.3, 0.8))
        .isEqualTo(SecurityEventTokens.RiskLevel.LOW);
    assertThat(SecurityEventTokens.levelOf(0.3, 0.3, 0.8))
        .isEqualTo(SecurityEventTokens.RiskLevel.MEDIUM);
    assertThat(SecurityEventTokens.levelOf(0.95, 0.3, 0.8))
        .isEqualTo(SecurityEventTokens.RiskLevel.HIGH);
  }

  /** RFC 8417 §2.2 required claims; SSF: sub_id, no sub; and no exp. */
  private static void assertRequiredSetShape(JsonNode set) {
    assertThat(set.hasNonNull("iss")).isTrue();
    assertThat(set.hasNonNull("iat")).isTrue();
    assertThat(set.hasNonNull("jti")).isTrue();
    assertThat(set.has("sub")).isFalse();
    assertThat(set.has("exp")).isFalse();
    JsonNode events = set.get("events");
    assertThat(events.isObject()).isTrue();
    assertThat(events.size()).isEqualTo(1);
    assertThat(events.fieldNames().next()).startsWith(SecurityEventTokens.CAEP);
    JsonNode subject = set.get("sub_id");
    assertThat(subject.get("format").asText()).isEqualTo("complex");
    assertThat(subject.get("session").get("format").asText()).isEqualTo("opaque");
    assertThat(subject.get("session").get("id").asText()).isEqualTo("sess-7");
    assertThat(subject.get("user").get("id").asText()).isEqualTo("acct-7");
  }

  private static JsonNode decode(String part) throws Exception {
    return JSON.readTree(Base64.getUrlDecoder().decode(part));
  }

  private static byte[] toDer(byte[] concat) {
    byte[] r = new BigInteger(1, Arrays.copyOfRange(concat, 0, 32)).toByteArray();
    byte[] s = new BigInteger(1, Arrays.copyOfRange(concat, 32, 64)).toByteArray();
    byte[] der = new byte[6 + r.length + s.length];
    der[0] = 0x30;
    der[1] = (byte) (4 + r.length + s.length);
    der[2] = 0x02;
    der[3] = (byte) r.length;
    System.arraycopy(r, 0, der, 4, r.length);
    der[4 + r.length] = 0x02;
    der[5 + r.length] = (byte) s.length;
    System.arraycopy(s, 0, der, 6 + r.length, s.length);
    return der;
  }
}
