package dev.vigil.evaluation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.schema.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * Reads the inputs of {@code vigil evaluate} (labels as JSON lines: the simulator's labels.jsonl
 * and analysts' verdicts, the PlainJson form of a {@code Label} as {@code vigil label} writes it,
 * mixed freely in one file; commands and decisions as one PlainJson object per line, e.g. captured
 * with {@code vigil consume}) and writes report.json. Errors name the file, the line and what to
 * do.
 */
public final class EvaluationFiles {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private EvaluationFiles() {}

  public static List<SessionLabel> readLabels(Path file) {
    return readLines(file, "labels", line -> label(parse(line)));
  }

  /** Parses labels.jsonl content already in memory (e.g. from an in-process simulation). */
  public static List<SessionLabel> parseLabels(String jsonLines) {
    List<SessionLabel> out = new ArrayList<>();
    for (String line : jsonLines.split("\n")) {
      if (!line.isBlank()) {
        out.add(label(parse(line)));
      }
    }
    return out;
  }

  public static List<SessionCommand> readCommands(Path file) {
    return readLines(file, "commands", line -> PlainJson.fromJson(line, SessionCommand.class));
  }

  public static List<RiskDecision> readDecisions(Path file) {
    return readLines(file, "decisions", line -> PlainJson.fromJson(line, RiskDecision.class));
  }

  public static Path writeReport(EvaluationReport report, Path dir) throws IOException {
    Files.createDirectories(dir);
    Path out = dir.resolve("report.json");
    JSON.writeValue(out.toFile(), report);
    return out;
  }

  private static <T> List<T> readLines(Path file, String what, Function<String, T> parse) {
    List<T> out = new ArrayList<>();
    try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      String line;
      int n = 0;
      while ((line = r.readLine()) != null) {
        n++;
        if (line.isBlank()) {
          continue;
        }
        try {
          out.add(parse.apply(line));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException(
              what
                  + " file "
                  + file
                  + " line "
                  + n
                  + ": "
                  + e.getMessage()
                  + "; expected one JSON "
                  + what
                  + " record per line");
        }
      }
    } catch (NoSuchFileException e) {
      throw new IllegalArgumentException(what + " file " + file + " does not exist");
    } catch (IOException e) {
      throw new IllegalArgumentException(
          "cannot read " + what + " file " + file + ": " + e.getMessage());
    }
    return out;
  }

  private static JsonNode parse(String line) {
    try {
      JsonNode n = JSON.readTree(line);
      if (n == null || !n.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      return n;
    } catch (IOException e) {
      throw new IllegalArgumentException("malformed JSON");
    }
  }

  /** The population of an analyst's label: the analyst does not say which population it is. */
  public static final String ANALYST_POPULATION = "labelled";

  private static SessionLabel label(JsonNode n) {
    if (n.has("verdict")) {
      return analystLabel(n);
    }
    String label = text(n, "label", true);
    boolean benign = SessionLabel.BENIGN.equals(label);
    List<String> ids = new ArrayList<>();
    long[] times = new long[0];
    if (!benign) {
      JsonNode idNode = n.get("attacker_event_ids");
      JsonNode timeNode = n.get("attacker_event_times");
      if (idNode == null
          || !idNode.isArray()
          || timeNode == null
          || !timeNode.isArray()
          || idNode.size() != timeNode.size()) {
        throw new IllegalArgumentException(
            "attacked session needs attacker_event_ids and attacker_event_times of equal length");
      }
      idNode.forEach(x -> ids.add(x.asText()));
      times = new long[timeNode.size()];
      for (int i = 0; i < times.length; i++) {
        times[i] = timeNode.get(i).asLong();
      }
      if (n.path("takeover_time").isNull() || !n.path("takeover_time").isIntegralNumber()) {
        throw new IllegalArgumentException("attacked session needs an integer takeover_time");
      }
    }
    return new SessionLabel(
        text(n, "session.id", true),
        text(n, "user.id", false),
        text(n, "population", true),
        label,
        text(n, "kind", false),
        text(n, "hard_case", false),
        text(n, "takeover_event_id", false),
        number(n, "takeover_time"),
        text(n, "last_attacker_event_id", false),
        number(n, "last_attacker_time"),
        n.path("attacker_requests").asInt(ids.size()),
        ids,
        times,
        n.path("warmup").asBoolean(false));
  }

  /**
   * An analyst's verdict (the PlainJson form of a Label): compromised becomes kind compromise,
   * abuse kind abuse, both under their scenario when given; no attacker events are known.
   */
  private static SessionLabel analystLabel(JsonNode n) {
    String sessionId = text(n, "sessionId", false);
    String decisionId = text(n, "decisionId", false);
    if (blank(sessionId) && blank(decisionId)) {
      throw new IllegalArgumentException("label needs a sessionId or a decisionId");
    }
    Verdict verdict = verdict(text(n, "verdict", true));
    String analyst = text(n, "analyst", true);
    if (blank(analyst)) {
      throw new IllegalArgumentException("label needs the analyst who gave it");
    }
    String scenario = text(n, "scenario", false);
    String kind =
        switch (verdict) {
          case COMPROMISED -> "compromise";
          case ABUSE -> "abuse";
          default -> null;
        };
    String label =
        kind == null
            ? SessionLabel.BENIGN
            : blank(scenario) ? verdict.name().toLowerCase(java.util.Locale.ROOT) : scenario;
    return new SessionLabel(
        blank(sessionId) ? null : sessionId,
        null,
        ANALYST_POPULATION,
        label,
        kind,
        null,
        null,
        null,
        null,
        null,
        0,
        List.of(),
        new long[0],
        false,
        blank(decisionId) ? null : decisionId,
        analyst,
        text(n, "note", false));
  }

  /** The verdict in any case; BENIGN for an OTHER verdict a newer writer added is not assumed. */
  public static Verdict verdict(String text) {
    if (text != null) {
      for (Verdict v : Verdict.values()) {
        if (v != Verdict.OTHER && v.name().equalsIgnoreCase(text.trim())) {
          return v;
        }
      }
    }
    throw new IllegalArgumentException(
        "verdict '" + text + "' is not one of compromised, benign, abuse");
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String text(JsonNode n, String field, boolean required) {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      if (required) {
        throw new IllegalArgumentException("missing " + field);
      }
      return null;
    }
    return v.asText();
  }

  private static Long number(JsonNode n, String field) {
    JsonNode v = n.get(field);
    return v == null || v.isNull() ? null : v.asLong();
  }
}
