package dev.vigil.signing;

import java.nio.file.Path;
import java.security.PublicKey;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The model publisher keys a job trusts, by key id ({@link PublisherKeys#keyId}). */
public final class TrustedKeys {
  private final Map<String, PublicKey> byId;

  private TrustedKeys(Map<String, PublicKey> byId) {
    this.byId = Collections.unmodifiableMap(byId);
  }

  public static TrustedKeys none() {
    return new TrustedKeys(new LinkedHashMap<>());
  }

  public static TrustedKeys of(PublicKey... keys) {
    Map<String, PublicKey> m = new LinkedHashMap<>();
    for (PublicKey k : keys) {
      PublisherKeys.requireStrong(k, "a trusted key");
      m.put(PublisherKeys.keyId(k), k);
    }
    return new TrustedKeys(m);
  }

  /**
   * Loads the keys of a comma-separated list of public key files ({@code models.trusted-keys});
   * null or blank trusts no key.
   */
  public static TrustedKeys load(String files) {
    Map<String, PublicKey> m = new LinkedHashMap<>();
    if (files != null) {
      for (String f : files.split(",")) {
        if (!f.isBlank()) {
          for (PublicKey k : PublisherKeys.readPublic(Path.of(f.strip()))) {
            m.put(PublisherKeys.keyId(k), k);
          }
        }
      }
    }
    return new TrustedKeys(m);
  }

  /** The trusted key with this id, or null. */
  public PublicKey get(String keyId) {
    return keyId == null ? null : byId.get(keyId);
  }

  public Set<String> ids() {
    return byId.keySet();
  }

  public boolean isEmpty() {
    return byId.isEmpty();
  }
}
