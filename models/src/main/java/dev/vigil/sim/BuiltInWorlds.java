package dev.vigil.sim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The built-in worlds, written in the world-file JSON form so that the file format is what defines
 * them. Every world holds every scenario but {@code leaked_mm_key} (no market makers: at 50-200
 * requests a second a few of them would outweigh everything else in a grid run), with the careful
 * takeovers ({@code low_and_slow}, {@code sim_swap}, {@code readonly_key_exfil}, {@code
 * cookie_hijack_local}) three times as often as the others, so that a 3,000-account run holds about
 * nine of each; a world changes one thing (two for travel) from {@code baseline}.
 *
 * <p>The split is fixed: TUNING = baseline, geoip-noisy, mobile-first, never-cash-out, app-churn;
 * HELD_OUT = cash-out-heavy, cloud-bots, careful-attackers, travel-vpn-heavy. Each held-out world
 * pushes a behaviour the tuning worlds also vary (payouts to a new address, bot networks, attacker
 * care, locations) further, or in the other direction, than any tuning world does.
 */
final class BuiltInWorlds {
  private static final String POPULATIONS =
      "{\"retail\": 0.955, \"bot\": 0.035, \"market_maker\": 0, \"institutional\": 0.01}";

  private static final Map<String, Double> SCENARIOS = new LinkedHashMap<>();
  private static final Map<String, Double> HARD_CASES = new LinkedHashMap<>();

  static {
    for (Scenario s : Scenario.values()) {
      boolean careful =
          s == Scenario.LOW_AND_SLOW
              || s == Scenario.SIM_SWAP
              || s == Scenario.READONLY_KEY_EXFIL
              || s == Scenario.COOKIE_HIJACK_LOCAL;
      SCENARIOS.put(s.id(), s == Scenario.LEAKED_MM_KEY ? 0 : careful ? 0.003 : 0.001);
    }
    for (Map.Entry<HardCase, Double> e : ScenarioMix.defaults().hardCases().entrySet()) {
      HARD_CASES.put(e.getKey().id(), e.getValue());
    }
  }

  private static final Map<String, World> WORLDS = new LinkedHashMap<>();

  static {
    add(
        "baseline",
        World.Split.TUNING,
        "Today's simulator: no GeoIP noise, 45% of app owners' sessions on the phone, a tenth of"
            + " payouts to a just-added wallet, default hard cases.",
        "{}",
        Map.of(),
        Map.of(),
        POPULATIONS);
    add(
        "geoip-noisy",
        World.Split.TUNING,
        "Every request's location drawn afresh within a 500 km accuracy radius: one network"
            + " hundreds of km apart from one request to the next.",
        "{\"geo_noise\": \"per_request\", \"geo_accuracy_km\": 500}",
        Map.of(),
        Map.of(),
        POPULATIONS);
    add(
        "mobile-first",
        World.Split.TUNING,
        "85% of app owners' sessions on the phone, 40% of them hopping between carrier prefixes"
            + " and, a third of the time, to the home wifi; mobile_hopping at 15%.",
        "{\"mobile_session_share\": 0.85, \"mobile_hop_share\": 0.4, \"home_wifi_share\": 0.3}",
        Map.of(),
        Map.of("mobile_hopping", 0.15),
        POPULATIONS);
    add(
        "never-cash-out",
        World.Split.TUNING,
        "Owners never whitelist a new wallet and pay out to it in one session.",
        "{\"new_wallet_share\": 0}",
        Map.of(),
        Map.of(),
        POPULATIONS);
    add(
        "app-churn",
        World.Split.TUNING,
        "App updates in 10% of phone sessions, older builds in 5%, new devices at 6%; half the"
            + " scrapers run as a script of the owner's on the home line.",
        "{\"app_update_share\": 0.1, \"app_downgrade_share\": 0.05,"
            + " \"home_line_scraper_share\": 0.5}",
        Map.of(),
        Map.of("new_device", 0.06),
        POPULATIONS);
    add(
        "cash-out-heavy",
        World.Split.HELD_OUT,
        "A fifth of owners' withdrawals go to a wallet whitelisted just before, in the session.",
        "{\"new_wallet_share\": 0.2}",
        Map.of(),
        Map.of(),
        POPULATIONS);
    add(
        "cloud-bots",
        World.Split.HELD_OUT,
        "Twice the bots; half of them fail over, half of those to another cloud provider.",
        "{\"bot_failover_other_provider\": 0.5}",
        Map.of(),
        Map.of("bot_failover", 0.5),
        "{\"retail\": 0.92, \"bot\": 0.07, \"market_maker\": 0, \"institutional\": 0.01}");
    add(
        "careful-attackers",
        World.Split.HELD_OUT,
        "Attackers who copy the victim: the four careful takeovers at 1% of accounts each.",
        "{}",
        Map.of(
            "low_and_slow",
            0.01,
            "sim_swap",
            0.01,
            "readonly_key_exfil",
            0.01,
            "cookie_hijack_local",
            0.01),
        Map.of(),
        POPULATIONS);
    add(
        "travel-vpn-heavy",
        World.Split.HELD_OUT,
        "Travellers at 10% and VPN users at 15% of retail accounts, each address placed once"
            + " within a 200 km accuracy radius.",
        "{\"geo_noise\": \"per_network\", \"geo_accuracy_km\": 200}",
        Map.of(),
        Map.of("traveller", 0.10, "vpn", 0.15),
        POPULATIONS);
  }

  private BuiltInWorlds() {}

  private static void add(
      String name,
      World.Split split,
      String description,
      String parameters,
      Map<String, Double> scenarios,
      Map<String, Double> hardCases,
      String populations) {
    Map<String, Double> s = new LinkedHashMap<>(SCENARIOS);
    s.putAll(scenarios);
    Map<String, Double> h = new LinkedHashMap<>(HARD_CASES);
    h.putAll(hardCases);
    String json =
        "{\"name\": \""
            + name
            + "\", \"split\": \""
            + split.id()
            + "\", \"description\": \""
            + description
            + "\", \"parameters\": "
            + parameters
            + ", \"mix\": {\"populations\": "
            + populations
            + ", \"scenarios\": "
            + object(s)
            + ", \"hard_cases\": "
            + object(h)
            + "}}";
    WORLDS.put(name, World.parse(json, "built-in world " + name));
  }

  private static String object(Map<String, Double> m) {
    List<String> parts = new ArrayList<>();
    m.forEach((k, v) -> parts.add("\"" + k + "\": " + v));
    return "{" + String.join(", ", parts) + "}";
  }

  static World byName(String name) {
    return WORLDS.get(name);
  }

  static List<String> names() {
    return List.copyOf(WORLDS.keySet());
  }

  static List<World> all() {
    return List.copyOf(WORLDS.values());
  }

  static List<World> of(World.Split split) {
    return WORLDS.values().stream().filter(w -> w.split() == split).toList();
  }
}
