package dev.vigil.core.exchange;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.Outcome;

/**
 * What the exchange job keys by, in the canonical text forms of {@code ExchangeSignal.subject}, and
 * which events each detector counts. Logins are the requests the model file's {@code
 * evidence.endpointRoles} names {@code login} ({@link EndpointRoles}; no path is spelt here).
 */
public final class Subjects {
  private Subjects() {}

  /**
   * The source network: the /24 of an IPv4 address ({@code 203.0.113.0/24}), the /48 of an IPv6 one
   * ({@code 2001:db8:1::/48}); null when the text is neither. Expects canonical text (the ingest
   * stage writes dotted quads and RFC 5952).
   */
  public static String network(String ip) {
    if (ip == null || ip.isEmpty()) {
      return null;
    }
    if (ip.indexOf(':') < 0) {
      int lastDot = ip.lastIndexOf('.');
      return lastDot <= 0 ? null : ip.substring(0, lastDot) + ".0/24";
    }
    // Expand "::" (RFC 5952: the longest run of zero groups) and keep the first three groups.
    int gap = ip.indexOf("::");
    String head = gap < 0 ? ip : ip.substring(0, gap);
    String[] first = head.isEmpty() ? new String[0] : head.split(":", -1);
    int[] groups = new int[3];
    for (int i = 0; i < 3; i++) {
      if (i < first.length) {
        try {
          groups[i] = Integer.parseInt(first[i], 16);
        } catch (NumberFormatException e) {
          return null;
        }
      } else if (gap < 0) {
        return null;
      }
    }
    // Fewer than three groups before "::": the rest of the first three are zeros of the run, or
    // groups of the tail when the run is short.
    if (gap >= 0 && first.length < 3) {
      String[] tail =
          ip.substring(gap + 2).isEmpty() ? new String[0] : ip.substring(gap + 2).split(":", -1);
      int zeros = 8 - first.length - tail.length;
      for (int i = first.length; i < 3; i++) {
        int inTail = i - first.length - zeros;
        if (inTail >= 0 && inTail < tail.length) {
          try {
            groups[i] = Integer.parseInt(tail[inTail], 16);
          } catch (NumberFormatException e) {
            return null;
          }
        }
      }
    }
    StringBuilder b = new StringBuilder(24);
    for (int i = 0; i < 3; i++) {
      if (i > 0) {
        b.append(':');
      }
      b.append(Integer.toHexString(groups[i]));
    }
    return b.append("::/48").toString();
  }

  /** The autonomous system, {@code AS64500}; null if the event has none. */
  public static String autonomousSystem(Long asNumber) {
    return asNumber == null ? null : "AS" + asNumber;
  }

  /**
   * The client fingerprint: the user agent without digits and dots, so that builds of one client
   * are one fingerprint ({@code curl/8.4.0} and {@code curl/8.9.0} are {@code curl/}), as the
   * session risk job's client hash reads it ({@code Hashing.userAgent}); null if there is none.
   */
  public static String client(String userAgent) {
    if (userAgent == null || userAgent.isBlank()) {
      return null;
    }
    StringBuilder b = new StringBuilder(Math.min(userAgent.length(), 256));
    for (int i = 0, n = Math.min(userAgent.length(), 256); i < n; i++) {
      char c = userAgent.charAt(i);
      if ((c < '0' || c > '9') && c != '.') {
        b.append(c);
      }
    }
    return b.toString();
  }

  /** Whether the request is a login by the operator's endpoint roles. */
  public static boolean isLogin(AccessEvent e, EndpointRoles roles) {
    return roles.roleOf(e.getMethod(), e.getPath()) == EndpointRole.LOGIN;
  }

  /** A failed request: the gateway says so, or the status is 4xx/5xx. */
  public static boolean failed(AccessEvent e) {
    return e.getOutcome() == Outcome.FAILURE || e.getStatus() >= 400;
  }

  /**
   * The withdrawal address a successful request adds or pays to, or null: the event's {@code
   * withdrawalAddress}, which gateways fill on withdrawals and whitelist additions only.
   */
  public static String withdrawalAddress(AccessEvent e) {
    String a = e.getWithdrawalAddress();
    return a == null || a.isEmpty() || failed(e) ? null : a;
  }

  /**
   * The endpoint a request's volume is counted under: {@code METHOD /path/template}, where a path
   * segment that is all digits, or longer than 8 characters with a digit, or longer than 32 (an id,
   * a token) is {@code {id}} ({@code v3} stays); a request the model's endpoint roles do not name
   * is {@code METHOD (unnamed)}, so random paths cannot create series without end.
   */
  public static String endpoint(AccessEvent e, EndpointRoles roles) {
    String method = e.getMethod();
    String path = e.getPath();
    if (roles.roleOf(method, path) == EndpointRole.OTHER) {
      return method + " (unnamed)";
    }
    StringBuilder b =
        new StringBuilder(Math.min(path.length(), 256) + 8).append(method).append(' ');
    int start = 0;
    while (start <= path.length() && b.length() < 256) {
      int end = path.indexOf('/', start);
      if (end < 0) {
        end = path.length();
      }
      int digits = 0;
      for (int i = start; i < end; i++) {
        char c = path.charAt(i);
        digits += c >= '0' && c <= '9' ? 1 : 0;
      }
      int length = end - start;
      boolean id = length > 32 || (digits > 0 && (digits == length || length > 8));
      if (id) {
        b.append("{id}");
      } else {
        b.append(path, start, end);
      }
      if (end < path.length()) {
        b.append('/');
      }
      start = end + 1;
    }
    return b.toString();
  }

  /** The population whose series a request joins: automated (signed by an API key) or human. */
  public static String population(AccessEvent e) {
    return e.getAuthMethod() == dev.vigil.schema.AuthMethod.HMAC ? "automated" : "human";
  }
}
