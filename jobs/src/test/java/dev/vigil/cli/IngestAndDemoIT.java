package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.demo.DemoTraffic;
import dev.vigil.demo.HostileRecords;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The {@code vigil ingest} and {@code vigil demo} commands as a user runs them. */
class IngestAndDemoIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @Test
  void ingestCommandTurnsTheLogTopicIntoEventsAndDeadLetters() throws Exception {
    long now = System.currentTimeMillis();
    DemoTraffic traffic = new DemoTraffic(3, 50);
    List<Outgoing> lines = new ArrayList<>();
    List<String> expectedIds = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      DemoTraffic.Line line = traffic.next(now, now);
      lines.add(new Outgoing(line.json(), now));
      expectedIds.add(line.expected().getEventId());
    }
    List<HostileRecords.Sample> hostile = HostileRecords.all(now);
    hostile.forEach(s -> lines.add(new Outgoing(s.raw(), now)));
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), VigilTopic.ACCESS_LOGS.topicName(), lines);

    CliRun run =
        CliRun.of(
            "ingest",
            "-b",
            KAFKA.bootstrapServers(),
            "--insecure",
            "--bounded",
            "--web-ui-port",
            "0");

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out()).contains("Flink Web UI: http://").contains("ingest job finished");
    List<String> ids = new ArrayList<>();
    for (var r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), VigilTopic.ACCESS_EVENTS.topicName())) {
      ids.add(AccessEvent.getDecoder().decode(r.value()).getEventId());
    }
    assertThat(ids).containsExactlyInAnyOrderElementsOf(expectedIds);
    List<DeadLetter> deadLetters = new ArrayList<>();
    for (var r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), VigilTopic.DEAD_LETTER.topicName())) {
      deadLetters.add(DeadLetter.getDecoder().decode(r.value()));
    }
    assertThat(deadLetters)
        .extracting(DeadLetter::getReason)
        .containsExactlyInAnyOrderElementsOf(
            hostile.stream().map(HostileRecords.Sample::expected).toList());
  }

  @Test
  void demoRunsEndToEndLosesNothingAndEvaluatesTheCommands() {
    CliRun run =
        CliRun.of(
            "demo",
            "--duration",
            "8s",
            "--accounts",
            "30",
            "--hostile-share",
            "0.05",
            "--web-ui-port",
            "0");

    assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
    assertThat(run.out()).contains("Flink Web UI: http://").contains("nothing lost");
    assertThat(run.out()).containsPattern("(?m)^Metrics: +http://127\\.0\\.0\\.1:\\d+/metrics ");
    assertThat(count(run.out(), "read")).isPositive();
    assertThat(count(run.out(), "valid")).isPositive();
    assertThat(count(run.out(), "dead-lettered")).isPositive();
    assertThat(count(run.out(), "read"))
        .isEqualTo(count(run.out(), "valid") + count(run.out(), "dead-lettered"));
    assertThat(count(run.out(), "audit records")).isPositive();
    // Every audit record the demo's job wrote is on an intact chain from sequence 0.
    run.out().lines().filter(l -> l.startsWith("  audit ")).forEach(System.out::println);
    assertThat(run.out())
        .containsPattern(
            "(?m)^  audit chain    intact, "
                + String.format(java.util.Locale.ROOT, "%,d", count(run.out(), "audit records"))
                + " chained records in \\d+ partitions$");
    assertThat(run.out())
        .contains("Compromise scenarios")
        .contains("False actions on benign sessions")
        .contains("Calibration");
    // The two days of history are benign sessions too, scored and acted on: counted, not left out.
    long all = benign(run.out(), "all benign");
    long window = benign(run.out(), "  window");
    long warmup = benign(run.out(), "  warm-up");
    assertThat(warmup).isPositive();
    assertThat(all).isEqualTo(window + warmup);
    assertThat(run.out()).contains("in the warm-up, per population");
    theDemoGatewayEnforcedTheCommandsAndItsOutcomesCameBack(run.out());
    theExchangeJobRanBesideTheRiskJobAndTheSocGotSignalsAndCases(run.out());
  }

  /**
   * The exchange job ran beside the session risk job on the same events: the summary read its
   * signals back from vigil.signals, and the risk job's cases and their OCSF findings from
   * vigil.cases and vigil.findings (every case has at least its "created" finding).
   */
  private static void theExchangeJobRanBesideTheRiskJobAndTheSocGotSignalsAndCases(String out) {
    out.lines()
        .dropWhile(l -> !l.startsWith("  signals "))
        .takeWhile(l -> !l.startsWith("  gateway "))
        .forEach(System.out::println);
    assertThat(count(out, "signals")).isPositive();
    assertThat(count(out, "cases")).isPositive();
    assertThat(count(out, "findings")).isGreaterThanOrEqualTo(count(out, "cases"));
    assertThat(out).containsPattern("(?m)^    largest  case-[0-9a-f]{32}: ");
  }

  /**
   * The reference enforcer ran as the demo's gateway: it rejected none of the job's commands,
   * challenged sessions and answered each step-up once (the owner passing, the attacker failing or
   * abandoning), the job read the signed outcomes back into its audit trail, and the gateway's key
   * was deleted with the demo's other secrets.
   */
  private static void theDemoGatewayEnforcedTheCommandsAndItsOutcomesCameBack(String out) {
    out.lines().dropWhile(l -> !l.startsWith("  gateway ")).limit(30).forEach(System.out::println);
    assertThat(out).contains("  gateway (reference enforcer, vigil-demo-gateway)");
    assertThat(gateway(out, "commands applied")).isPositive();
    assertThat(gateway(out, "commands rejected")).isZero();
    long challenged = gateway(out, "sessions challenged");
    long answered = gateway(out, "step-ups answered");
    assertThat(challenged).isPositive();
    assertThat(answered).isGreaterThanOrEqualTo(challenged);
    assertThat(gateway(out, "  passed") + gateway(out, "  failed") + gateway(out, "  abandoned"))
        .isEqualTo(answered);
    assertThat(gateway(out, "outcomes in audit")).isGreaterThanOrEqualTo(answered);
    Matcher folder = Pattern.compile("\\(files in (.+)\\)$", Pattern.MULTILINE).matcher(out);
    assertThat(folder.find()).isTrue();
    Path work = Path.of(folder.group(1));
    assertThat(work.resolve("gateway-key")).as("the gateway's key after the demo").doesNotExist();
    assertThat(work.resolve("caep-key")).doesNotExist();
  }

  private static long gateway(String out, String label) {
    Matcher m = Pattern.compile("(?m)^    " + Pattern.quote(label) + " +([\\d,]+)$").matcher(out);
    assertThat(m.find()).as("gateway line '%s' in:%n%s", label, out).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }

  private static long benign(String out, String row) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(row) + " +(\\d+) ").matcher(out);
    assertThat(m.find()).as("row '%s' in:%n%s", row, out).isTrue();
    return Long.parseLong(m.group(1));
  }

  private static long count(String out, String label) {
    Matcher m = Pattern.compile("(?m)^  " + Pattern.quote(label) + " +([\\d,]+)$").matcher(out);
    assertThat(m.find()).as("summary line '%s' in:%n%s", label, out).isTrue();
    return Long.parseLong(m.group(1).replace(",", ""));
  }
}
