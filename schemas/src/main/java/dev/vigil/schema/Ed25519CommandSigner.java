package dev.vigil.schema;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;

/**
 * Signs commands with an Ed25519 private key over the version 4 canonical form ({@link
 * CommandAuthenticator#canonicalV4}, algorithm {@value CommandAuthenticator#ED25519_V4}); the key
 * id is {@link Ed25519Keys#keyId} of the public half, which is what gateways hold ({@link
 * CommandKeyRing}). Only the signer holds the private key, so a gateway that verifies cannot mint
 * commands.
 */
public final class Ed25519CommandSigner implements CommandSigner {
  private final PrivateKey key;
  private final PublicKey publicKey;
  private final String keyId;

  public Ed25519CommandSigner(PrivateKey key) {
    this.key = key;
    this.publicKey = Ed25519Keys.publicOf(key);
    Ed25519Keys.requireStrong(publicKey, "the command signing key");
    this.keyId = Ed25519Keys.keyId(publicKey);
  }

  @Override
  public SessionCommand sign(SessionCommand command) {
    try {
      Signature s = Signature.getInstance(Ed25519Keys.ALGORITHM);
      s.initSign(key);
      s.update(CommandAuthenticator.canonicalV4(command));
      command.setSignature(
          CommandSignature.newBuilder()
              .setKeyId(keyId)
              .setAlgorithm(CommandAuthenticator.ED25519_V4)
              .setValue(ByteBuffer.wrap(s.sign()))
              .build());
      return command;
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("Ed25519 signing failed", e);
    }
  }

  @Override
  public String keyId() {
    return keyId;
  }

  /** The public key gateways verify with. */
  public PublicKey publicKey() {
    return publicKey;
  }
}
