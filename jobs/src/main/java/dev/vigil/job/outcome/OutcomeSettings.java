package dev.vigil.job.outcome;

import dev.vigil.enforce.Secrets;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.CommandKeyRing;
import java.io.Serializable;

/**
 * How the session risk job reads the gateways' outcomes ({@code vigil.enforcement-outcomes}). Holds
 * no secrets: the gateways' key ring is named by file or environment variable and read where the
 * source runs ({@link #keyRing()}), like the command keys.
 *
 * @param enabled {@code auto} (read the topic when it exists and the outcomes can be verified, else
 *     run without it and say why), {@code true} (read it; refuse to start when the topic or the key
 *     ring is missing) or {@code false}
 * @param topic the outcomes topic
 * @param keyFile file with the gateways' key ring ({@link CommandKeyRing} format: Ed25519 public
 *     keys, or HMAC secrets, of the gateways), or null
 * @param keyEnv environment variable with the same, used when there is no file
 * @param requireSignature refuse unsigned and badly signed outcomes (dead letters). False is
 *     unsafe: anyone who can write to the topic can then lower any session's probability with a
 *     forged step-up pass, or end any session's state
 */
public record OutcomeSettings(
    String enabled, String topic, String keyFile, String keyEnv, boolean requireSignature)
    implements Serializable {

  public static OutcomeSettings from(JobConfig c) {
    String enabled = c.string("outcomes.enabled");
    if (!enabled.equals("auto") && !enabled.equals("true") && !enabled.equals("false")) {
      throw new IllegalArgumentException(
          "outcomes.enabled must be auto, true or false, not '" + enabled + "'");
    }
    return new OutcomeSettings(
        enabled,
        c.string("topics.enforcement-outcomes"),
        c.optional("outcomes.keys-file"),
        c.optional("outcomes.keys-env"),
        c.bool("outcomes.require-signature"));
  }

  /** Whether a key ring is configured (checked on the client, read where the source runs). */
  public boolean hasKeys() {
    if (keyFile != null && !keyFile.isBlank()) {
      return true;
    }
    String v = keyEnv == null ? null : System.getenv(keyEnv);
    return v != null && !v.isBlank();
  }

  /**
   * The gateways' key ring, or null when signatures are not required. Throws when they are and no
   * ring is configured, naming the settings that fix it.
   */
  public CommandKeyRing keyRing() {
    if (!requireSignature) {
      return null;
    }
    String text = Secrets.read(keyFile, keyEnv, "gateway outcome key ring");
    if (text == null) {
      throw new IllegalStateException(missingKeys());
    }
    return CommandKeyRing.parse(text);
  }

  /** What to do when outcomes must be verified and no key ring is configured. */
  public String missingKeys() {
    return "outcomes are verified but no gateway key ring is configured: set outcomes.keys-file"
        + " (or the variable "
        + keyEnv
        + ") to the gateways' public keys, or outcomes.enabled=false";
  }
}
