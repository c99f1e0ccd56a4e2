package dev.vigil.job.cases;

import dev.vigil.cases.CaseBook;
import dev.vigil.cases.CaseSignal;
import dev.vigil.cases.OcsfDetectionFinding;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The cases and findings of a backtest ({@code vigil score}): its decisions in event-time order
 * through a {@link CaseBook}, with the job's rules ({@link CaseFunction}, {@link
 * SharedCaseFunction}): cases grouped by account and, from the decisions' {@link CaseOrigin}s (the
 * backtest's, as the job's risk operator emits them; audit records carry no network or address), by
 * source network and withdrawal address once two accounts share one; one finding per case revision
 * and per kill, every case closed at the end of the file.
 */
public final class CaseFiles {
  private CaseFiles() {}

  /**
   * @param cases every case revision, in order
   * @param findings OCSF Detection Finding JSON texts, in order
   */
  public record Result(List<SecurityCase> cases, List<String> findings) {}

  /** Cases grouped by account only (no origins known). */
  public static Result assemble(List<RiskDecision> decisions, CaseStageSettings settings) {
    return assemble(decisions, List.of(), settings);
  }

  /**
   * @param origins the decisions' network and withdrawal-address keys, as the risk operator emits
   *     them ({@link CaseOrigin}); decisions without any join account cases only
   */
  public static Result assemble(
      List<RiskDecision> decisions, List<CaseOrigin> origins, CaseStageSettings settings) {
    Map<String, String[]> keys = new HashMap<>();
    for (CaseOrigin o : origins) {
      String[] k = keys.computeIfAbsent(o.decision.getDecisionId(), id -> new String[2]);
      k[o.groupedBy == CaseGrouping.NETWORK ? 0 : 1] = o.groupKey;
    }
    List<RiskDecision> enforced = new ArrayList<>(decisions.size());
    for (RiskDecision d : decisions) {
      if (!d.getShadow()) {
        enforced.add(d);
      }
    }
    enforced.sort(
        Comparator.comparingLong(RiskDecision::getEventTime)
            .thenComparing(RiskDecision::getDecisionId));
    CaseBook book = new CaseBook(settings.cases());
    OcsfDetectionFinding ocsf = new OcsfDetectionFinding(settings.vendorName(), "session-risk");
    List<SecurityCase> cases = new ArrayList<>();
    List<String> findings = new ArrayList<>();
    String[] none = new String[2];
    for (RiskDecision d : enforced) {
      CaseSignal s = CaseSignal.of(d, null, null);
      String[] k = keys.getOrDefault(d.getDecisionId(), none);
      List<SecurityCase> emitted = book.add(s, k[0], k[1]);
      add(emitted, cases, findings, ocsf);
      if (s.actions().contains("KILL")) {
        String caseId = book.caseIdOf(CaseGrouping.ACCOUNT, s.accountId());
        findings.add(OcsfDetectionFinding.json(ocsf.ofKill(s, caseId)));
      }
    }
    add(book.closeAll(), cases, findings, ocsf);
    return new Result(cases, findings);
  }

  /** Writes {@code cases.jsonl} (plain JSON of SecurityCase) and {@code findings.jsonl}. */
  public static void write(Result r, Path casesFile, Path findingsFile) throws IOException {
    try (BufferedWriter w = Files.newBufferedWriter(casesFile, StandardCharsets.UTF_8)) {
      for (SecurityCase c : r.cases()) {
        w.write(PlainJson.toJson(c));
        w.newLine();
      }
    }
    try (BufferedWriter w = Files.newBufferedWriter(findingsFile, StandardCharsets.UTF_8)) {
      for (String f : r.findings()) {
        w.write(f);
        w.newLine();
      }
    }
  }

  private static void add(
      List<SecurityCase> emitted,
      List<SecurityCase> cases,
      List<String> findings,
      OcsfDetectionFinding ocsf) {
    for (SecurityCase c : emitted) {
      cases.add(c);
      findings.add(OcsfDetectionFinding.json(ocsf.ofCase(c)));
    }
  }
}
