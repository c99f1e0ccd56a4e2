package dev.vigil.core.model;

import java.util.List;

/**
 * A list of endpoint rules from the model file, each a path prefix ({@code /api/v1/withdraw}) or a
 * method and a path prefix ({@code POST /api/v3/wallet/whitelist}), split once so that matching on
 * the per-event path reads two arrays and allocates nothing.
 */
public final class PathRules {
  private final List<String> entries;
  private final String[] methods;
  private final String[] prefixes;

  PathRules(List<String> entries, String key) {
    this.entries = entries;
    methods = new String[entries.size()];
    prefixes = new String[entries.size()];
    for (int i = 0; i < prefixes.length; i++) {
      String entry = entries.get(i);
      int space = entry.indexOf(' ');
      String method = space < 0 ? null : entry.substring(0, space);
      String path = space < 0 ? entry : entry.substring(space + 1);
      if (!path.startsWith("/") || (method != null && !method.matches("[A-Z]{3,7}"))) {
        throw new ModelValidationException(
            key + "[" + i + "]",
            "'"
                + entry
                + "' must be a path prefix starting with / or METHOD /path, e.g. POST"
                + " /api/v3/wallet/withdrawals");
      }
      methods[i] = method;
      prefixes[i] = path;
    }
  }

  /** The rules as written in the model file. */
  public List<String> entries() {
    return entries;
  }

  /** Whether a request with this method and path matches a rule; a null path matches none. */
  public boolean matches(String method, String path) {
    if (path == null) {
      return false;
    }
    for (int i = 0; i < prefixes.length; i++) {
      String m = methods[i];
      if (path.startsWith(prefixes[i]) && (m == null || m.equals(method))) {
        return true;
      }
    }
    return false;
  }
}
