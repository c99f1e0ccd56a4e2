package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil enforce}: a dry-run gateway over a real broker's commands topic. */
class EnforceCommandIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();
  private static final String RING =
      "k1:" + Base64.getEncoder().encodeToString("an-it-command-key-of-32-bytes-ok".getBytes());

  @TempDir Path dir;

  private static byte[] bytes(SessionCommand c) throws Exception {
    ByteBuffer b = c.toByteBuffer();
    byte[] out = new byte[b.remaining()];
    b.get(out);
    return out;
  }

  private static SessionCommand command(String session, String id, CommandAction a, long issued) {
    return CommandAuthenticator.parse(RING)
        .sign(
            SessionCommand.newBuilder()
                .setCommandId(id)
                .setSessionId(session)
                .setAccountId("acct-" + session)
                .setAction(a)
                .setParameters(CommandParameters.newBuilder().build())
                .setIssuedAt(issued)
                .setExpiresAt(issued + 300_000)
                .setProbability(0.9)
                .setModelVersion("it")
                .setTriggerEventId("e")
                .setEventTime(issued)
                .setSequence(8)
                .build());
  }

  private Path privateFile(String name, String content) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, content);
    Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    return p;
  }

  @Test
  void printsWhatAGatewayWouldDoWithEachCommandAndASummaryAndPublishesSignedOutcomes()
      throws Exception {
    long now = System.currentTimeMillis();
    SessionCommand kill = command("s1", "e1:kill", CommandAction.KILL, now);
    SessionCommand stepUp = command("s2", "e2:step_up", CommandAction.STEP_UP, now);
    SessionCommand expired = command("s3", "e3:kill", CommandAction.KILL, now - 3_600_000);
    SessionCommand forged = command("s4", "e4:kill", CommandAction.KILL, now);
    forged.setSessionId("s5");
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), "cli.commands", 1);
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), "cli.outcomes", 1);
    List<Outgoing> records = new ArrayList<>();
    for (SessionCommand c : List.of(kill, stepUp, expired, forged, kill)) {
      records.add(new Outgoing(bytes(c), now));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "cli.commands", records);
    Path keys = privateFile("command-keys", RING);
    String secret =
        Base64.getEncoder().encodeToString("gateway-KEY-for-its-0123456789ab".getBytes());
    Path gatewayKey = privateFile("gateway-key", "gw1:" + secret);

    CliRun run =
        CliRun.of(
            "enforce",
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            "cli.commands",
            "--command-keys",
            keys.toString(),
            "--until-end",
            "--publish-outcomes",
            "--outcomes-topic",
            "cli.outcomes",
            "--gateway-key",
            gatewayKey.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains("APPLIED  KILL             session s1")
        .contains("APPLIED  STEP_UP          session s2")
        .containsPattern("REJECTED KILL +session s3 .*: EXPIRED")
        .containsPattern("REJECTED KILL +session s5 .*: BAD_SIGNATURE")
        .containsPattern("REJECTED KILL +session s1 .*: REPLAYED")
        .containsPattern("sessions killed +1\\n")
        .containsPattern("sessions challenged +1\\n")
        .containsPattern("EXPIRED +1\\n");
    assertThat(run.out() + run.err()).doesNotContain(secret).doesNotContain("gateway-KEY");
    List<EnforcementOutcome> outcomes = new ArrayList<>();
    for (var r : KafkaTestSupport.readAll(KAFKA.clientProperties(), "cli.outcomes")) {
      outcomes.add(EnforcementOutcome.getDecoder().decode(r.value()));
    }
    assertThat(outcomes)
        .extracting(EnforcementOutcome::getKind)
        .containsExactly(
            OutcomeKind.APPLIED,
            OutcomeKind.SESSION_ENDED,
            OutcomeKind.APPLIED,
            OutcomeKind.REJECTED,
            OutcomeKind.REJECTED,
            OutcomeKind.REJECTED);
  }

  @Test
  void ctrlCStopsTheDryRunGatewayWithItsSummary(@TempDir Path logs) throws Exception {
    long now = System.currentTimeMillis();
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), "int.commands", 1);
    KafkaTestSupport.sendAll(
        KAFKA.clientProperties(),
        "int.commands",
        List.of(
            new Outgoing(bytes(command("i1", "e1:kill", CommandAction.KILL, now)), now),
            new Outgoing(bytes(command("i2", "e2:step_up", CommandAction.STEP_UP, now)), now)));
    Path keys = privateFile("command-keys", RING);
    List<String> cmd = new ArrayList<>();
    if (new ProcessBuilder("env", "--default-signal=INT", "true").start().waitFor() == 0) {
      cmd.addAll(List.of("env", "--default-signal=INT")); // as DemoInterruptIT
    }
    cmd.addAll(
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-Xmx256m",
            "-Dlog4j2.configurationFile=vigil-cli-log4j2.properties",
            "-Dlog4j2.statusLoggerLevel=ERROR",
            "-Dvigil.log.dir=" + logs,
            "-cp",
            System.getProperty("java.class.path"),
            VigilCli.class.getName(),
            "enforce",
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            "int.commands",
            "--command-keys",
            keys.toString()));
    Process gateway = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    List<String> out = new ArrayList<>();
    try (BufferedReader r =
        new BufferedReader(
            new InputStreamReader(gateway.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null && !line.contains("session i2")) {
        out.add(line);
      }
      assertThat(line).as("the second command's line; it printed:%n%s", out).isNotNull();
      Process ctrlC =
          new ProcessBuilder("kill", "-INT", Long.toString(gateway.pid())).inheritIO().start();
      assertThat(ctrlC.waitFor()).isZero();
      r.lines().forEach(out::add);
    }
    String text = String.join("\n", out);
    assertThat(gateway.waitFor()).as(text).isEqualTo(130);
    assertThat(text)
        .contains("Summary")
        .containsPattern("applied +2\\n")
        .containsPattern("sessions killed +1\\n")
        .containsPattern("sessions challenged +1\\n")
        .doesNotContain("Exception");
  }

  @Test
  void anUnknownStartIsAUsageErrorThatNamesTheChoices() throws Exception {
    Path keys = privateFile("command-keys", RING);
    CliRun run =
        CliRun.of(
            "enforce",
            "-b",
            KAFKA.bootstrapServers(),
            "--command-keys",
            keys.toString(),
            "--start",
            "latest");
    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err()).contains("--start takes beginning or end, not 'latest'");
  }

  @Test
  void publishingOutcomesWithoutAGatewayKeyIsAUsageErrorThatNamesTheFix() throws Exception {
    Path keys = privateFile("command-keys", RING);
    CliRun run =
        CliRun.of(
            "enforce",
            "-b",
            KAFKA.bootstrapServers(),
            "--command-keys",
            keys.toString(),
            "--publish-outcomes");
    assertThat(run.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(run.err()).contains("--gateway-key FILE or set VIGIL_GATEWAY_KEY");
  }

  @Test
  void givenLimitsItListsTheDefaultRateLimitsItEnforces() throws Exception {
    SessionCommand kill = command("s1", "e1:kill", CommandAction.KILL, System.currentTimeMillis());
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), "cli.limits.commands", 1);
    KafkaTestSupport.sendAll(
        KAFKA.clientProperties(),
        "cli.limits.commands",
        List.of(new Outgoing(bytes(kill), System.currentTimeMillis())));
    Path keys = privateFile("command-keys", RING);
    Path limits =
        Files.writeString(
            Files.createTempDirectory("limits").resolve("limits.json"),
            EnforceLimitsOptionTest.LIMITS);

    CliRun run =
        CliRun.of(
            "enforce",
            "-b",
            KAFKA.bootstrapServers(),
            "--topic",
            "cli.limits.commands",
            "--command-keys",
            keys.toString(),
            "--until-end",
            "--limits",
            limits.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .contains(
            "default rate limits from " + limits + ": 2, populations bot, retail, roles orders")
        .contains("APPLIED  KILL             session s1");
  }
}
