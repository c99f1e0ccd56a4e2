package dev.vigil.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * Checks that a schema change keeps both directions of compatibility with a previous version:
 * backward (the new schema reads data written with the old) and forward (the old schema reads data
 * written with the new), as consumers and producers of a topic upgrade at different times.
 */
final class SchemaEvolution {
  private SchemaEvolution() {}

  /** What breaks between {@code previous} and {@code current}; empty when compatible both ways. */
  static List<String> problems(Schema current, Schema previous) {
    List<String> problems = new ArrayList<>();
    var backward = SchemaCompatibility.checkReaderWriterCompatibility(current, previous);
    if (backward.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add(
          current.getFullName()
              + " cannot read data written with the previous version (backward): "
              + backward.getResult().getIncompatibilities());
    }
    var forward = SchemaCompatibility.checkReaderWriterCompatibility(previous, current);
    if (forward.getType() != SchemaCompatibilityType.COMPATIBLE) {
      problems.add(
          "the previous "
              + previous.getFullName()
              + " cannot read data written with the new version (forward): "
              + forward.getResult().getIncompatibilities());
    }
    return problems;
  }

  /**
   * Parses one version's set of .avsc files with a single parser, shared types first, so records
   * can refer to each other's named types.
   */
  static Map<String, Schema> parseVersion(Path dir) {
    Schema.Parser parser = new Schema.Parser();
    Map<String, Schema> byName = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(dir)) {
      List<Path> ordered =
          files
              .filter(p -> p.toString().endsWith(".avsc"))
              .sorted(
                  Comparator.comparing(
                      p ->
                          switch (p.getFileName().toString()) {
                            case "Reason.avsc" -> 0;
                            // EnforcementOutcome (v6) uses SessionCommand's CommandAction and
                            // CommandSignature.
                            case "SessionCommand.avsc" -> 1;
                            default -> 2;
                          }))
              .toList();
      for (Path file : ordered) {
        try (InputStream in = Files.newInputStream(file)) {
          Schema schema = parser.parse(in);
          byName.put(schema.getFullName(), schema);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return byName;
  }
}
