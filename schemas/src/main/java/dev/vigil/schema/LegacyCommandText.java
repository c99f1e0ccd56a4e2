package dev.vigil.schema;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The canonical text of signature versions 1 and 2 ({@value CommandAuthenticator#ALGORITHM}, see
 * {@link CommandAuthenticator}'s class comment): one field per line under the domain {@code
 * vigil-command-v1}, or {@code vigil-command-v2} when a hold or step-up factor is set. Kept so
 * commands signed by older producers still verify; new commands are signed over the binary version
 * 4 and 5 forms.
 */
final class LegacyCommandText {
  private static final String V1 = "vigil-command-v1";
  private static final String V2 = "vigil-command-v2";
  private static final Pattern FACTOR = Pattern.compile("[a-z0-9_]{1,32}");

  private LegacyCommandText() {}

  static String of(SessionCommand c) {
    CommandParameters p = c.getParameters();
    StringBuilder s = new StringBuilder(256).append(V1);
    line(s, c.getCommandId());
    line(s, c.getSessionId());
    line(s, c.getAccountId());
    line(s, c.getAction());
    line(s, p == null ? null : p.getAbsoluteTimeoutSeconds());
    line(s, p == null ? null : p.getIdleTimeoutSeconds());
    line(s, p == null ? null : p.getRequestsPerSecond());
    line(s, p == null ? null : p.getBurst());
    line(s, c.getIssuedAt());
    line(s, c.getExpiresAt());
    line(s, c.getTriggerEventId());
    if (p != null
        && (p.getHoldSeconds() != null
            || p.getHoldScope() != null
            || p.getAcceptedFactors() != null)) {
      s.replace(0, V1.length(), V2);
      line(s, p.getHoldSeconds());
      line(s, p.getHoldScope());
      line(s, p.getAcceptedFactors() == null ? null : factors(p.getAcceptedFactors()));
    }
    return s.toString();
  }

  static String factors(List<String> factors) {
    StringBuilder joined = new StringBuilder();
    for (String f : factors) {
      if (f == null || !FACTOR.matcher(f).matches()) {
        throw new IllegalArgumentException(
            "a step-up factor name must be lower-case letters, digits and '_': " + f);
      }
      if (!joined.isEmpty()) {
        joined.append(',');
      }
      joined.append(f);
    }
    return joined.toString();
  }

  private static void line(StringBuilder s, Object value) {
    s.append('\n').append(value == null ? "" : value.toString());
  }
}
