package dev.vigil.demo;

import dev.vigil.schema.CaseSeverity;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import dev.vigil.schema.SignalKind;
import java.io.PrintWriter;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The SOC's lines of the demo's summary, from {@link SocTally}: the exchange job's signals by kind
 * with the strongest subjects of each and their basis, the cases by severity with the largest one's
 * accounts and actions, and the OCSF findings.
 */
public final class SocSummary {
  /** Subjects shown per signal kind. */
  static final int TOP_SUBJECTS = 2;

  /** Accounts of the largest case named before "and N more". */
  static final int ACCOUNTS_SHOWN = 6;

  /** The prefix of the evidence codes the session risk job gives an exchange signal. */
  static final String SIGNAL_EVIDENCE = "exchange_signal";

  private static final List<CaseSeverity> SEVERITIES =
      List.of(
          CaseSeverity.CRITICAL,
          CaseSeverity.HIGH,
          CaseSeverity.MEDIUM,
          CaseSeverity.LOW,
          CaseSeverity.INFORMATIONAL,
          CaseSeverity.OTHER);

  private SocSummary() {}

  /** Prints the block; the top-level counts read as the summary's other lines. */
  public static void print(PrintWriter out, SocTally tally, Collection<RiskDecision> audit) {
    print(
        out,
        tally.signals(),
        tally.liveFrom(),
        new ReadBack(tally.signalRecords(), tally.readByRiskJob()),
        tally.cases(),
        tally.findings(),
        tally.unreadable(),
        audit);
  }

  /**
   * @param records signal records on the topic, repeats included
   * @param byRiskJob of them, read back by the session risk job (-1: unknown)
   */
  record ReadBack(long records, long byRiskJob) {}

  /**
   * Prints the block from what was read: signals (those raised at {@code liveFrom} or later counted
   * as the live window's), cases (latest revisions), findings, audit.
   */
  static void print(
      PrintWriter out,
      List<ExchangeSignal> signals,
      long liveFrom,
      ReadBack readBack,
      List<SecurityCase> cases,
      long findings,
      long unreadable,
      Collection<RiskDecision> audit) {
    out.printf(Locale.ROOT, "  signals        %,10d%n", signals.size());
    Map<SignalKind, List<ExchangeSignal>> byKind =
        signals.stream()
            .collect(
                Collectors.groupingBy(
                    ExchangeSignal::getKind,
                    () -> new EnumMap<>(SignalKind.class),
                    Collectors.toList()));
    byKind.forEach(
        (kind, ofKind) -> {
          out.printf(
              Locale.ROOT,
              "    %-22s %,8d  (%,d in the live window)%n",
              kind.name().toLowerCase(Locale.ROOT),
              ofKind.size(),
              ofKind.stream().filter(s -> s.getWindowEnd() >= liveFrom).count());
          strongest(ofKind).forEach(s -> out.println("      " + describe(s)));
        });
    out.printf(
        Locale.ROOT,
        "    %-22s %8s of %,d records%n",
        "read by the risk job",
        readBack.byRiskJob() < 0
            ? "unknown"
            : String.format(Locale.ROOT, "%,d", readBack.byRiskJob()),
        readBack.records());
    out.printf(Locale.ROOT, "    %-22s %,8d%n", "audit records citing", citingSignals(audit));
    out.printf(Locale.ROOT, "  cases          %,10d%n", cases.size());
    bySeverity(cases)
        .forEach(
            (severity, n) ->
                out.printf(
                    Locale.ROOT, "    %-22s %,8d%n", severity.name().toLowerCase(Locale.ROOT), n));
    largest(cases).ifPresent(c -> printCase(out, c));
    out.printf(Locale.ROOT, "  findings       %,10d%n", findings);
    if (unreadable > 0) {
      out.printf(Locale.ROOT, "    unreadable signals or cases %,d%n", unreadable);
    }
  }

