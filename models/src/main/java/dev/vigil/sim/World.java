package dev.vigil.sim;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A named simulated world: the benign behaviours it varies ({@link WorldParameters}) and its
 * scenario mix. The built-in worlds ({@link BuiltInWorlds}) are split once and for all into TUNING
 * worlds, on which a model may be looked at and changed, and HELD_OUT worlds, run once at the end
 * to say whether what was learned holds.
 *
 * <p>JSON form (a file for {@code vigil simulate --world FILE}); every key but {@code name} is
 * optional, absent parameters take {@link WorldParameters#defaults()} and an absent mix the {@code
 * default} preset:
 *
 * <pre>{@code
 * {"name": "my-world", "description": "...", "split": "custom",
 *  "parameters": {"geo_noise": "per_request", "geo_accuracy_km": 300, "new_wallet_share": 0.2},
 *  "mix": {"populations": {...}, "scenarios": {...}, "hard_cases": {...}}}
 * }</pre>
 *
 * Unknown keys, wrong types and out-of-range values are rejected with a message naming the key.
 */
public record World(
    String name, String description, Split split, WorldParameters parameters, ScenarioMix mix) {

  /** Which side of the fixed tuning / held-out split a world is on. */
  public enum Split {
    TUNING("tuning"),
    HELD_OUT("held-out"),
    /** A world from a file: in neither group. */
    CUSTOM("custom");

    private final String id;

    Split(String id) {
      this.id = id;
    }

    public String id() {
      return id;
    }
  }

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);
  private static final Set<String> TOP =
      Set.of("name", "description", "split", "parameters", "mix");

  public World {
    if (name == null || !name.matches("[a-z0-9][a-z0-9-]{0,63}")) {
      throw new IllegalArgumentException(
          "world name must be 1-64 lower-case letters, digits or '-', got '" + name + "'");
    }
  }

  /** A built-in world's name or a JSON file. */
  public static World resolve(String nameOrFile) {
    World w = BuiltInWorlds.byName(nameOrFile);
    if (w != null) {
      return w;
    }
    Path path = Path.of(nameOrFile);
    if (!Files.isRegularFile(path)) {
      throw new IllegalArgumentException(
          "world '"
              + nameOrFile
              + "' is neither a built-in world ("
              + String.join(", ", BuiltInWorlds.names())
              + ") nor a readable file");
    }
    try {
      return parse(Files.readString(path), path.toString());
    } catch (IOException e) {
      throw new IllegalArgumentException("cannot read world " + path + ": " + e.getMessage());
    }
  }

  /**
   * The worlds of a selection: {@code tuning}, {@code held-out}, {@code all}, or a comma-separated
   * list of built-in names and files, in the order given.
   */
  public static List<World> select(String selection) {
    switch (selection) {
      case "tuning":
        return BuiltInWorlds.of(Split.TUNING);
      case "held-out":
        return BuiltInWorlds.of(Split.HELD_OUT);
      case "all":
        return BuiltInWorlds.all();
      default:
        break;
    }
    Set<String> names = new LinkedHashSet<>();
    List<World> out = new ArrayList<>();
    for (String part : selection.split(",")) {
      String p = part.trim();
      if (p.isEmpty()) {
        throw new IllegalArgumentException("empty world name in '" + selection + "'");
      }
      World w = resolve(p);
      if (!names.add(w.name())) {
        throw new IllegalArgumentException("world '" + w.name() + "' is named twice");
      }
      out.add(w);
    }
    return out;
  }

  /**
   * Parses and validates the JSON form.
   *
   * @param origin named in every error message (a file name)
   */
  public static World parse(String json, String origin) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (IOException e) {
      throw new IllegalArgumentException(origin + ": not valid JSON: " + e.getMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException(origin + ": a world must be a JSON object");
    }
    for (Iterator<String> it = root.fieldNames(); it.hasNext(); ) {
      String key = it.next();
      if (!TOP.contains(key)) {
        throw new IllegalArgumentException(
            origin
                + ": unknown key '"
                + key
                + "'; allowed: name, description, split, parameters, mix");
      }
    }
    String name = text(root, "name", origin, null);
    if (name == null) {
      throw new IllegalArgumentException(origin + ": 'name' is required");
    }
    String description = text(root, "description", origin, "");
    String splitText = text(root, "split", origin, "custom");
    Split split = null;
    for (Split s : Split.values()) {
      if (s.id().equals(splitText)) {
        split = s;
      }
    }
    if (split == null) {
      throw new IllegalArgumentException(
          origin + ": split must be tuning, held-out or custom, got '" + splitText + "'");
    }
    WorldParameters parameters =
        root.has("parameters")
            ? WorldParametersJson.parse(root.get("parameters"), origin + ": parameters")
            : WorldParameters.defaults();
    ScenarioMix mix =
        root.has("mix") ? ScenarioMix.parse(root.get("mix"), origin + ": mix") : defaultMix();
    try {
      return new World(name, description, split, parameters, mix);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(origin + ": " + e.getMessage());
    }
  }

  private static ScenarioMix defaultMix() {
    return ScenarioMix.defaults();
  }

  private static String text(JsonNode root, String key, String origin, String absent) {
    JsonNode v = root.get(key);
    if (v == null) {
      return absent;
    }
    if (!v.isTextual()) {
      throw new IllegalArgumentException(origin + ": " + key + " must be a string, got " + v);
    }
    return v.asText();
  }
}
