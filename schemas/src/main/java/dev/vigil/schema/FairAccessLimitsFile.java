package dev.vigil.schema;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The file {@code vigil limits recommend} writes and a gateway's enforcer reads ({@code
 * FairAccessDefaults} in {@code vigil-enforcer}): per (population, endpoint role) a {@code
 * SET_RATE_LIMIT} default, rate and burst, with its basis. The one definition of the format, so the
 * writer (in the jobs module) and the reader (in the enforcer, which sees schemas but not models)
 * cannot drift apart; it lives here rather than in models for that reason.
 *
 * <p>Validation is in the constructors, so a file Jackson reads is checked field by field, and the
 * message of a bad one names the field and what it takes. Fields a reader does not know are ignored
 * (a newer writer may add to the basis); {@code method} and {@code basis} are written always and
 * may be absent on reading (an operator's hand-written file), as the enforcer does not need them.
 *
 * <p>Bounds, so that a token bucket of these values computes in 64-bit nanoseconds without
 * overflow: {@code requestsPerSecond} in [{@value #MIN_RATE}, {@value #MAX_RATE}], {@code burst} in
 * [1, {@value #MAX_BURST}].
 *
 * @param method how the limits were learnt (null on a hand-written file)
 * @param limits one per (population, role), no two alike
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record FairAccessLimitsFile(Method method, List<Limit> limits) {
  /** The slowest rate a default may set: one request in 1,000 s. */
  public static final double MIN_RATE = 0.001;

  /** The fastest rate a default may set. */
  public static final double MAX_RATE = 1_000_000;

  /** The largest burst a default may set. */
  public static final int MAX_BURST = 1_000_000;

  /** The only action a default may name. */
  public static final String ACTION = "SET_RATE_LIMIT";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_.-]{0,63}");

  public FairAccessLimitsFile {
    if (limits == null) {
      throw new IllegalArgumentException("limits is missing: a list of SET_RATE_LIMIT defaults");
    }
    Map<String, Integer> seen = new HashMap<>();
    for (int i = 0; i < limits.size(); i++) {
      Limit a = limits.get(i);
      if (a == null) {
        throw new IllegalArgumentException("limits[" + i + "] is null");
      }
      // Names cannot hold a space (NAME), so "population role" identifies the pair.
      Integer j = seen.putIfAbsent(a.population() + " " + a.role(), i);
      if (j != null) {
        throw new IllegalArgumentException(
            "limits["
                + i
                + "] repeats population "
                + a.population()
                + " and role "
                + a.role()
                + " of limits["
                + j
                + "]; keep one");
      }
    }
    limits = List.copyOf(limits);
  }

  /**
   * How the limits were learnt: the peak window, the quantile of per-session peaks and the headroom
   * on it, where populations came from, sessions seen and left out of the basis.
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Method(
      double peakWindowSeconds,
      double quantile,
      double headroom,
      String populations,
      long sessions,
      long sessionsLeftOut) {}

  /**
   * One default.
   *
   * @param population the sessions it applies to, e.g. {@code bot}, {@code api_key}
   * @param role the endpoint role, e.g. {@code orders}, {@code market_data}
   * @param action always {@value FairAccessLimitsFile#ACTION}
   * @param requestsPerSecond the token bucket's rate
   * @param burst the token bucket's capacity
   * @param basis what the limit was learnt from (null on a hand-written file)
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Limit(
      String population,
      String role,
      String action,
      Double requestsPerSecond,
      Integer burst,
      Basis basis) {
    public Limit {
      name(population, "population", "bot or api_key");
      name(role, "role", "orders or market_data");
      if (!ACTION.equals(action)) {
        throw new IllegalArgumentException(
            "action must be " + ACTION + ", got " + (action == null ? "nothing" : action));
      }
      if (requestsPerSecond == null
          || !(requestsPerSecond >= MIN_RATE && requestsPerSecond <= MAX_RATE)) {
        throw new IllegalArgumentException(
            "requestsPerSecond must be a number from "
                + MIN_RATE
                + " to "
                + (long) MAX_RATE
                + ", got "
                + (requestsPerSecond == null ? "nothing" : requestsPerSecond));
      }
      if (burst == null || burst < 1 || burst > MAX_BURST) {
        throw new IllegalArgumentException(
            "burst must be a whole number from 1 to "
                + MAX_BURST
                + ", got "
                + (burst == null ? "nothing" : burst));
      }
    }

    private static void name(String value, String field, String example) {
      if (value == null || !NAME.matcher(value).matches()) {
        throw new IllegalArgumentException(
            field
                + " must be a lower-case name (letters, digits, _ . -), e.g. "
                + example
                + ", got "
                + (value == null ? "nothing" : "'" + value + "'"));
      }
    }
  }

  /**
   * A limit's basis.
   *
   * @param sessions sessions of the population that used the role
   * @param quantile the quantile of their peaks taken
   * @param quantileRequestsPerSecond that quantile
   * @param observedMaxRequestsPerSecond the highest peak seen
   * @param headroom the factor on the quantile
   */
  @JsonIgnoreProperties(ignoreUnknown = true)
  public record Basis(
      long sessions,
      double quantile,
      double quantileRequestsPerSecond,
      double observedMaxRequestsPerSecond,
      double headroom) {}
}
