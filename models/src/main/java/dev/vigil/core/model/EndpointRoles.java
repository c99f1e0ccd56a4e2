package dev.vigil.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator's names for endpoints ({@code evidence.endpointRoles}): for each {@link
 * EndpointRole}, rules of the form {@code /path/prefix} (any method) or {@code METHOD
 * /path/prefix}. A rule matches its path and every path below it, segment by segment ({@code GET
 * /api/v3/account/trades} matches {@code /api/v3/account/trades} and {@code
 * /api/v3/account/trades/export}, not {@code /api/v3/account/tradesX}); the longest matching rule
 * wins, and at equal length a rule naming the method wins over one that does not. A request no rule
 * names is {@link EndpointRole#OTHER}. No path is spelt in Java: a model file without the section
 * gets the built-in defaults, {@value #DEFAULT_RESOURCE} (the simulator's {@code /api/v3} layout
 * and an {@code /api/v1} one).
 *
 * <p>Cost: {@link #roleOf} walks the path once, keeping two running FNV-1a hashes of "method path"
 * and "any-method path", and probes an open-addressing table at each {@code /} and at the end:
 * O(path length), about two table probes per path segment, no allocation. ({@link PathRules}
 * instead tests every rule with {@code startsWith}: O(rules x prefix length).) Two rules colliding
 * in 64 bits is possible in principle (about r^2 / 2^65 for r rules) and is rejected on load.
 */
public final class EndpointRoles {
  /** Class-path location of the built-in rules. */
  public static final String DEFAULT_RESOURCE = "/vigil/endpoint-roles-default.json";

  private static final long FNV_OFFSET = 0xcbf29ce484222325L;
  private static final long FNV_PRIME = 0x100000001b3L;
  private static final long EMPTY = 0L;
  private static volatile EndpointRoles defaults;

  private final Map<String, List<String>> rules;
  private final long[] keys;
  private final byte[] roles;
  private final int mask;

  /** Reads the section from the model file (an object of role name to rules). */
  static EndpointRoles read(StrictNode n) {
    Map<String, List<String>> rules = new LinkedHashMap<>();
    for (EndpointRole r : EndpointRole.values()) {
      if (r != EndpointRole.OTHER && n.has(r.wireName())) {
        rules.put(r.wireName(), n.texts(r.wireName(), 64, 256));
      }
    }
    n.finish();
    return new EndpointRoles(rules, n.path());
  }

  /** The built-in rules, read once from {@value #DEFAULT_RESOURCE}. */
  public static EndpointRoles defaults() {
    EndpointRoles d = defaults;
    if (d == null) {
      try (InputStream in = EndpointRoles.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(DEFAULT_RESOURCE + " missing from class path");
        }
        JsonNode root = new ObjectMapper().readTree(in);
        d = read(new StrictNode(root, "endpointRoles(default)"));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      defaults = d;
    }
    return d;
  }

  EndpointRoles(Map<String, List<String>> rules, String key) {
    this.rules = Collections.unmodifiableMap(new LinkedHashMap<>(rules));
    int count = rules.values().stream().mapToInt(List::size).sum();
    int size = Integer.highestOneBit(Math.max(4, count * 4) - 1) << 1;
    keys = new long[size];
    roles = new byte[size];
    mask = size - 1;
    Map<Long, String> seen = new LinkedHashMap<>();
    for (Map.Entry<String, List<String>> e : rules.entrySet()) {
      EndpointRole role = EndpointRole.byWireName(e.getKey());
      for (int i = 0; i < e.getValue().size(); i++) {
        String entry = e.getValue().get(i);
        String where = key + "." + e.getKey() + "[" + i + "]";
        long h = ruleKey(entry, where);
        String before = seen.putIfAbsent(h, where);
        if (before != null) {
          throw new ModelValidationException(
              where, "'" + entry + "' is already named by " + before);
        }
        put(h, role);
      }
    }
  }

  /** The rules as written (role wire name to rules), for tools that print or edit them. */
  public Map<String, List<String>> rules() {
    return rules;
  }

  /** The role of a request; {@link EndpointRole#OTHER} when no rule names it or path is null. */
  public EndpointRole roleOf(CharSequence method, CharSequence path) {
    if (path == null) {
      return EndpointRole.OTHER;
    }
    long withMethod = FNV_OFFSET;
    if (method != null) {
      for (int i = 0, n = method.length(); i < n; i++) {
        withMethod = (withMethod ^ method.charAt(i)) * FNV_PRIME;
      }
    }
    withMethod = (withMethod ^ ' ') * FNV_PRIME;
    long anyMethod = (((FNV_OFFSET ^ '*') * FNV_PRIME) ^ ' ') * FNV_PRIME;
    int found = -1;
    int n = path.length();
    for (int i = 0; i <= n; i++) {
      char c = i < n ? path.charAt(i) : '/';
      if (c == '/') {
        int r = lookup(withMethod);
        if (r < 0) {
          r = lookup(anyMethod);
        }
        if (r >= 0) {
          found = r;
        }
      }
      if (i < n) {
        withMethod = (withMethod ^ c) * FNV_PRIME;
        anyMethod = (anyMethod ^ c) * FNV_PRIME;
      }
    }
    return found < 0 ? EndpointRole.OTHER : EndpointRole.byOrdinal(found);
  }

  private int lookup(long running) {
    long h = finish(running);
    for (int i = (int) h & mask; ; i = (i + 1) & mask) {
      long k = keys[i];
      if (k == h) {
        return roles[i];
      }
      if (k == EMPTY) {
        return -1;
      }
    }
  }

  private void put(long h, EndpointRole role) {
    int i = (int) h & mask;
    while (keys[i] != EMPTY) {
      i = (i + 1) & mask;
    }
    keys[i] = h;
    roles[i] = (byte) role.ordinal();
  }

  /** Hash of a rule, as {@link #roleOf} computes it for the same prefix; validates the form. */
  private static long ruleKey(String entry, String where) {
    int space = entry.indexOf(' ');
    String method = space < 0 ? "*" : entry.substring(0, space);
    String path = space < 0 ? entry : entry.substring(space + 1);
    if (!path.startsWith("/") || (space >= 0 && !method.matches("[A-Z]{3,7}"))) {
      throw new ModelValidationException(
          where,
          "'"
              + entry
              + "' must be a path prefix starting with / or METHOD /path, e.g. GET"
              + " /api/v3/orders/history");
    }
    // A rule names a path and the paths below it: "/a/b/" is "/a/b", "/" is every path.
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    long h = FNV_OFFSET;
    for (int i = 0; i < method.length(); i++) {
      h = (h ^ method.charAt(i)) * FNV_PRIME;
    }
    h = (h ^ ' ') * FNV_PRIME;
    for (int i = 0; i < path.length(); i++) {
      h = (h ^ path.charAt(i)) * FNV_PRIME;
    }
    return finish(h);
  }

  private static long finish(long h) {
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == EMPTY ? 1L : h;
  }
}
