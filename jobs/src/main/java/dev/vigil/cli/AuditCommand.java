package dev.vigil.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.audit.AuditChain;
import dev.vigil.audit.AuditVerifier;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import java.io.BufferedWriter;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The tamper-evident audit trail: verify its hash chains, export a period. */
@Command(
    name = "audit",
    description =
        "Verify the audit trail's hash chains, export a period of it, or compute a pseudonym.",
    subcommands = {
      AuditCommand.Verify.class,
      AuditCommand.Export.class,
      AuditPseudonymCommand.class
    })
public final class AuditCommand implements Runnable {
  /** Exit code of a verification that found a break. */
  static final int EXIT_BROKEN = 3;

  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Where to read the trail from: a topic or a file. */
  static final class Source {
    @Option(
        names = "--topic",
        paramLabel = "TOPIC",
        description = "Read this topic (read_committed), every partition from its beginning.")
    String topic;

    @Option(
        names = "--input",
        paramLabel = "FILE",
        description = "Read a JSON-lines file: vigil consume's output or an audit export.")
    Path file;

    /** The old spelling of --input, kept for one release (hidden, with a note on stderr). */
    @Option(names = "--file", hidden = true, paramLabel = "FILE")
    Path oldFile;

    Path input() {
      return file != null ? file : oldFile;
    }
  }

  @Command(
      name = "verify",
      description = {
        "Check that no audit record was altered, removed or reordered: every record's hash, and",
        "its link to the previous record of its partition. Exit 0 when intact, 3 at a break."
      })
  static final class Verify implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaOptions kafka;

    @ArgGroup(multiplicity = "1")
    Source source;

    @Option(
        names = "--from-genesis",
        description = "Every partition must start at sequence 0 (nothing deleted by retention).")
    boolean fromGenesis;

