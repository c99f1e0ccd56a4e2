package dev.vigil.cli;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.EndpointRoles;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The endpoints seen in access logs, as method and path templates with their volumes, and a guess
 * of each one's {@link EndpointRole} for a draft of the model file's {@code evidence.endpointRoles}
 * section. A path is templated segment by segment, the way {@code Hashing.endpoint} folds digits: a
 * segment with a digit becomes {@code {id}}, an upper-case symbol ({@code BTC-PERP}) {@code
 * {symbol}}. The guess comes from the model's own rules when one names the path, else from common
 * words in REST paths ({@code history}, {@code withdraw}, {@code orders}, ...): a draft for the
 * operator to check, never read by the scoring path. Bounded: at most {@value #MAX_TEMPLATES}
 * distinct templates are kept; further ones are counted as {@link #overflow()}.
 */
final class EndpointCatalog {
  static final int MAX_TEMPLATES = 100_000;

  /** One method and path template. */
  record Entry(String method, String template, String example, long count) {}

  private final EndpointRoles known;
  private final Map<String, long[]> counts = new HashMap<>();
  private final Map<String, String> examples = new HashMap<>();
  private long total;
  private long overflow;

  EndpointCatalog(EndpointRoles known) {
    this.known = known;
  }

  void add(String method, String path) {
    if (method == null || path == null) {
      return;
    }
    total++;
    String key = method + " " + template(path);
    long[] c = counts.get(key);
    if (c == null) {
      if (counts.size() >= MAX_TEMPLATES) {
        overflow++;
        return;
      }
      c = new long[1];
      counts.put(key, c);
      examples.put(key, path);
    }
    c[0]++;
  }

  long total() {
    return total;
  }

  long overflow() {
    return overflow;
  }

  /** Templates by descending volume (ties by name). */
  List<Entry> entries() {
    List<Entry> out = new ArrayList<>();
    for (Map.Entry<String, long[]> e : counts.entrySet()) {
      int space = e.getKey().indexOf(' ');
      out.add(
          new Entry(
              e.getKey().substring(0, space),
              e.getKey().substring(space + 1),
              examples.get(e.getKey()),
              e.getValue()[0]));
    }
    out.sort(
        Comparator.comparingLong(Entry::count)
            .reversed()
            .thenComparing(Entry::template)
            .thenComparing(Entry::method));
    return out;
  }

  /** The role of an entry: the model's rule if one names it, else the guess from its words. */
  EndpointRole role(Entry e) {
    EndpointRole r = known.roleOf(e.method(), e.example());
    return r != EndpointRole.OTHER ? r : guess(e.method(), e.template());
  }

  /**
   * A draft {@code endpointRoles} section: for each role, rules {@code METHOD /prefix}, the
   * template up to its first placeholder, busiest first, at most 64 per role (the model file's
   * limit). Entries guessed {@code other} are left out.
   */
  Map<String, List<String>> draft() {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (EndpointRole r : EndpointRole.values()) {
      if (r != EndpointRole.OTHER) {
        out.put(r.wireName(), new ArrayList<>());
      }
    }
    Map<String, EndpointRole> seen = new HashMap<>();
    for (Entry e : entries()) {
      EndpointRole r = role(e);
      String rule = e.method() + " " + prefix(e.template());
      if (r == EndpointRole.OTHER || seen.putIfAbsent(rule, r) != null) {
        continue;
      }
      List<String> rules = out.get(r.wireName());
      if (rules.size() < 64) {
        rules.add(rule);
      }
    }
    out.values().removeIf(List::isEmpty);
    return out;
  }

  /** The path with every segment holding a digit as {id} and every upper-case symbol {symbol}. */
  static String template(String path) {
    StringBuilder b = new StringBuilder(path.length());
    int i = 0;
    int n = path.length();
    while (i < n) {
      int slash = path.indexOf('/', i);
      int end = slash < 0 ? n : slash;
      b.append(segment(path.substring(i, end)));
      if (slash < 0) {
        break;
      }
      b.append('/');
      i = slash + 1;
    }
    return b.toString();
  }

  private static String segment(String s) {
    if (s.matches("[vV]\\d{1,3}")) {
      return s; // an API version (v1, v3) names a layout, not an object
    }
    boolean digit = false;
    boolean upper = false;
    boolean lower = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      digit |= c >= '0' && c <= '9';
      upper |= c >= 'A' && c <= 'Z';
      lower |= c >= 'a' && c <= 'z';
    }
    if (digit) {
      return "{id}";
    }
    return upper && !lower ? "{symbol}" : s;
  }

  /** The template up to (not including) its first placeholder segment, without a trailing /. */
  static String prefix(String template) {
    int brace = template.indexOf('{');
    String p = brace < 0 ? template : template.substring(0, brace);
    while (p.length() > 1 && p.endsWith("/")) {
      p = p.substring(0, p.length() - 1);
    }
    return p.isEmpty() ? "/" : p;
  }

  /** A role from the words of a path, checked most specific first. */
  static EndpointRole guess(String method, String template) {
    String p = template.toLowerCase(Locale.ROOT);
    boolean write = !method.equals("GET") && !method.equals("HEAD") && !method.equals("OPTIONS");
    if (has(p, "logout", "signout")) {
      return EndpointRole.OTHER;
    }
    if (has(p, "mfa", "2fa", "otp", "totp") && !has(p, "security", "settings", "reset")) {
      return EndpointRole.SECOND_FACTOR;
    }
    if (has(p, "security", "password", "email", "/mfa", "2fa")) {
      return EndpointRole.SECURITY_SETTINGS;
    }
    if (has(p, "api-key", "apikey", "api_key", "/keys")) {
      return EndpointRole.KEY_MANAGEMENT;
    }
    if (has(p, "whitelist", "address-book", "allowlist")) {
      return EndpointRole.ADDRESS_WHITELIST;
    }
    if (has(p, "withdraw")) {
      return write ? EndpointRole.WITHDRAWAL : EndpointRole.HISTORY;
    }
    if (has(p, "login", "signin", "oauth/token", "/auth", "session")) {
      return EndpointRole.LOGIN;
    }
    if (has(p, "history", "export", "fills", "mytrades", "ledger", "account/trades", "statement")) {
      return EndpointRole.HISTORY;
    }
    if (has(p, "order") && !has(p, "orderbook", "order-book", "order_book")) {
      return EndpointRole.ORDERS;
    }
    if (has(
        p, "market", "ticker", "orderbook", "depth", "kline", "candle", "chain", "instrument")) {
      return write ? EndpointRole.OTHER : EndpointRole.MARKET_DATA;
    }
    if (has(p, "balance", "position", "account", "deposit", "wallet", "portfolio")) {
      return write ? EndpointRole.OTHER : EndpointRole.ACCOUNT_READ;
    }
    return EndpointRole.OTHER;
  }

  private static boolean has(String p, String... words) {
    for (String w : words) {
      if (p.contains(w)) {
        return true;
      }
    }
    return false;
  }
}
