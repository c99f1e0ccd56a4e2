package dev.vigil.enforce;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.CommandVerifier.Verdict;
import dev.vigil.schema.Ed25519CommandSigner;
import dev.vigil.schema.SessionCommand;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The job's Bouncy Castle command signer is a drop-in for the JDK one: same key id, algorithm and
 * signature bytes (Ed25519 is deterministic), and gateways' JDK verifier accepts what it signs.
 */
class FastEd25519CommandSignerTest {
  private static final long NOW = 1_764_400_000_000L;

  private static SessionCommand command(int i, CommandAction action) {
    return SessionCommand.newBuilder()
        .setCommandId("evt-" + i + ":" + action.name().toLowerCase())
        .setSessionId("sess-" + i)
        .setAccountId("acct-" + (i % 7))
        .setAction(action)
        .setParameters(CommandParameters.newBuilder().build())
        .setIssuedAt(NOW + i)
        .setExpiresAt(NOW + 300_000 + i)
        .setProbability(i / 100.0)
        .setReasons(List.of())
        .setModelVersion("m" + i)
        .setTriggerEventId("evt-" + i)
        .build();
  }

  @Test
  void signsTheSameBytesAsTheJdkSignerAndTheGatewaysVerifierAcceptsThem() throws Exception {
    for (int k = 0; k < 5; k++) {
      KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
      var fast = new FastEd25519CommandSigner(pair.getPrivate());
      var jdk = new Ed25519CommandSigner(pair.getPrivate());
      CommandVerifier verifier =
          new CommandVerifier(
              CommandKeyRing.parse(
                  "ed25519:" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
      assertThat(fast.keyId()).isEqualTo(jdk.keyId());
      CommandAction[] actions = CommandAction.values();
      for (int i = 0; i < 20; i++) {
        SessionCommand byFast = fast.sign(command(i, actions[i % actions.length]));
        SessionCommand byJdk = jdk.sign(command(i, actions[i % actions.length]));
        assertThat(byFast.getSignature()).isEqualTo(byJdk.getSignature());
        assertThat(verifier.verify(byFast, NOW)).isEqualTo(Verdict.VALID);
      }
    }
  }

  @Test
  void aCommandAlteredAfterSigningIsRefused() throws Exception {
    KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    CommandVerifier verifier =
        new CommandVerifier(
            CommandKeyRing.parse(
                "ed25519:" + Base64.getEncoder().encodeToString(pair.getPublic().getEncoded())));
    SessionCommand signed =
        new FastEd25519CommandSigner(pair.getPrivate()).sign(command(1, CommandAction.KILL));
    signed.setExpiresAt(signed.getExpiresAt() + 86_400_000);
    assertThat(verifier.verify(signed, NOW)).isEqualTo(Verdict.BAD_SIGNATURE);
  }

  @Test
  void aKeyThatIsNotEd25519IsRefusedByName() throws Exception {
    var ec = KeyPairGenerator.getInstance("EC").generateKeyPair().getPrivate();
    assertThatThrownBy(() -> new FastEd25519CommandSigner(ec))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not an Ed25519 key");
  }
}
