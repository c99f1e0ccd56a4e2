package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class VigilCliTest {
  @Test
  void withoutArgumentsPrintsTheHelpAndSucceeds() {
    CliRun run = CliRun.of();

    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: vigil").contains("demo").contains("ingest");
  }

  @Test
  void everyCommandsHelpRendersWithoutFormatWarnings() {
    // picocli reports a bad format string in a description (a lone '%') on System.err, not on
    // the command's writer, and then prints the raw text: catch it where it goes.
    List<CommandLine> commands = new ArrayList<>();
    collect(new CommandLine(new VigilCli()), commands);
    ByteArrayOutputStream captured = new ByteArrayOutputStream();
    PrintStream original = System.err;
    System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
    try {
      for (CommandLine c : commands) {
        c.getUsageMessage();
      }
    } finally {
      System.setErr(original);
    }

    assertThat(commands).hasSizeGreaterThan(10);
    assertThat(captured.toString(StandardCharsets.UTF_8)).doesNotContain("WARN");
  }

  private static void collect(CommandLine c, List<CommandLine> into) {
    into.add(c);
    c.getSubcommands().values().forEach(s -> collect(s, into));
  }

  @Test
  void anUnknownOptionIsAUsageErrorOnOneLineWithoutStackTrace() {
    CliRun run = CliRun.of("demo", "--durration", "5s");

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err())
        .contains("vigil: Unknown options: '--durration'")
        .contains("Possible solutions: --duration")
        .contains("--help");
    assertThat(run.err()).doesNotContain("\tat ");
  }

  @Test
  void aBadDurationNamesTheExpectedForm() {
    CliRun run = CliRun.of("demo", "--duration", "soon");

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err()).contains("'soon' is not a duration").contains("30s");
  }

  @Test
  void aMissingClientConfigFileNamesTheFixAndExitsOne() {
    CliRun run =
        CliRun.of("topics", "create", "--client-config", "/nonexistent/vigil-client.properties");

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err().strip().lines()).hasSize(1);
    assertThat(run.err()).contains("does not exist").contains("--client-config");
  }

  @Test
  void withoutABrokerTheErrorSaysHowToGiveOne() {
    CliRun run = CliRun.of("ingest");

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err()).contains("--bootstrap-servers");
  }

  @Test
  void runAndIngestRefuseABrokerWithoutAuthenticationOnOneLineNamingTheFix() {
    for (String command : List.of("run", "ingest")) {
      // Port 1 on loopback: nothing listens, so reaching Kafka at all would fail differently.
      CliRun run = CliRun.of(command, "-b", "127.0.0.1:1");

      assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
      assertThat(run.err().strip().lines()).hasSize(1);
      assertThat(run.err())
          .contains("vigil: " + command + " refuses a Kafka connection without authentication")
          .contains("security.protocol=SASL_SSL")
          .contains("--insecure");
    }
  }

  @Test
  void stacktraceFlagAddsTheTrace() {
    CliRun run = CliRun.of("topics", "create", "--stacktrace", "--client-config", "/nonexistent");

    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(run.err()).contains("\tat ");
  }

  @Test
  void versionNamesVigilFlinkAndKafka() {
    CliRun run = CliRun.of("version");

    assertThat(run.exitCode()).isZero();
    assertThat(run.out())
        .containsPattern("vigil \\d+\\.\\d+")
        .contains("flink 2.")
        .contains("kafka-clients 4.");
  }

  @Test
  void dashDashVersionPrintsWhatTheVersionCommandPrints() {
    CliRun flag = CliRun.of("--version");
    CliRun command = CliRun.of("version");

    assertThat(flag.exitCode()).isZero();
    assertThat(flag.out()).isEqualTo(command.out()).contains("flink 2.");
  }

  @Test
  void helpListsTheCommandsAndHelpOfACommandShowsItsOptions() {
    CliRun all = CliRun.of("help");
    CliRun one = CliRun.of("help", "compare");

    assertThat(all.exitCode()).isZero();
    assertThat(all.out()).contains("compare").contains("publish-model");
    assertThat(one.exitCode()).isZero();
    assertThat(one.out()).contains("--model").contains("--events");
  }

  @Test
  void durationsReadAsPeopleWriteThem() {
    assertThat(DurationConverter.parse("500ms").toMillis()).isEqualTo(500);
    assertThat(DurationConverter.parse("30s").toSeconds()).isEqualTo(30);
    assertThat(DurationConverter.parse("5m").toSeconds()).isEqualTo(300);
    assertThat(DurationConverter.parse("1h").toMinutes()).isEqualTo(60);
    assertThat(DurationConverter.parse("PT2S").toSeconds()).isEqualTo(2);
  }
}