  /**
   * Audit records (not shadow) whose evidence cites an exchange signal ({@code exchange_signal*}
   * codes): the signals the session risk job read back from {@code vigil.signals} and weighed.
   */
  static long citingSignals(Collection<RiskDecision> audit) {
    return audit.stream()
        .filter(d -> !d.getShadow())
        .filter(
            d -> d.getEvidence().stream().anyMatch(r -> r.getCode().startsWith(SIGNAL_EVIDENCE)))
        .count();
  }

  /**
   * The {@value #TOP_SUBJECTS} signals of one kind touching the most accounts, then scoring most.
   */
  static List<ExchangeSignal> strongest(Collection<ExchangeSignal> ofKind) {
    return ofKind.stream()
        .sorted(
            Comparator.comparingInt(ExchangeSignal::getAccounts)
                .thenComparingDouble(ExchangeSignal::getScore)
                .reversed()
                .thenComparing(ExchangeSignal::getSignalId))
        .limit(TOP_SUBJECTS)
        .toList();
  }

  /** "client python-requests/ (human): basis". */
  static String describe(ExchangeSignal s) {
    String population = s.getPopulation() == null ? "" : " (" + s.getPopulation() + ")";
    return s.getSubjectType().name().toLowerCase(Locale.ROOT)
        + " "
        + s.getSubject()
        + population
        + ": "
        + s.getBasis();
  }

  /** Cases by the severity of their latest revision, strongest first. */
  static Map<CaseSeverity, Long> bySeverity(Collection<SecurityCase> cases) {
    Map<CaseSeverity, Long> counts = new EnumMap<>(CaseSeverity.class);
    cases.forEach(c -> counts.merge(c.getSeverity(), 1L, Long::sum));
    Map<CaseSeverity, Long> strongestFirst = new LinkedHashMap<>();
    for (CaseSeverity s : SEVERITIES) {
      if (counts.containsKey(s)) {
        strongestFirst.put(s, counts.get(s));
      }
    }
    return strongestFirst;
  }

  /** The case with the most accounts, then sessions, then decisions, then probability. */
  static Optional<SecurityCase> largest(Collection<SecurityCase> cases) {
    return cases.stream()
        .max(
            Comparator.comparingInt(
                    (SecurityCase c) -> c.getAccounts().size() + c.getAccountsOmitted())
                .thenComparingInt(c -> c.getSessions().size() + c.getSessionsOmitted())
                .thenComparingLong(c -> c.getTimeline().size() + c.getTimelineOmitted())
                .thenComparingDouble(SecurityCase::getMaxProbability)
                .thenComparing(SecurityCase::getCaseId, Comparator.reverseOrder()));
  }

  private static void printCase(PrintWriter out, SecurityCase c) {
    int sessions = c.getSessions().size() + c.getSessionsOmitted();
    out.printf(
        Locale.ROOT,
        "    largest  %s: %s %s, %s, %s, %d session%s%n",
        c.getCaseId(),
        c.getGroupedBy().name().toLowerCase(Locale.ROOT),
        c.getGroupKey(),
        c.getSeverity().name().toLowerCase(Locale.ROOT),
        c.getStatus().name().toLowerCase(Locale.ROOT),
        sessions,
        sessions == 1 ? "" : "s");
    out.println("      accounts  " + accounts(c));
    out.println("      actions   " + actions(c.getActions()));
  }

  /** Up to {@value #ACCOUNTS_SHOWN} accounts, then how many more. */
  static String accounts(SecurityCase c) {
    List<String> ids = c.getAccounts();
    int more = ids.size() - Math.min(ids.size(), ACCOUNTS_SHOWN) + c.getAccountsOmitted();
    String shown = String.join(", ", ids.subList(0, Math.min(ids.size(), ACCOUNTS_SHOWN)));
    return more > 0 ? shown + " and " + more + " more" : shown;
  }

  /** "kill 2, step_up 1", by action name; "none" for a case of risk decisions only. */
  static String actions(Map<String, Long> actions) {
    if (actions.isEmpty()) {
      return "none";
    }
    return new TreeMap<>(actions)
        .entrySet().stream()
            .map(e -> e.getKey().toLowerCase(Locale.ROOT) + " " + e.getValue())
            .collect(Collectors.joining(", "));
  }
}