    @Option(
        names = "--expect-head",
        paramLabel = "PARTITION:SEQUENCE:HASH",
        description =
            "A head kept elsewhere (printed by an earlier verify or export): that partition must"
                + " end at it or run past it. Repeatable.")
    List<String> expectHeads = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
      AuditVerifier v = new AuditVerifier(fromGenesis);
      for (var e : parseHeads(expectHeads).entrySet()) {
        v.expectPassing(e.getKey(), Long.parseLong(e.getValue()[0]), e.getValue()[1]);
      }
      String where;
      JsonNode header = null;
      if (source.input() != null) {
        Preflight.oldSpelling(spec, "--file", "--input");
        header = AuditTrail.verifyFile(Preflight.inputFile(source.input(), "--input"), v);
        where = source.input().toString();
      } else {
        AuditTrail.readTopic(
            kafka.connect(),
            source.topic,
            (p, offset, ts, value) -> AuditTrail.decode(v, p, offset, value));
        where = source.topic + " (read_committed)";
      }
      AuditVerifier.Result r = v.finish();
      PrintWriter out = spec.commandLine().getOut();
      if (header != null) {
        out.printf(
            "export of %s from %s to %s; at export the topic was %s%n",
            header.path("topic").asText(),
            header.path("from").asText(),
            header.path("to").asText(),
            header.path("verification").path("intact").asBoolean()
                ? "intact"
                : "broken: " + header.path("verification").path("firstBreak").asText());
      }
      return report(
          spec,
          r,
          where,
          source.input() != null ? "line" : "offset",
          header != null || !expectHeads.isEmpty());
    }
  }

  @Command(
      name = "export",
      description = {
        "Write the audit records of a period to a JSON-lines file, after a header line that states",
        "each partition's anchor (the hash the period's first record chains from) and head, and",
        "the verification of the whole topic. Exit 0 when the topic is intact, 3 at a break."
      })
  static final class Export implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaOptions kafka;

    @Option(
        names = "--topic",
        defaultValue = "vigil.risk-decisions",
        description = "The audit topic (default: ${DEFAULT-VALUE}).")
    String topic = VigilTopic.RISK_DECISIONS.topicName();

    @Option(
        names = "--from",
        required = true,
        converter = TimeConverter.class,
        paramLabel = "TIME",
        description = "First write time (UTC): 2026-12-07 or 2026-12-07T06:00:00Z.")
    Instant from;

    @Option(
        names = "--to",
        required = true,
        converter = TimeConverter.class,
        paramLabel = "TIME",
        description = "End of the period, exclusive.")
    Instant to;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Where to write.")
    Path out;

    /** A partition's part of the period: contiguous, from its first record written in it. */
    private static final class Segment {
      boolean started;
      boolean ended;
      long records;
      long previousSequence = -1;
      String previousHash;
      long lastSequence = -1;
      String lastHash;
    }

    @Override
    public Integer call() throws Exception {
      if (!from.isBefore(to)) {
        throw new Preflight.Usage("--from must be before --to");
      }
      Path target = Preflight.outputFile(out, "--out").toAbsolutePath();
      Properties client = kafka.connect();
      AuditVerifier whole = new AuditVerifier(false);
      Map<Integer, Segment> segments = new TreeMap<>();
      long[] written = {0};
      Path body = Files.createTempFile(target.getParent(), ".vigil-audit-export", ".tmp");
      try {
        try (BufferedWriter w = Files.newBufferedWriter(body, StandardCharsets.UTF_8)) {
          AuditTrail.readTopic(
              client,
              topic,
              (p, offset, ts, value) -> {
                RiskDecision d = AuditTrail.decode(whole, p, offset, value);
                Segment s = segments.computeIfAbsent(p, k -> new Segment());
                // From the first record written at or after --from up to, not including, the
                // first written at or after --to: a contiguous run of the partition's chain.
                if (s.ended || (!s.started && ts < from.toEpochMilli())) {
                  return;
                }
                if (ts >= to.toEpochMilli()) {
                  s.ended = true;
                  return;
                }
                s.started = true;
                s.records++;
                written[0]++;
                if (d == null) {
                  w.write(
                      "{\"unreadableRecord\":\""
                          + Base64.getEncoder().encodeToString(value)
                          + "\",\"partition\":"
                          + p
                          + ",\"offset\":"
                          + offset
                          + "}");
                } else {
                  w.write(PlainJson.toJson(d));
                  if (d.getChain() != null) {
                    if (s.previousHash == null) {
                      s.previousSequence = d.getChain().getSequence() - 1;
                      s.previousHash = d.getChain().getPreviousHash();
                    }
                    s.lastSequence = d.getChain().getSequence();
                    s.lastHash = d.getChain().getHash();
                  }
                }
                w.newLine();
              });
        }
        AuditVerifier.Result r = whole.finish();
        ObjectNode header = AuditTrail.JSON.createObjectNode();
        header.put(AuditTrail.HEADER_FIELD, 1);
        header.put("topic", topic);
        header.put("from", from.toString());
        header.put("to", to.toString());
        header.put("exportedAt", Instant.now().toString());
        header.put("records", written[0]);
        ArrayNode parts = header.putArray("partitions");
        segments.forEach(
            (p, s) -> {
              if (s.lastHash != null) {
                parts
                    .addObject()
                    .put("partition", p)
                    .put("records", s.records)
                    .put("previousSequence", s.previousSequence)
                    .put("previousHash", s.previousHash)
                    .put("lastSequence", s.lastSequence)
                    .put("lastHash", s.lastHash);
              }
            });
        ObjectNode verification = AuditTrail.resultJson(r);
        verification.put(
            "covers",
            "the whole topic, from its earliest retained record to its end at exportedAt");
        header.set("verification", verification);
        Path tmp = Files.createTempFile(target.getParent(), ".vigil-audit-export", ".jsonl");
        try (BufferedWriter w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
          w.write(AuditTrail.JSON.writeValueAsString(header));
          w.newLine();
        }
        Files.write(tmp, Files.readAllBytes(body), java.nio.file.StandardOpenOption.APPEND);
        Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        spec.commandLine()
            .getOut()
            .printf(
                "exported %d records of %s written from %s to %s -> %s%n",
                written[0], topic, from, to, out);
        return report(spec, r, topic + " (read_committed, whole topic)", "offset", false);
      } finally {
        Files.deleteIfExists(body);
      }
    }
  }

  /** Prints the outcome; the exit code: 0 intact, {@link #EXIT_BROKEN} at a break. */
  static int report(
      CommandSpec spec,
      AuditVerifier.Result r,
      String where,
      String positionName,
      boolean anchored) {
    PrintWriter out = spec.commandLine().getOut();
    out.printf(
        "checked %,d records in %d partitions of %s%n", r.records(), r.heads().size(), where);
    out.printf(
        "%-10s %10s %12s %12s  %s%n", "partition", "records", "first seq", "head seq", "head hash");
    for (AuditVerifier.Head h : r.heads()) {
      out.printf(
          "%-10d %10d %12d %12d  %s%n",
          h.partition(), h.records(), h.firstSequence(), h.lastSequence(), h.lastHash());
    }
    if (r.unchained() > 0) {
      out.printf(
          "%,d records carry no chain link (written before the chain was on, or with it off);"
              + " they are not verified%n",
          r.unchained());
    }
    if (r.heads().isEmpty() && r.intact()) {
      spec.commandLine()
          .getErr()
          .println(
              "vigil: no record carries a chain link, so nothing could be verified; run the job"
                  + " with audit.chain.enabled=true");
      return CommandLine.ExitCode.SOFTWARE;
    }
    if (r.intact()) {
      out.println("intact: no record altered, removed or reordered");
      if (!anchored) {
        out.println(
            "(records cut off after the heads above leave no trace in the chain: keep the heads"
                + " elsewhere and pass them with --expect-head next time)");
      }
      return 0;
    }
    for (AuditVerifier.Break b : r.breaks()) {
      out.println("break: " + b.describe(positionName));
    }
    out.flush();
    spec.commandLine()
        .getErr()
        .println(
            "vigil: the audit trail is broken at "
                + r.breaks().get(0).describe(positionName)
                + "; keep this copy as evidence and compare it with an earlier export");
    spec.commandLine().getErr().flush();
    return EXIT_BROKEN;
  }

  static Map<Integer, String[]> parseHeads(List<String> heads) {
    Map<Integer, String[]> out = new TreeMap<>();
    for (String h : heads) {
      String[] parts = h.split(":");
      try {
        if (parts.length != 3 || !AuditChain.isHash(parts[2])) {
          throw new NumberFormatException();
        }
        Long.parseLong(parts[1]);
        out.put(Integer.parseInt(parts[0]), new String[] {parts[1], parts[2]});
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException(
            "--expect-head '"
                + h
                + "' is not PARTITION:SEQUENCE:HASH (a 64-digit lower-case hex hash), as verify"
                + " prints each head");
      }
    }
    return out;
  }

  /** Parses a UTC date or instant. */
  static final class TimeConverter implements CommandLine.ITypeConverter<Instant> {
    @Override
    public Instant convert(String value) {
      try {
        return value.contains("T")
            ? Instant.parse(value)
            : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
      } catch (DateTimeParseException e) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' is not a time: give 2026-12-07 or 2026-12-07T06:00:00Z (UTC)");
      }
    }
  }
}
