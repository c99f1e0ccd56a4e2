package dev.vigil.explain;

import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A session's timeline from its audit records (RiskDecision): each request in event order with the
 * probability before and after, the evidence terms that moved it (their nats and the values behind
 * them), the policy notes and the commands sent. What {@code vigil explain} prints.
 *
 * @param sessionId the session
 * @param accountId its account (from the first decision)
 * @param entries one per request, in event-time order
 * @param read how many decisions were read in all (of every session), for "not found" messages
 */
public record SessionTimeline(
    String sessionId, String accountId, List<Entry> entries, int read, int sessionsRead) {

  /** One request: a decision of the session. */
  public record Entry(
      long eventTime,
      String eventId,
      double before,
      double after,
      List<Reason> terms,
      List<Reason> notes,
      List<String> commandIds,
      String modelVersion,
      boolean late) {

    /** The change in log-odds, in nats: the sum of the terms once the filter has mixed them. */
    public double logOddsChange() {
      return logit(after) - logit(before);
    }
  }

  /**
   * Builds the timeline of {@code sessionId} from decisions of any number of sessions (e.g. a whole
   * decisions.jsonl or topic). A challenger model's (shadow) decisions are left out unless {@code
   * shadow}; then only they are shown. The same decision read twice (e.g. a replayed topic) counts
   * once.
   */
  public static SessionTimeline of(
      String sessionId, Iterable<RiskDecision> decisions, boolean shadow) {
    Map<String, RiskDecision> mine = new LinkedHashMap<>();
    java.util.Set<String> sessions = new java.util.HashSet<>();
    int read = 0;
    for (RiskDecision d : decisions) {
      read++;
      sessions.add(d.getSessionId());
      if (d.getSessionId().equals(sessionId) && d.getShadow() == shadow) {
        mine.putIfAbsent(d.getDecisionId(), d);
      }
    }
    List<RiskDecision> ordered = new ArrayList<>(mine.values());
    ordered.sort(
        Comparator.comparingLong(RiskDecision::getEventTime)
            .thenComparingLong(RiskDecision::getDecidedAt)
            .thenComparing(RiskDecision::getEventId));
    List<Entry> entries = new ArrayList<>(ordered.size());
    for (RiskDecision d : ordered) {
      List<Reason> terms = new ArrayList<>();
      for (Reason r : d.getEvidence()) {
        if (r.getLogLikelihoodRatio() != 0) {
          terms.add(r);
        }
      }
      terms.sort(
          Comparator.comparingDouble((Reason r) -> -Math.abs(r.getLogLikelihoodRatio()))
              .thenComparing(Reason::getCode));
      entries.add(
          new Entry(
              d.getEventTime(),
              d.getEventId(),
              d.getPreviousProbability(),
              d.getProbability(),
              List.copyOf(terms),
              List.copyOf(d.getPolicyNotes()),
              List.copyOf(d.getCommandIds()),
              d.getModelVersion(),
              d.getLate()));
    }
    String account = ordered.isEmpty() ? null : ordered.get(0).getAccountId();
    return new SessionTimeline(sessionId, account, List.copyOf(entries), read, sessions.size());
  }

  public boolean isEmpty() {
    return entries.isEmpty();
  }

  /** The highest probability the session reached. */
  public double peak() {
    return entries.stream().mapToDouble(Entry::after).max().orElse(Double.NaN);
  }

  /** Every command id sent on the session, in order. */
  public List<String> commandIds() {
    List<String> out = new ArrayList<>();
    entries.forEach(e -> out.addAll(e.commandIds()));
    return out;
  }

  /** The timeline as text for a terminal: a header, then one block per request. */
  public String render() {
    StringBuilder b = new StringBuilder();
    if (entries.isEmpty()) {
      return b.append("session ")
          .append(sessionId)
          .append(": no decisions among the ")
          .append(read)
          .append(" read\n")
          .toString();
    }
    Entry first = entries.get(0);
    Entry last = entries.get(entries.size() - 1);
    b.append(
        String.format(
            Locale.ROOT,
            "session %s (account %s): %d requests from %s to %s; P %s -> %s (peak %s);"
                + " %d commands; model %s%n",
            sessionId,
            accountId,
            entries.size(),
            Instant.ofEpochMilli(first.eventTime()),
            Instant.ofEpochMilli(last.eventTime()),
            p(first.before()),
            p(last.after()),
            p(peak()),
            commandIds().size(),
            last.modelVersion()));
    for (Entry e : entries) {
      b.append('\n')
          .append(
              String.format(
                  Locale.ROOT,
                  "%s  %s  P %s -> %s (%+.2f nats)%s%n",
                  Instant.ofEpochMilli(e.eventTime()),
                  e.eventId(),
                  p(e.before()),
                  p(e.after()),
                  e.logOddsChange(),
                  e.late() ? "  [late]" : ""));
      for (Reason r : e.terms()) {
        b.append(
            String.format(
                Locale.ROOT,
                "    %+6.2f  %s: %s%s%n",
                r.getLogLikelihoodRatio(),
                r.getCode(),
                r.getText(),
                values(r)));
      }
      for (Reason n : e.notes()) {
        b.append(String.format(Locale.ROOT, "    note    %s: %s%n", n.getCode(), n.getText()));
      }
      if (!e.commandIds().isEmpty()) {
        b.append("    sent    ").append(String.join(", ", e.commandIds())).append('\n');
      }
    }
    return b.toString();
  }

  private static String values(Reason r) {
    if (r.getValues() == null || r.getValues().isEmpty()) {
      return "";
    }
    StringBuilder b = new StringBuilder(" [");
    // By name: decoded maps keep no order, and the same record must print the same way.
    new java.util.TreeMap<>(r.getValues())
        .forEach((k, v) -> b.append(b.length() > 2 ? ", " : "").append(k).append('=').append(v));
    return b.append(']').toString();
  }

  /** Four decimals, or two significant digits below 0.001 so a small prior does not read as 0. */
  static String p(double p) {
    return p > 0 && p < 0.001
        ? String.format(Locale.ROOT, "%.1e", p)
        : String.format(Locale.ROOT, "%.4f", p);
  }

  private static double logit(double p) {
    double q = Math.min(Math.max(p, 1e-12), 1 - 1e-12);
    return Math.log(q / (1 - q));
  }
}
