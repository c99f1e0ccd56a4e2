package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mistakes a new user makes, tried on every command they apply to: each ends in one line on
 * stderr that names the problem and the fix, exit 2 for a wrong command line and 1 for anything
 * else, no stack trace, and no partial file left behind.
 */
class CliMistakesTest {
  /** Loopback port 1: nothing listens there, so no broker ever answers. */
  private static final String CLOSED = "127.0.0.1:1";

  @TempDir Path dir;

  @Test
  void outOfRangeValuesAreUsageErrorsExitingTwo() {
    assertUsage(CliRun.of("demo", "--accounts", "5"), "--accounts must be between 20 and 5000");
    assertUsage(CliRun.of("demo", "--duration", "1s"), "--duration must be at least 5s");
    assertUsage(
        CliRun.of("ingest", "--parallelism", "0", "-b", CLOSED),
        "--parallelism must be at least 1");
    assertUsage(
        CliRun.of("produce", "--input", "x", "--topic", "t", "--rate", "0", "-b", CLOSED),
        "--rate must be a positive number");
    assertUsage(
        CliRun.of("topics", "create", "--replication-factor", "0", "-b", CLOSED),
        "--replication-factor must be at least 1");
    assertUsage(
        CliRun.of(
            "audit",
            "export",
            "--from",
            "2026-12-07",
            "--to",
            "2026-12-06",
            "--out",
            "x",
            "-b",
            CLOSED),
        "--from must be before --to");
    assertUsage(
        CliRun.of("publish-model", "--clear-shadow", "--clear-kill-breaker", "-b", CLOSED),
        "give either --clear-shadow or --clear-kill-breaker");
  }

