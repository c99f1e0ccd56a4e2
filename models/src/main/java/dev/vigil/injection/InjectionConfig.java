package dev.vigil.injection;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.sim.Scenario;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;

/**
 * What {@code vigil train} injects and how it splits and fits: the {@code --injection} file. Every
 * key is optional; an absent key takes its value from {@code injection-defaults.json} (documented
 * in {@code models/README.md}, "Training a model").
 *
 * @param attacks how many times each attack scenario of the simulator's library is run (a
 *     credential-stuffing run takes over 1 to 3 accounts); abuse scenarios are not attacks and are
 *     not accepted
 * @param carefulShare share of attacker sessions that copy the victim's own user agent and country
 *     (low_and_slow always does: that is the scenario)
 * @param warmupShare the first part of the history that only teaches the profiles: no session
 *     starting in it is a training row and no attack is injected in it
 * @param heldOutShare share of sessions (by a seeded hash of the session id) held out: half fits
 *     the calibration map, half measures it
 * @param targetBaseRate share of sessions an attacker holds in live traffic; the calibration map is
 *     corrected from the injected share to this one (King and Zeng 2001, prior correction)
 * @param l2 Smile's L2 penalty lambda on the code weights (0.5 lambda |w|^2 added to the negative
 *     log-likelihood summed over sessions)
 */
public record InjectionConfig(
    Map<String, Integer> attacks,
    double carefulShare,
    double warmupShare,
    double heldOutShare,
    double targetBaseRate,
    double l2) {

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String DEFAULTS = "/dev/vigil/injection/injection-defaults.json";

  public InjectionConfig {
    attacks = Collections.unmodifiableMap(new TreeMap<>(attacks));
  }

  /** The defaults shipped with the trainer. */
  public static InjectionConfig defaults() {
    try (InputStream in = InjectionConfig.class.getResourceAsStream(DEFAULTS)) {
      return parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads {@code file}; absent keys keep the defaults. */
  public static InjectionConfig load(Path file) {
    try {
      return parse(Files.readString(file), defaults());
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException("injection file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read injection file " + file + ": " + e.getMessage());
    }
  }

  /**
   * Parses the JSON form over {@code base} (null: every key required, as in the defaults file).
   *
   * @throws IllegalArgumentException naming the bad key and what is allowed
   */
  public static InjectionConfig parse(String json, InjectionConfig base) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException("injection config is not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("injection config must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!k.matches("attacks|carefulShare|warmupShare|heldOutShare|targetBaseRate|l2")) {
        throw new IllegalArgumentException(
            "injection config: unknown key '"
                + k
                + "'; allowed: attacks, carefulShare, warmupShare, heldOutShare, targetBaseRate, l2");
      }
    }
    Map<String, Integer> attacks =
        root.has("attacks") ? attacks(root.get("attacks")) : base(base).attacks();
    return new InjectionConfig(
        attacks,
        number(root, "carefulShare", 0, 1, base == null ? null : base.carefulShare),
        number(root, "warmupShare", 0, 0.9, base == null ? null : base.warmupShare),
        number(root, "heldOutShare", 0.1, 0.9, base == null ? null : base.heldOutShare),
        number(root, "targetBaseRate", 1e-6, 0.5, base == null ? null : base.targetBaseRate),
        number(root, "l2", 0, 1e6, base == null ? null : base.l2));
  }

  /** The configuration as written into the trained model's provenance (keys in a fixed order). */
  public ObjectNode toJson() {
    ObjectNode n = JSON.createObjectNode();
    ObjectNode a = n.putObject("attacks");
    attacks.forEach(a::put);
    n.put("carefulShare", carefulShare);
    n.put("warmupShare", warmupShare);
    n.put("heldOutShare", heldOutShare);
    n.put("targetBaseRate", targetBaseRate);
    n.put("l2", l2);
    return n;
  }

  private static InjectionConfig base(InjectionConfig base) {
    if (base == null) {
      throw new IllegalArgumentException("injection config: missing attacks");
    }
    return base;
  }

  private static Map<String, Integer> attacks(JsonNode node) {
    if (!node.isObject()) {
      throw new IllegalArgumentException("injection config: attacks must be an object name: count");
    }
    Map<String, Integer> out = new TreeMap<>();
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      Scenario s = Scenario.byId(e.getKey());
      if (s == null || s.isAbuse()) {
        throw new IllegalArgumentException(
            "injection config: attacks: unknown attack '"
                + e.getKey()
                + "'; allowed: stolen_api_key, token_hijack, replay, credential_stuffing,"
                + " mfa_brute_force, low_and_slow, leaked_mm_key");
      }
      JsonNode v = e.getValue();
      if (!v.isIntegralNumber() || v.intValue() < 0 || v.intValue() > 1000) {
        throw new IllegalArgumentException(
            "injection config: attacks." + e.getKey() + " must be an integer in [0, 1000]");
      }
      out.put(e.getKey(), v.intValue());
    }
    return out;
  }

  private static double number(JsonNode root, String key, double min, double max, Double dflt) {
    JsonNode v = root.get(key);
    if (v == null) {
      if (dflt == null) {
        throw new IllegalArgumentException("injection config: missing " + key);
      }
      return dflt;
    }
    if (!v.isNumber() || !(v.doubleValue() >= min && v.doubleValue() <= max)) {
      throw new IllegalArgumentException(
          "injection config: " + key + " must be a number in [" + min + ", " + max + "]");
    }
    return v.doubleValue();
  }
}
