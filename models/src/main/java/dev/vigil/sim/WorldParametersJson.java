package dev.vigil.sim;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * The {@code parameters} object of a world file: snake_case keys of {@link WorldParameters}, each
 * optional (absent keys keep {@link WorldParameters#defaults()}), unknown keys rejected.
 */
final class WorldParametersJson {
  static final List<String> KEYS =
      List.of(
          "geo_noise",
          "geo_accuracy_km",
          "mobile_session_share",
          "mobile_hop_share",
          "home_wifi_share",
          "new_wallet_share",
          "app_update_share",
          "app_downgrade_share",
          "bot_failover_other_provider",
          "home_line_scraper_share",
          "geo_broken_from");

  private WorldParametersJson() {}

  static WorldParameters parse(JsonNode node, String origin) {
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException(origin + " must be an object of name: value");
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
      Map.Entry<String, JsonNode> e = it.next();
      if (!KEYS.contains(e.getKey())) {
        throw new IllegalArgumentException(
            origin + ": unknown key '" + e.getKey() + "'; allowed: " + String.join(", ", KEYS));
      }
      if (e.getKey().equals("geo_broken_from")) {
        if (!e.getValue().isTextual()) {
          throw new IllegalArgumentException(
              origin + ".geo_broken_from must be a string, got " + e.getValue());
        }
      } else if (!e.getKey().equals("geo_noise")
          && (!e.getValue().isNumber() || !Double.isFinite(e.getValue().doubleValue()))) {
        throw new IllegalArgumentException(
            origin + "." + e.getKey() + " must be a number, got " + e.getValue());
      }
    }
    WorldParameters d = WorldParameters.defaults();
    GeoNoise noise = d.geoNoise();
    JsonNode g = node.get("geo_noise");
    if (g != null) {
      noise = g.isTextual() ? GeoNoise.byId(g.asText()) : null;
      if (noise == null) {
        throw new IllegalArgumentException(
            origin + ".geo_noise must be none, per_network, per_request or broken, got " + g);
      }
    }
    try {
      JsonNode from = node.get("geo_broken_from");
      return new WorldParameters(
          noise,
          number(node, "geo_accuracy_km", d.geoAccuracyKm()),
          number(node, "mobile_session_share", d.mobileSessionShare()),
          number(node, "mobile_hop_share", d.mobileHopShare()),
          number(node, "home_wifi_share", d.homeWifiShare()),
          number(node, "new_wallet_share", d.newWalletShare()),
          number(node, "app_update_share", d.appUpdateShare()),
          number(node, "app_downgrade_share", d.appDowngradeShare()),
          number(node, "bot_failover_other_provider", d.botFailoverOtherProvider()),
          number(node, "home_line_scraper_share", d.homeLineScraperShare()),
          from == null ? d.geoBrokenFrom() : GeoBrokenFrom.parse(from.asText()));
    } catch (IllegalArgumentException e) {
      // WorldParameters names the snake_case key in its messages.
      throw new IllegalArgumentException(origin + "." + e.getMessage());
    }
  }

  private static double number(JsonNode node, String key, double absent) {
    JsonNode v = node.get(key);
    return v == null ? absent : v.doubleValue();
  }
}
