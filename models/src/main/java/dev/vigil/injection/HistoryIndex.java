package dev.vigil.injection;

import dev.vigil.evaluation.EventLines;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The first pass over the history: its time range and counts, each account's habits (its most used
 * user agent, country with a location in it, and API key, and whether it is automated) and each
 * session's span. What the injector needs to pick victims and imitate them.
 *
 * <p>Population: a session is automated when most of its requests are HMAC-signed (API-key traffic:
 * bots, market makers), human otherwise; an account is automated when most of its requests are.
 * Memory: a few hundred bytes per session plus each account's distinct user agents, countries and
 * keys (tens of MB for 100,000 sessions), independent of the number of events.
 */
public final class HistoryIndex {
  /** One account's habits. */
  static final class AccountHabits {
    final String id;
    long events;
    long signed;
    final Map<String, Long> userAgents = new HashMap<>();
    final Map<String, Long> countries = new HashMap<>();
    final Map<String, double[]> locations = new HashMap<>();
    final Map<String, Long> apiKeys = new HashMap<>();

    AccountHabits(String id) {
      this.id = id;
    }

    boolean automated() {
      return signed * 2 > events;
    }

    String topUserAgent() {
      return top(userAgents);
    }

    String topCountry() {
      return top(countries);
    }

    String topApiKey() {
      return top(apiKeys);
    }

    /** Latitude and longitude last seen in {@code country}, or null. */
    double[] location(String country) {
      return country == null ? null : locations.get(country);
    }

    /** The most frequent key; ties go to the smallest key, so the choice is deterministic. */
    private static String top(Map<String, Long> counts) {
      String best = null;
      long bestCount = -1;
      for (Map.Entry<String, Long> e : new TreeMap<>(counts).entrySet()) {
        if (e.getValue() > bestCount) {
          best = e.getKey();
          bestCount = e.getValue();
        }
      }
      return best;
    }
  }

  /** One session's span. */
  public static final class SessionSpan {
    final String id;
    final String account;
    final long first;
    long last;
    long events;
    long signed;
    long nonces;

    SessionSpan(String id, String account, long first) {
      this.id = id;
      this.account = account;
      this.first = first;
      this.last = first;
    }

    /** Most of its requests are HMAC-signed (API-key traffic). */
    public boolean automated() {
      return signed * 2 > events;
    }

    public String id() {
      return id;
    }

    public String account() {
      return account;
    }
  }

  final Map<String, AccountHabits> accounts = new LinkedHashMap<>();
  final Map<String, SessionSpan> sessions = new LinkedHashMap<>();
  long events;
  long firstTime = Long.MAX_VALUE;
  long lastTime = Long.MIN_VALUE;

  /** Reads {@code history} (access-log JSON lines) once. */
  public static HistoryIndex of(Path history) {
    HistoryIndex h = new HistoryIndex();
    EventLines.forEach(history, "history", h::add);
    if (h.events == 0) {
      throw new IllegalArgumentException(
          "history file "
              + history
              + " has no events; give the exchange's access log as JSON lines (e.g. the"
              + " events.jsonl that 'vigil simulate' writes)");
    }
    return h;
  }

  private void add(AccessEvent e) {
    events++;
    long t = e.getTimestamp();
    firstTime = Math.min(firstTime, t);
    lastTime = Math.max(lastTime, t);
    boolean signed = e.getAuthMethod() == AuthMethod.HMAC;
    AccountHabits a = accounts.computeIfAbsent(e.getAccountId(), AccountHabits::new);
    a.events++;
    a.signed += signed ? 1 : 0;
    count(a.userAgents, e.getUserAgent());
    count(a.countries, e.getCountry());
    count(a.apiKeys, e.getApiKeyId());
    if (e.getCountry() != null && e.getLatitude() != null && e.getLongitude() != null) {
      a.locations.put(e.getCountry(), new double[] {e.getLatitude(), e.getLongitude()});
    }
    SessionSpan s = sessions.get(e.getSessionId());
    if (s == null) {
      s = new SessionSpan(e.getSessionId(), e.getAccountId(), t);
      sessions.put(s.id, s);
    }
    s.last = Math.max(s.last, t);
    s.events++;
    s.signed += signed ? 1 : 0;
    s.nonces += e.getNonce() != null ? 1 : 0;
  }

  /** The instant before which sessions only teach the profiles. */
  public long warmupEnd(double warmupShare) {
    return firstTime + (long) ((lastTime - firstTime) * warmupShare);
  }

  /** Sessions starting at or after {@code from}, in order of first appearance. */
  public List<SessionSpan> sessionsFrom(long from) {
    List<SessionSpan> out = new ArrayList<>();
    for (SessionSpan s : sessions.values()) {
      if (s.first >= from) {
        out.add(s);
      }
    }
    return out;
  }

  /** Epoch ms of the first event. */
  public long firstTime() {
    return firstTime;
  }

  /** Epoch ms of the last event. */
  public long lastTime() {
    return lastTime;
  }

  public long events() {
    return events;
  }

  public int sessionCount() {
    return sessions.size();
  }

  public int accountCount() {
    return accounts.size();
  }

  public boolean hasSession(String id) {
    return sessions.containsKey(id);
  }

  /** Every session, in order of first appearance. */
  public List<SessionSpan> sessions() {
    return List.copyOf(sessions.values());
  }

  private static void count(Map<String, Long> m, String key) {
    if (key != null) {
      m.merge(key, 1L, Long::sum);
    }
  }
}
