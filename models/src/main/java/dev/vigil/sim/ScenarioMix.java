package dev.vigil.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What a simulation is made of: benign population shares (normalised to 1), the share of accounts
 * attacked by each scenario, and the share of eligible accounts that show each hard case.
 *
 * <p>JSON form: {@code {"populations": {"retail": 0.95, ...}, "scenarios": {"token_hijack": 0.001,
 * ...}, "hard_cases": {"vpn": 0.03, ...}}}. Absent sections take the {@code default} preset's
 * values; an absent name inside a present section is 0. Every scenario with a positive share is
 * attacked at least once, so that small runs still hold every scenario they ask for.
 */
public final class ScenarioMix {
  private static final double MAX_ATTACKED_SHARE = 0.5;

  private final Map<Population, Double> populations;
  private final Map<Scenario, Double> scenarios;
  private final Map<HardCase, Double> hardCases;

  private ScenarioMix(
      Map<Population, Double> populations,
      Map<Scenario, Double> scenarios,
      Map<HardCase, Double> hardCases) {
    this.populations = Collections.unmodifiableMap(normalise(populations));
    this.scenarios = Collections.unmodifiableMap(scenarios);
    this.hardCases = Collections.unmodifiableMap(hardCases);
  }

  /** Population shares summing to 1 (benign populations only). */
  public Map<Population, Double> populations() {
    return populations;
  }

  /** Share of all accounts attacked by each scenario. */
  public Map<Scenario, Double> scenarios() {
    return scenarios;
  }

  /** Share of eligible accounts (see {@link HardCase#population()}) showing each hard case. */
  public Map<HardCase, Double> hardCases() {
    return hardCases;
  }

  /**
   * Realistic traffic: mostly retail, ~1% of accounts attacked, spread over the {@link
   * Scenario#PRESET} scenarios (the careful takeovers come with the worlds).
   */
  public static ScenarioMix defaults() {
    return new ScenarioMix(defaultPopulations(), uniformScenarios(0.01), defaultHardCases());
  }

  /** Benign traffic only (hard cases included). */
  public static ScenarioMix none() {
    return new ScenarioMix(defaultPopulations(), new EnumMap<>(Scenario.class), defaultHardCases());
  }

  /**
   * For tests on a few hundred accounts: every scenario at 1.5% of accounts (each occurs a few
   * times) and hard cases boosted, over populations with more bots and market makers.
   */
  public static ScenarioMix attacksOnlySmall() {
    Map<Population, Double> p = new EnumMap<>(Population.class);
    p.put(Population.RETAIL, 0.79);
    p.put(Population.BOT, 0.15);
    p.put(Population.MARKET_MAKER, 0.02);
    p.put(Population.INSTITUTIONAL, 0.04);
    Map<HardCase, Double> h = new EnumMap<>(HardCase.class);
    for (HardCase c : HardCase.values()) {
      h.put(c, 0.15);
    }
    return new ScenarioMix(p, uniformScenarios(0.135), h);
  }

