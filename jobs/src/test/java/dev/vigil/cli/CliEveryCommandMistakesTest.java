package dev.vigil.cli;

import static dev.vigil.cli.KeyPreflightTest.assertFailure;
import static dev.vigil.cli.KeyPreflightTest.assertUsage;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The mistakes of {@link CliMistakesTest}, for the commands and cases it does not reach: an unknown
 * option and a missing required option on every command of {@link VigilCli} (found from the command
 * tree, so a new command is covered without editing this test), and per command a missing or
 * directory input, a directory or existing file where an output goes, a bad model file and an
 * unreachable JobManager; each one line (plus the help hint for parser errors), exit 2 for usage
 * and 1 for failure, and nothing left in the test's folder but what it put there.
 */
class CliEveryCommandMistakesTest {
  @TempDir Path dir;

  /** Every command's path, e.g. [score], [audit, verify], [audit] (groups take options too). */
  static Stream<List<String>> everyCommand() {
    List<List<String>> out = new ArrayList<>();
    collect(new CommandLine(new VigilCli()), new ArrayList<>(), out);
    return out.stream();
  }

  private static void collect(CommandLine c, List<String> path, List<List<String>> out) {
    c.getSubcommands()
        .forEach(
            (name, sub) -> {
              List<String> p = new ArrayList<>(path);
              p.add(name);
              out.add(p);
              collect(sub, p, out);
            });
  }

  /** The commands that cannot run without some option or argument. */
  static Stream<List<String>> commandsWithRequiredArguments() {
    return everyCommand().filter(p -> hasRequired(spec(p)));
  }

