package dev.vigil.cli;

import static dev.vigil.cli.KeyPreflightTest.assertFailure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil enforce --limits}: a missing or bad limits file is refused in one line naming the
 * file and the field, before the command keys are read or a broker is asked (none listens here).
 * The good file is in {@code EnforceCommandIT}, with a broker.
 */
class EnforceLimitsOptionTest {
  static final String LIMITS =
      """
      { "limits" : [
        { "population" : "bot", "role" : "orders", "action" : "SET_RATE_LIMIT",
          "requestsPerSecond" : 76.9, "burst" : 769 },
        { "population" : "retail", "role" : "orders", "action" : "SET_RATE_LIMIT",
          "requestsPerSecond" : 0.6, "burst" : 6 } ] }
      """;

  @TempDir Path dir;

  private static CliRun enforce(Path limits) {
    return CliRun.of(
        "enforce",
        "-b",
        "127.0.0.1:1",
        "--timeout",
        "1s",
        "--command-keys",
        "no-such-ring",
        "--limits",
        limits.toString());
  }

  @Test
  void aMissingLimitsFileNamesTheOption() {
    Path missing = dir.resolve("limits.json");
    assertFailure(enforce(missing), missing + " does not exist; check --limits");
  }

  @Test
  void aLimitsFileWithANegativeRateNamesTheFileTheFieldAndTheFix() throws IOException {
    Path bad = Files.writeString(dir.resolve("limits.json"), LIMITS.replace("0.6", "-0.6"));
    assertFailure(
        enforce(bad),
        "limits file "
            + bad
            + ": limits[1]: requestsPerSecond must be a number from 0.001 to 1000000, got -0.6;"
            + " write it again with vigil limits recommend, or fix that field");
  }
}
