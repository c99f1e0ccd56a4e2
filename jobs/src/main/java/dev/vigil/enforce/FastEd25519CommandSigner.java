package dev.vigil.enforce;

import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandSignature;
import dev.vigil.schema.CommandSigner;
import dev.vigil.schema.Ed25519Keys;
import dev.vigil.schema.SessionCommand;
import java.nio.ByteBuffer;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.EdECPrivateKey;
import java.util.Arrays;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.math.ec.rfc8032.Ed25519;

/**
 * The session risk job's command signer: Ed25519 over the version 4 canonical form, exactly as
 * {@link dev.vigil.schema.Ed25519CommandSigner} (same algorithm name, key id and canonical bytes),
 * computed with Bouncy Castle's RFC 8032 implementation instead of the JDK's.
 *
 * <p>Why: the job signs on the operator's thread, and the JDK 17 provider derives the public key
 * again and multiplies the base point without precomputed tables on every signature, about 1 ms per
 * command on the shared 2-core machine (22 to 26% of the session-risk thread in {@code vigil
 * bench}'s JFR profile, issue 13); Bouncy Castle precomputes the base point's multiples once per
 * JVM and keeps the public key with the private one, about 70 µs per command on the same machine.
 * Ed25519 signatures are deterministic (RFC 8032, section 5.1.6), so both produce the same bytes
 * for the same key and message ({@code FastEd25519CommandSignerTest} checks it), and gateways
 * verify them with the JDK as before.
 *
 * <p>Thread safety: the key parameters are immutable; {@link #sign} may be called concurrently.
 */
public final class FastEd25519CommandSigner implements CommandSigner {
  private final Ed25519PrivateKeyParameters key;
  private final Ed25519PublicKeyParameters publicKey;
  private final String keyId;

  /**
   * @param privateKey an Ed25519 private key from the JDK ({@link EdECPrivateKey}, as {@code
   *     PublisherKeys.readPrivate} returns it)
   */
  public FastEd25519CommandSigner(PrivateKey privateKey) {
    if (!(privateKey instanceof EdECPrivateKey ed)) {
      throw new IllegalArgumentException("the command signing key is not an Ed25519 key");
    }
    byte[] seed =
        ed.getBytes()
            .orElseThrow(
                () -> new IllegalArgumentException("the command signing key has no key bytes"));
    try {
      this.key = new Ed25519PrivateKeyParameters(seed, 0);
    } finally {
      Arrays.fill(seed, (byte) 0);
    }
    this.publicKey = key.generatePublicKey();
    PublicKey jdkPublic = Ed25519Keys.publicOf(privateKey);
    Ed25519Keys.requireStrong(jdkPublic, "the command signing key");
    if (!Arrays.equals(publicKey.getEncoded(), Ed25519Keys.raw(jdkPublic))) {
      throw new IllegalStateException("the two Ed25519 implementations disagree on the public key");
    }
    this.keyId = Ed25519Keys.keyId(jdkPublic);
  }

  @Override
  public SessionCommand sign(SessionCommand command) {
    byte[] message = CommandAuthenticator.canonicalV4(command);
    byte[] signature = new byte[Ed25519PrivateKeyParameters.SIGNATURE_SIZE];
    key.sign(Ed25519.Algorithm.Ed25519, publicKey, null, message, 0, message.length, signature, 0);
    command.setSignature(
        CommandSignature.newBuilder()
            .setKeyId(keyId)
            .setAlgorithm(CommandAuthenticator.ED25519_V4)
            .setValue(ByteBuffer.wrap(signature))
            .build());
    return command;
  }

  @Override
  public String keyId() {
    return keyId;
  }
}
