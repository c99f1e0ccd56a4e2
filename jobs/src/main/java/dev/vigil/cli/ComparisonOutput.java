package dev.vigil.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where {@code vigil compare} puts a comparison: the table on standard output, its JSON with {@code
 * --json}, and with {@code --out} the table, CSV and JSON as files (and charts, for a backtest).
 * One place for both comparisons, the backtest and the live one.
 */
final class ComparisonOutput {
  /** Writes what the {@code --out} folder holds beyond the three files (charts), or nothing. */
  interface Extra {
    void write(Path out) throws IOException;
  }

  private ComparisonOutput() {}

  static void write(
      PrintWriter w,
      String table,
      String csv,
      String json,
      Path jsonFile,
      Path out,
      Extra extra,
      String extraWords)
      throws IOException {
    w.print(table);
    if (jsonFile != null) {
      Files.writeString(jsonFile, json, StandardCharsets.UTF_8);
      w.println("json: " + jsonFile);
    }
    if (out != null) {
      Files.createDirectories(out);
      Files.writeString(out.resolve("comparison.txt"), table, StandardCharsets.UTF_8);
      Files.writeString(out.resolve("comparison.csv"), csv, StandardCharsets.UTF_8);
      Files.writeString(out.resolve("comparison.json"), json, StandardCharsets.UTF_8);
      if (extra != null) {
        extra.write(out);
      }
      w.println("table: " + out.resolve("comparison.txt") + " (and .csv, .json" + extraWords + ")");
    }
  }
}
