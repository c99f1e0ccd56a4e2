package dev.vigil.enforce;

import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandSigner;
import dev.vigil.signing.PublisherKeys;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;

/** Turns secret text into the signers Vigil uses. */
public final class SigningKeys {
  private SigningKeys() {}

  /** The command key ring, or null when no key is configured. */
  public static CommandAuthenticator commandAuthenticator(String file, String envVar) {
    String ring = Secrets.read(file, envVar, "command key ring");
    return ring == null ? null : CommandAuthenticator.parse(ring);
  }

  /**
   * The command signer: the Ed25519 private key ({@code commands.signing-key-file} or its
   * environment variable) when one is set, which wins; else the HMAC key ring ({@code
   * commands.key-file} or its variable), over the version 3 form unless {@code legacyForm}; null
   * when neither is set.
   */
  public static CommandSigner commandSigner(
      String signingKeyFile,
      String signingKeyEnv,
      String ringFile,
      String ringEnv,
      boolean legacyForm) {
    PrivateKey key =
        PublisherKeys.readPrivate(signingKeyFile, signingKeyEnv, "command signing key");
    if (key != null) {
      return new FastEd25519CommandSigner(key);
    }
    CommandAuthenticator ring = commandAuthenticator(ringFile, ringEnv);
    if (ring == null) {
      return null;
    }
    return legacyForm ? ring.legacyForm() : ring;
  }

  /**
   * A SET signer: a PKCS#8 PEM EC key gives ES256, anything else is read as a base64 HS256 secret;
   * null when no key is configured.
   */
  public static JwsSigner caepSigner(String file, String envVar) {
    String text = Secrets.read(file, envVar, "CAEP signing key");
    if (text == null) {
      return null;
    }
    String trimmed = text.strip();
    try {
      if (trimmed.startsWith("-----BEGIN PRIVATE KEY-----")) {
        String base64 =
            trimmed
                .replace("-----BEGIN PRIVATE KEY-----", "")
                .replace("-----END PRIVATE KEY-----", "")
                .replaceAll("\\s", "");
        var key =
            KeyFactory.getInstance("EC")
                .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(base64)));
        return JwsSigner.es256("vigil-caep", key);
      }
      return JwsSigner.hs256("vigil-caep", Base64.getDecoder().decode(trimmed));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "the CAEP signing key is neither a PKCS#8 PEM EC (P-256) key nor a base64 secret of 32+"
              + " bytes");
    }
  }
}