  @Test
  void aDirectoryGivenAsAnInputSaysItIsADirectory() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("logs"));
    Path file = Files.writeString(dir.resolve("f.jsonl"), "{}\n");
    for (CliRun run :
        List.of(
            CliRun.of("score", "--input", folder.toString(), "--out", dir.resolve("o").toString()),
            CliRun.of("series", "--input", folder.toString()),
            CliRun.of("endpoints", "suggest", "--input", folder.toString()),
            CliRun.of("evaluate", "--labels", folder.toString(), "--commands", file.toString()),
            CliRun.of("evaluate", "--labels", file.toString(), "--commands", folder.toString()),
            CliRun.of("explain", "--session", "s-1", "--decisions", folder.toString()),
            CliRun.of("produce", "--input", folder.toString(), "--topic", "t", "-b", CLOSED))) {
      assertFailure(run, folder + " is a directory, not a file; give");
    }
    assertThat(listing()).containsExactlyInAnyOrder("logs", "f.jsonl");
  }

  @Test
  void anOldSpellingStillWorksWithAOneLineNote() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("logs"));

    CliRun run = CliRun.of("produce", "--file", folder.toString(), "--topic", "t", "-b", CLOSED);

    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err().strip().lines().toList())
        .as(run.err())
        .hasSize(2)
        .first()
        .isEqualTo(
            "vigil: note: --file is the old spelling of --input and goes in the next release");
    assertThat(run.err()).contains(folder + " is a directory, not a file; give");
  }

  @Test
  void ingestTakesSetLikeRunAndNamesAMisspelledSetting() {
    for (CliRun run :
        List.of(
            CliRun.of("ingest", "--set", "parallelizm=4", "-b", CLOSED),
            CliRun.of("run", "--set", "parallelizm=4", "-b", CLOSED))) {
      assertFailure(run, "unknown setting 'parallelizm'");
      assertThat(run.err()).contains("did you mean 'parallelism'");
    }
  }

  @Test
  void aMissingInputIsNamedWithTheOptionToCheck() {
    Path missing = dir.resolve("nope.jsonl");
    assertFailure(
        CliRun.of("score", "--input", missing.toString(), "--out", dir.resolve("o").toString()),
        missing + " does not exist; check --input");
    assertFailure(
        CliRun.of("series", "--input", missing.toString()),
        missing + " does not exist; check --input");
    assertThat(listing()).isEmpty();
  }

  @Test
  void anExistingFileWhereAnOutputFolderGoesIsRefusedBeforeAnythingRuns() throws IOException {
    Path input = Files.writeString(dir.resolve("in.jsonl"), "{}\n");
    Path taken = Files.writeString(dir.resolve("taken"), "keep me");
    for (CliRun run :
        List.of(
            CliRun.of("score", "--input", input.toString(), "--out", taken.toString()),
            CliRun.of("simulate", "--accounts", "2", "--out", taken.toString()),
            CliRun.of(
                "evaluate",
                "--labels",
                input.toString(),
                "--commands",
                input.toString(),
                "--out",
                taken.toString()))) {
      assertFailure(run, taken + " is an existing file, and --out names a folder");
      assertThat(run.out()).doesNotContain("scored").doesNotContain("wrote");
    }
    assertThat(taken).hasContent("keep me");
    assertThat(listing()).containsExactlyInAnyOrder("in.jsonl", "taken");
  }

  @Test
  void aDirectoryWhereAnOutputFileGoesIsRefused() throws IOException {
    Path csv = Files.writeString(dir.resolve("s.csv"), "timestamp,value\n");
    Path folder = Files.createDirectory(dir.resolve("out"));
    assertFailure(
        CliRun.of("series", "--input", csv.toString(), "--out", folder.toString()),
        folder + " is a directory; give --out a file name");
    assertFailure(
        CliRun.of("consume", "--topic", "t", "--out", folder.toString(), "-b", CLOSED),
        folder + " is a directory; give --out a file name");
    assertFailure(
        CliRun.of(
            "label",
            "--session",
            "s-1",
            "--verdict",
            "benign",
            "--analyst",
            "ana",
            "--out",
            folder.toString()),
        folder + " is a directory; give --out a file name");
    assertFailure(
        CliRun.of(
            "audit",
            "export",
            "--from",
            "2026-12-06",
            "--to",
            "2026-12-07",
            "--out",
            folder.toString(),
            "-b",
            CLOSED),
        folder + " is a directory; give --out a file name");
    assertThat(folder).isEmptyDirectory();
  }

  @Test
  void seriesFailingHalfwayLeavesNoPartialFileAndKeepsAnOlderOne() throws IOException {
    Path csv = dir.resolve("s.csv");
    StringBuilder b = new StringBuilder("timestamp,value\n");
    for (int i = 0; i < 200; i++) {
      b.append(1_793_577_600_000L + i * 60_000L).append(',').append(i % 7).append('\n');
    }
    Files.writeString(csv, b.append("not-a-time,3\n"));
    Path scored = Files.writeString(dir.resolve("scored.csv"), "an older run\n");

    CliRun run = CliRun.of("series", "--input", csv.toString(), "--out", scored.toString());

    assertFailure(
        run, "is not epoch milliseconds like line 2; use one timestamp form for the whole file");
    assertThat(scored).hasContent("an older run");
    assertThat(listing()).containsExactlyInAnyOrder("s.csv", "scored.csv");
  }

  static Stream<List<String>> kafkaCommands() {
    return Stream.of(
        List.of("consume", "--topic", "vigil.session-commands", "--out", "copy.jsonl"),
        List.of("produce", "--input", "lines.jsonl", "--topic", "vigil.access-logs"),
        List.of("topics", "create", "--replication-factor", "1"),
        List.of("explain", "--session", "s-1"),
        List.of("label", "--session", "s-1", "--verdict", "benign", "--analyst", "ana"),
        List.of("audit", "verify", "--topic", "vigil.risk-decisions"),
        List.of(
            "audit", "export", "--from", "2026-12-06", "--to", "2026-12-07", "--out", "a.jsonl"),
        List.of("simulate", "--accounts", "2", "--to-kafka", "vigil.access-logs"),
        List.of("run", "--insecure", "--set", "commands.require-signature=false"),
        List.of("ingest", "--insecure"));
  }

  @ParameterizedTest
  @MethodSource("kafkaCommands")
  void anUnreachableBrokerFailsWithinTheTimeoutOnOneLineNamingItAndTheFix(List<String> command)
      throws IOException {
    Files.writeString(dir.resolve("lines.jsonl"), "{}\n");
    String[] args =
        Stream.concat(
                command.stream().map(a -> a.endsWith(".jsonl") ? dir.resolve(a).toString() : a),
                Stream.of("-b", CLOSED, "--timeout", "1s"))
            .toArray(String[]::new);

    CliRun run = CliRun.of(args);

    assertFailure(
        run,
        "no Kafka broker answered at "
            + CLOSED
            + " within 1 s; start the broker, or give its address with -b HOST:PORT");
    assertThat(listing()).containsExactly("lines.jsonl");
  }

  @Test
  void scoringAFileWhoseEveryLineIsDeadLetteredFailsAndSaysSo() throws IOException {
    Path input = Files.writeString(dir.resolve("commands.jsonl"), "{\"commandId\":\"c-1\"}\n[]\n");
    Path out = dir.resolve("scored");

    CliRun run = CliRun.of("score", "--input", input.toString(), "--out", out.toString());

    assertFailure(run, "every line of " + input + " was dead-lettered (");
    assertThat(run.err()).contains("nothing was scored").contains("dead-letter.jsonl");
    assertThat(out.resolve("dead-letter.jsonl")).content().hasLineCount(2);
    assertThat(Files.list(out).map(p -> p.getFileName().toString()))
        .containsExactlyInAnyOrder(
            "commands.jsonl",
            "decisions.jsonl",
            "dead-letter.jsonl",
            "cases.jsonl",
            "findings.jsonl");
  }

  private List<String> listing() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static void assertUsage(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("vigil: ").contains(message).doesNotContain("\tat ");
  }

  private static void assertFailure(CliRun run, String message) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err().strip().lines()).as(run.err()).hasSize(1);
    assertThat(run.err()).startsWith("vigil: ").contains(message).doesNotContain("\tat ");
  }
}