  @ParameterizedTest
  @MethodSource("everyCommand")
  void anUnknownOptionIsAUsageErrorNamingItAndTheHelp(List<String> command) {
    CliRun run = CliRun.of(args(command, "--no-such-option"));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err())
        .startsWith("vigil: Unknown option: '--no-such-option'")
        .contains("(run 'vigil " + String.join(" ", command) + " --help' for usage)")
        .doesNotContain("\tat ");
    assertThat(run.out()).isEmpty();
  }

  @Test
  void aMisspelledRequiredOptionIsNamedAsUnknownBesideTheMissingOne() {
    CliRun run = CliRun.of("score", "--iput", "logs.jsonl", "--out", dir.toString());

    assertParserUsage(
        run, "vigil: Unknown option: '--iput'; missing required option: '--input=FILE'");
    assertThat(listing()).isEmpty();
  }

  @ParameterizedTest
  @MethodSource("commandsWithRequiredArguments")
  void aMissingRequiredOptionIsAUsageErrorNamingIt(List<String> command) {
    CliRun run = CliRun.of(command.toArray(String[]::new));

    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err())
        .startsWith("vigil: ")
        .contains("Missing required ")
        .contains("--help' for usage)")
        .doesNotContain("\tat ");
  }

  @Test
  void theCommandTreeHasTheCommandsTheReadmeNamesAndTheRequiredOnesAreFound() {
    assertThat(everyCommand().map(p -> String.join(" ", p)))
        .contains("score", "audit verify", "keys generate", "endpoints suggest", "bench", "help");
    assertThat(commandsWithRequiredArguments().map(p -> String.join(" ", p)))
        .contains(
            "score",
            "consume",
            "produce",
            "enforce",
            "evaluate",
            "savepoint",
            "stop",
            "keys generate",
            "audit verify",
            "audit export",
            "audit pseudonym",
            "endpoints suggest",
            "label",
            "explain")
        .doesNotContain("demo", "run", "ingest", "bench", "version", "help", "simulate");
  }

  @Test
  void helpAndVersionRefuseWhatTheyDoNotTake() {
    assertParserUsage(
        CliRun.of("help", "nosuch"), "vigil: no command 'nosuch'; 'vigil help' lists them");
    assertParserUsage(CliRun.of("version", "extra"), "vigil: Unmatched argument");
  }

  @Test
  void savepointAndStopNameAnUnreachableJobManagerAndABadAddress() {
    for (String command : List.of("savepoint", "stop")) {
      assertFailure(
          CliRun.of(command, "--jobmanager", "127.0.0.1:1", "--timeout", "5s"),
          "no Flink JobManager answered at 127.0.0.1:1; check --jobmanager");
      assertUsage(
          CliRun.of(command, "--jobmanager", "flink-jm"),
          "--jobmanager takes HOST:PORT of the JobManager's REST endpoint");
    }
    assertUsage(
        CliRun.of("stop", "--jobmanager", "127.0.0.1:1", "--drain"),
        "--drain goes with --savepoint");
  }

  @Test
  void keysGenerateRefusesAFileWhereItsFolderGoesAndAnUnknownUse() throws IOException {
    Path taken = Files.writeString(dir.resolve("taken"), "keep me");

    assertFailure(
        CliRun.of("keys", "generate", "--out", taken.toString()),
        taken + " is an existing file, and --out names a folder");
    assertParserUsage(
        CliRun.of("keys", "generate", "--for", "gateways", "--out", dir.toString()),
        "vigil: --for must be models or commands, not gateways");
    assertThat(taken).hasContent("keep me");
    assertThat(listing()).containsExactly("taken");
  }

  @Test
  void aBadOrMissingModelFileIsNamedByEveryCommandThatTakesOne() throws IOException {
    Path bad = Files.writeString(dir.resolve("bad.json"), "{ \"formatVersion\": \n");
    Path events = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
    Path csv = Files.writeString(dir.resolve("s.csv"), "timestamp,value\n1,2\n");
    Path missing = dir.resolve("none.json");
    String invalid = "model file " + bad + " is invalid: ";
    for (CliRun run :
        List.of(
            CliRun.of(
                "score",
                "--input",
                events.toString(),
                "--out",
                dir.resolve("o").toString(),
                "--model",
                bad.toString()),
            CliRun.of(
                "compare",
                "--model",
                "default",
                "--model",
                bad.toString(),
                "--events",
                events.toString()),
            CliRun.of("robustness", "--model", bad.toString()),
            CliRun.of("series", "--input", csv.toString(), "--model", bad.toString()),
            CliRun.of(
                "endpoints", "suggest", "--input", events.toString(), "--model", bad.toString()),
            CliRun.of("publish-model", bad.toString(), "--validate-only"))) {
      assertFailure(run, invalid);
    }
    assertFailure(
        CliRun.of("robustness", "--model", missing.toString()),
        "model file " + missing + " does not exist; check --model");
    assertFailure(
        CliRun.of("robustness", "--model", dir.toString()),
        "model file " + dir + " is a directory, not a file; check --model");
    assertFailure(
        CliRun.of("publish-model", dir.toString(), "--validate-only"),
        dir + " is a directory, not a file; give the model FILE a file");
    assertFailure(
        CliRun.of(
            "score",
            "--input",
            events.toString(),
            "--out",
            dir.resolve("o").toString(),
            "--model",
            missing.toString()),
        missing + " does not exist; check --model");
    assertThat(listing()).containsExactlyInAnyOrder("bad.json", "events.jsonl", "s.csv");
  }

  @Test
  void aDirectoryOrMissingFileGivenAsAnInputIsNamed() throws IOException {
    Path folder = Files.createDirectory(dir.resolve("in"));
    Path missing = dir.resolve("none.jsonl");
    assertFailure(
        CliRun.of("compare", "--model", "default", "--model", "default", "--events", folder + ""),
        folder + " is a directory, not a file; give --events a file");
    assertFailure(
        CliRun.of("compare", "--model", "default", "--model", "default", "--events", missing + ""),
        missing + " does not exist; check --events");
    assertFailure(
        CliRun.of("audit", "verify", "--input", folder.toString()),
        folder + " is a directory, not a file; give --input a file");
    assertFailure(
        CliRun.of("endpoints", "suggest", "--input", missing.toString()),
        missing + " does not exist; check --input");
    assertThat(listing()).containsExactly("in");
  }

  @Test
  void aDirectoryWhereAJsonOrOutputFileGoesIsRefusedBeforeTheWork() throws IOException {
    Path events = Files.writeString(dir.resolve("events.jsonl"), "{}\n");
    Path folder = Files.createDirectory(dir.resolve("out"));
    String refused = folder + " is a directory; give ";
    assertFailure(CliRun.of("bench", "--json", folder.toString()), refused + "--json a file");
    assertUsage(CliRun.of("bench", "--events", "5"), "--events must be between 1000 and");
    assertFailure(
        CliRun.of("robustness", "--json", folder.toString()), refused + "--json a file name");
    assertFailure(
        CliRun.of(
            "compare",
            "--model",
            "default",
            "--model",
            "default",
            "--events",
            events + "",
            "--json",
            folder.toString()),
        refused + "--json a file name");
    assertFailure(
        CliRun.of(
            "evaluate", "--labels", events + "", "--commands", events + "", "--json", folder + ""),
        refused + "--json a file name");
    assertFailure(
        CliRun.of("endpoints", "suggest", "--input", events + "", "--out", folder.toString()),
        refused + "--out a file name");
    assertThat(folder).isEmptyDirectory();
    assertThat(listing()).containsExactlyInAnyOrder("events.jsonl", "out");
  }

  /** A parser error: the message, the help hint after it, exit 2, no stack trace. */
  private static void assertParserUsage(CliRun run, String firstLine) {
    assertThat(run.exitCode()).as(run.err()).isEqualTo(VigilCli.EXIT_USAGE);
    List<String> lines = run.err().strip().lines().toList();
    assertThat(lines).as(run.err()).hasSizeBetween(2, 3);
    assertThat(lines.get(0)).startsWith(firstLine);
    assertThat(lines.get(lines.size() - 1)).endsWith("--help' for usage)");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  private List<String> listing() {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static String[] args(List<String> command, String... more) {
    return Stream.concat(command.stream(), Stream.of(more)).toArray(String[]::new);
  }

  private static CommandSpec spec(List<String> path) {
    CommandLine c = new CommandLine(new VigilCli());
    for (String name : path) {
      c = c.getSubcommands().get(name);
    }
    return c.getCommandSpec();
  }

  private static boolean hasRequired(CommandSpec spec) {
    return spec.options().stream().anyMatch(o -> o.required() && o.group() == null)
        || spec.positionalParameters().stream().anyMatch(p -> p.arity().min() > 0)
        || spec.argGroups().stream().anyMatch(g -> g.multiplicity().min() > 0);
  }
}
