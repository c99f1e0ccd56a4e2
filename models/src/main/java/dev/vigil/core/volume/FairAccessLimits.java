package dev.vigil.core.volume;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.schema.AccessEvent;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Fair-access rate limits per (population, endpoint role), recommended from the distribution of
 * per-session peak rates: each session's peak is the most requests it made to a role in any sliding
 * {@value #WINDOW_MS} ms window, divided by the window (requests per second); the limit of a
 * (population, role) is the {@code quantile} of its sessions' peaks times {@code headroom}.
 *
 * <p><b>Why a 10 s window.</b> Gateways enforce {@code SET_RATE_LIMIT} with a token bucket whose
 * burst holds a few seconds of the rate ({@code RateLimitPolicy}: {@code burstSeconds}); a limit
 * must admit the densest stretch a legitimate client produces at that scale. A 60 s window (the
 * usage throttle's "last minute") averages away bursts shorter than a minute, and a bucket with a
 * few seconds of burst would throttle them under a limit the minute's mean respects; a 1 s window
 * is dominated by Poisson clumping of a few requests. 10 s sits between and is exact (every
 * request's trailing window is counted, not fixed buckets).
 *
 * <p><b>Why a high quantile times headroom.</b> The limit is the empirical quantile of peaks
 * (HdrHistogram {@link PeakRateLimits}, 2 significant digits: within 1 % of the recorded value it
 * stands for, either side) scaled by a headroom factor, so that it follows each population's
 * observed usage rather than one global number (per-customer limits from observed usage: Beyer et
 * al., <i>Site Reliability Engineering</i>, O'Reilly 2016, ch. 21 "Handling Overload"). The
 * defaults ({@link #DEFAULT_QUANTILE} p99.9, {@link #DEFAULT_HEADROOM} x1.5) are chosen for "a
 * legitimate client within its population's usual peak is never throttled": with fewer than 1,000
 * sessions per population p99.9 is the observed maximum (within 1 %), and benign peaks are
 * heavy-tailed (in the simulator one bursting bot peaks at 5x the next one's rate), so a lower
 * quantile with a fixed headroom would throttle the top session. The price is robustness: a rank
 * statistic ignores at most (1 - quantile) of the sessions as outliers, so abuse in the history
 * lifts p99.9; sessions known to be abuse are left out of the basis ({@link #add(String,
 * AccessEvent, boolean)}) and still measured. Neither bound is a guarantee on unseen traffic:
 * limits learnt from one simulated hour held every benign bot of a held-out hour, but not the other
 * way round, where the held-out hour had a bursting bot the training hour lacked (README, "Default
 * rate limits"). The basis (sessions, quantile, observed max) is reported with every limit.
 *
 * <p>Cost: per event, one role lookup ({@link EndpointRoles#roleOf}, no allocation) and amortised
 * O(1) ring-buffer work; memory is one entry per session seen, with a ring per role used holding
 * the requests of the last window (at most rate x 10 s timestamps). Meant for offline files (a day
 * of logs), not for the per-event path of a job. Events are expected in time order per session; an
 * earlier timestamp than the session's last is counted at the last (it cannot lower a peak). Not
 * thread-safe.
 */
public final class FairAccessLimits {
  /** Default quantile of per-session peaks. */
  public static final double DEFAULT_QUANTILE = 0.999;

  /** Default factor on the quantile. */
  public static final double DEFAULT_HEADROOM = 1.5;

  /** The sliding window of a session's peak rate. */
  public static final long WINDOW_MS = 10_000;

  /** Population of sessions authenticated with an API key (HMAC signatures or a key id). */
  public static final String API_KEY = "api_key";

  /** Population of every other session (browser and app logins). */
  public static final String INTERACTIVE = "interactive";

  /**
   * One recommendation and its basis.
   *
   * @param sessions sessions of the population that used the role (one peak each)
   * @param quantileRps the {@code quantile} of their peaks, requests per second
   * @param observedMaxRps the highest peak seen
   * @param limitRps {@code quantileRps x headroom}: the recommended {@code SET_RATE_LIMIT}
   */
  public record Limit(
      String population,
      EndpointRole role,
      long sessions,
      double quantile,
      double headroom,
      double quantileRps,
      double observedMaxRps,
      double limitRps) {}

  private final EndpointRoles roles;
  private final Map<String, SessionPeaks> sessions = new HashMap<>();
  private int excluded;

  public FairAccessLimits(EndpointRoles roles) {
    this.roles = roles;
  }

  /**
   * The population of a session when nothing better is known: {@link #API_KEY} when the request is
   * HMAC-signed or carries an API key id, else {@link #INTERACTIVE}.
   */
  public static String populationByAuth(AccessEvent e) {
    boolean key = e.getApiKeyId() != null || e.getAuthMethod() == dev.vigil.schema.AuthMethod.HMAC;
    return key ? API_KEY : INTERACTIVE;
  }

  /** As {@link #add(String, AccessEvent, boolean)} for a session in the basis. */
  public void add(String population, AccessEvent e) {
    add(population, e, true);
  }

  /**
   * Counts {@code e} toward its session's peak on its role. The session's population and whether it
   * is in the basis of the recommendations ({@code inBasis}: false for known abuse, whose peaks are
   * still measured) are the ones given with its first event; events without a session id are
   * skipped.
   */
  public void add(String population, AccessEvent e, boolean inBasis) {
    String id = e.getSessionId();
    if (id == null || population == null) {
      return;
    }
    SessionPeaks s = sessions.get(id);
    if (s == null) {
      s = new SessionPeaks(population, inBasis);
      if (!inBasis) {
        excluded++;
      }
      sessions.put(id, s);
    }
    s.add(roles.roleOf(e.getMethod(), e.getPath()).ordinal(), e.getTimestamp());
  }

  /** Sessions seen and left out of the basis (known attacks or abuse). */
  public int excludedCount() {
    return excluded;
  }

  /** Sessions seen. */
  public int sessionCount() {
    return sessions.size();
  }

  /** The session's peak rate on {@code role} in requests per second (0 if it never used it). */
  public double peak(String sessionId, EndpointRole role) {
    SessionPeaks s = sessions.get(sessionId);
    return s == null ? 0 : s.peakCount[role.ordinal()] * 1000.0 / WINDOW_MS;
  }

  /** The population a session was counted in, or null when it was not seen. */
  public String population(String sessionId) {
    SessionPeaks s = sessions.get(sessionId);
    return s == null ? null : s.population;
  }

  /**
   * Recommendations for every (population, role) with data, by population then role order.
   *
   * @param quantile in (0, 1], e.g. 0.99
   * @param headroom at least 1, e.g. 2
   */
  public List<Limit> recommend(double quantile, double headroom) {
    if (!(quantile > 0 && quantile <= 1)) {
      throw new IllegalArgumentException("quantile must be in (0, 1], got " + quantile);
    }
    if (!(headroom >= 1) || Double.isInfinite(headroom)) {
      throw new IllegalArgumentException("headroom must be at least 1, got " + headroom);
    }
    Map<String, PeakRateLimits> byPopulation = new TreeMap<>();
    for (SessionPeaks s : sessions.values()) {
      if (!s.inBasis) {
        continue;
      }
      PeakRateLimits p =
          byPopulation.computeIfAbsent(s.population, k -> new PeakRateLimits(EndpointRole.COUNT));
      for (int r = 0; r < EndpointRole.COUNT; r++) {
        if (s.peakCount[r] > 0) {
          p.recordSessionPeak(
              EndpointRole.byOrdinal(r).wireName(), s.peakCount[r] * 1000.0 / WINDOW_MS);
        }
      }
    }
    List<Limit> out = new ArrayList<>();
    for (Map.Entry<String, PeakRateLimits> e : byPopulation.entrySet()) {
      PeakRateLimits p = e.getValue();
      for (EndpointRole r : EndpointRole.values()) {
        long n = p.sessions(r.wireName());
        if (n == 0) {
          continue;
        }
        double q = p.quantile(r.wireName(), quantile);
        out.add(
            new Limit(
                e.getKey(),
                r,
                n,
                quantile,
                headroom,
                q,
                p.observedMax(r.wireName()),
                p.recommendedLimit(r.wireName(), quantile, headroom)));
      }
    }
    return out;
  }

  /** The recommended limit of a (population, role) in {@code limits}, or NaN when it has none. */
  public static double limitOf(List<Limit> limits, String population, EndpointRole role) {
    for (Limit l : limits) {
      if (l.population().equals(population) && l.role() == role) {
        return l.limitRps();
      }
    }
    return Double.NaN;
  }

  /** One session: its population, per-role peak counts and rings of the last window's times. */
  private static final class SessionPeaks {
    final String population;
    final boolean inBasis;
    final int[] peakCount = new int[EndpointRole.COUNT];
    final long[][] rings = new long[EndpointRole.COUNT][];
    final int[] head = new int[EndpointRole.COUNT];
    final int[] size = new int[EndpointRole.COUNT];
    long last = Long.MIN_VALUE;

    SessionPeaks(String population, boolean inBasis) {
      this.population = population;
      this.inBasis = inBasis;
    }

    void add(int role, long timestamp) {
      long t = Math.max(timestamp, last);
      last = t;
      long[] ring = rings[role];
      if (ring == null) {
        ring = new long[8];
        rings[role] = ring;
      }
      int h = head[role];
      int n = size[role];
      while (n > 0 && ring[h] <= t - WINDOW_MS) {
        h = (h + 1) & (ring.length - 1);
        n--;
      }
      if (n == ring.length) {
        long[] grown = new long[ring.length * 2];
        for (int i = 0; i < n; i++) {
          grown[i] = ring[(h + i) & (ring.length - 1)];
        }
        ring = grown;
        rings[role] = ring;
        h = 0;
      }
      ring[(h + n) & (ring.length - 1)] = t;
      n++;
      head[role] = h;
      size[role] = n;
      if (n > peakCount[role]) {
        peakCount[role] = n;
      }
    }
  }
}
