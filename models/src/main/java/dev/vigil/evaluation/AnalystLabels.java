package dev.vigil.evaluation;

import dev.vigil.schema.Label;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.Verdict;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Builds and writes an analyst's verdict ({@code vigil label}): validated, as an Avro Label for the
 * labels topic or appended as a JSON line that {@link EvaluationFiles#readLabels} reads back.
 */
public final class AnalystLabels {
  /** Ids and names longer than this are refused: they are not ids. */
  static final int MAX_ID = 256;

  static final int MAX_NOTE = 4096;

  private AnalystLabels() {}

  /**
   * A validated label; exactly one of {@code sessionId} and {@code decisionId}.
   *
   * @throws IllegalArgumentException naming the option to fix
   */
  public static Label of(
      String sessionId,
      String decisionId,
      String verdict,
      String analyst,
      String note,
      String scenario,
      long labelledAt) {
    boolean session = sessionId != null;
    if (session == (decisionId != null)) {
      throw new IllegalArgumentException(
          "give exactly one of --session ID and --decision ID (the label's subject)");
    }
    String id = session ? sessionId : decisionId;
    check(id, session ? "--session" : "--decision", MAX_ID, false);
    check(analyst, "--analyst", MAX_ID, false);
    if (note != null && !note.isBlank()) {
      check(note, "--note", MAX_NOTE, true);
    }
    if (scenario != null) {
      check(scenario, "--scenario", MAX_ID, false);
    }
    Verdict v;
    try {
      v = EvaluationFiles.verdict(verdict);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--verdict '" + verdict + "' is not one of compromised, benign, abuse");
    }
    return Label.newBuilder()
        .setSessionId(session ? id.trim() : null)
        .setDecisionId(session ? null : id.trim())
        .setVerdict(v)
        .setAnalyst(analyst.trim())
        .setLabelledAt(labelledAt)
        .setNote(note == null || note.isBlank() ? null : note.strip())
        .setScenario(scenario == null ? null : scenario.trim())
        .build();
  }

  /** The Kafka key: the session id, or the decision id when only that is given. */
  public static String key(Label l) {
    return l.getSessionId() != null ? l.getSessionId() : l.getDecisionId();
  }

  /** Appends the label as one JSON line (creating the file and its folder if needed). */
  public static void append(Label l, Path file) throws IOException {
    Path dir = file.toAbsolutePath().getParent();
    if (dir != null) {
      Files.createDirectories(dir);
    }
    try (Writer w =
        Files.newBufferedWriter(
            file,
            StandardCharsets.UTF_8,
            StandardOpenOption.CREATE,
            StandardOpenOption.APPEND,
            StandardOpenOption.WRITE)) {
      w.write(PlainJson.toJson(l));
      w.write('\n');
    }
  }

  private static void check(String value, String option, int max, boolean multiline) {
    if (value == null || value.isBlank()) {
      throw new IllegalArgumentException(option + " must not be empty");
    }
    if (value.length() > max) {
      throw new IllegalArgumentException(
          option + " is " + value.length() + " characters; at most " + max + " are kept");
    }
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isISOControl(c) && !(multiline && (c == '\n' || c == '\t'))) {
        throw new IllegalArgumentException(
            option + " contains a control character at position " + (i + 1) + "; remove it");
      }
    }
    if (!multiline && value.strip().contains(" ") && !option.equals("--analyst")) {
      throw new IllegalArgumentException(
          option + " '" + value + "' contains a space; ids have none (check the quoting)");
    }
  }
}
