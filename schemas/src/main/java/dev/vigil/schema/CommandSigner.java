package dev.vigil.schema;

/**
 * Sets a command's signature: {@link Ed25519CommandSigner} or an HMAC {@link CommandAuthenticator}.
 */
public interface CommandSigner {
  /** Returns {@code command} with its signature set. */
  SessionCommand sign(SessionCommand command);

  /** The id of the key that signs (never the key itself). */
  String keyId();
}