  /** A preset name (default, none, attacks-only-small) or a JSON file path. */
  public static ScenarioMix resolve(String nameOrFile) {
    switch (nameOrFile) {
      case "default":
        return defaults();
      case "none":
        return none();
      case "attacks-only-small":
        return attacksOnlySmall();
      default:
        break;
    }
    Path path = Path.of(nameOrFile);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "scenario mix '"
              + nameOrFile
              + "' is neither a preset (default, none, attacks-only-small) nor a readable file");
    }
    try {
      return parse(Files.readString(path), nameOrFile);
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read scenario mix " + path + ": " + e.getMessage());
    }
  }

  /**
   * Parses and validates the JSON form.
   *
   * @param origin named in error messages (a file name)
   * @throws IllegalArgumentException naming the bad entry and what is allowed
   */
  public static ScenarioMix parse(String json, String origin) {
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": not valid JSON: " + e.getMessage());
    }
    return parse(root, origin);
  }

  /**
   * Validates an already parsed mix; {@code origin} prefixes error messages (e.g. "f.json: mix").
   */
  static ScenarioMix parse(JsonNode root, String origin) {
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(origin + ": the scenario mix must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!key.equals("populations") && !key.equals("scenarios") && !key.equals("hard_cases")) {
        throw new IllegalArgumentException(
            origin + ": unknown section '" + key + "'; use populations, scenarios, hard_cases");
      }
    }
    Map<Population, Double> p =
        root.has("populations")
            ? section(
                root.get("populations"),
                origin,
                "populations",
                Population::benign,
                new EnumMap<>(Population.class),
                names(Population.values(), true))
            : defaultPopulations();
    if (p.values().stream().mapToDouble(Double::doubleValue).sum() <= 0) {
      throw new IllegalArgumentException(origin + ": populations: at least one share must be > 0");
    }
    Map<Scenario, Double> s =
        root.has("scenarios")
            ? section(
                root.get("scenarios"),
                origin,
                "scenarios",
                Scenario::byId,
                new EnumMap<>(Scenario.class),
                names(Scenario.values(), false))
            : uniformScenarios(0.01);
    double attacked = s.values().stream().mapToDouble(Double::doubleValue).sum();
    if (attacked > MAX_ATTACKED_SHARE) {
      throw new IllegalArgumentException(
          origin
              + ": scenarios: shares add up to "
              + attacked
              + " of accounts; keep the total <= "
              + MAX_ATTACKED_SHARE
              + " so that victims keep benign peers");
    }
    Map<HardCase, Double> h =
        root.has("hard_cases")
            ? section(
                root.get("hard_cases"),
                origin,
                "hard_cases",
                HardCase::byId,
                new EnumMap<>(HardCase.class),
                names(HardCase.values(), false))
            : defaultHardCases();
    return new ScenarioMix(p, s, h);
  }

  private static <K extends Enum<K>> Map<K, Double> section(
      JsonNode node,
      String origin,
      String name,
      java.util.function.Function<String, K> lookup,
      Map<K, Double> out,
      String allowed) {
    if (!node.isObject()) {
      throw new IllegalArgumentException(
          origin + ": " + name + " must be an object of name: share");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      K key = lookup.apply(e.getKey());
      if (key == null) {
        throw new IllegalArgumentException(
            origin + ": " + name + ": unknown name '" + e.getKey() + "'; allowed: " + allowed);
      }
      JsonNode v = e.getValue();
      if (!v.isNumber()
          || !Double.isFinite(v.doubleValue())
          || v.doubleValue() < 0
          || v.doubleValue() > 1) {
        throw new IllegalArgumentException(
            origin + ": " + name + "." + e.getKey() + " must be a number in [0, 1], got " + v);
      }
      out.put(key, v.doubleValue());
    }
    return out;
  }

  private static String names(Enum<?>[] values, boolean benignOnly) {
    return Arrays.stream(values)
        .filter(v -> !benignOnly || v != Population.ATTACKER)
        .map(
            v ->
                v instanceof Population p
                    ? p.id()
                    : v instanceof Scenario s ? s.id() : ((HardCase) v).id())
        .collect(Collectors.joining(", "));
  }

  private static Map<Population, Double> normalise(Map<Population, Double> in) {
    double sum = in.values().stream().mapToDouble(Double::doubleValue).sum();
    Map<Population, Double> out = new EnumMap<>(Population.class);
    in.forEach((k, v) -> out.put(k, v / sum));
    return out;
  }

  private static Map<Population, Double> defaultPopulations() {
    Map<Population, Double> p = new EnumMap<>(Population.class);
    p.put(Population.RETAIL, 0.955);
    p.put(Population.BOT, 0.035);
    p.put(Population.MARKET_MAKER, 0.0005);
    p.put(Population.INSTITUTIONAL, 0.0095);
    return p;
  }

  private static Map<Scenario, Double> uniformScenarios(double total) {
    Map<Scenario, Double> s = new EnumMap<>(Scenario.class);
    for (Scenario sc : Scenario.PRESET) {
      s.put(sc, total / Scenario.PRESET.size());
    }
    return s;
  }

  private static Map<HardCase, Double> defaultHardCases() {
    Map<HardCase, Double> h = new EnumMap<>(HardCase.class);
    h.put(HardCase.TRAVELLER, 0.02);
    h.put(HardCase.VPN, 0.03);
    h.put(HardCase.MOBILE_HOPPING, 0.05);
    h.put(HardCase.NEW_DEVICE, 0.02);
    h.put(HardCase.BOT_FAILOVER, 0.05);
    h.put(HardCase.MARKET_OPEN_BURST, 0.20);
    h.put(HardCase.CLOCK_DRIFT, 0.05);
    return h;
  }
}
