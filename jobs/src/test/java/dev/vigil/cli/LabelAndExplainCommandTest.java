package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** vigil label and vigil explain on files (the Kafka paths are in LabelAndExplainIT). */
class LabelAndExplainCommandTest {
  @TempDir Path dir;

  @Test
  void labelAppendsJsonLinesTheLabelsReaderReads() {
    Path out = dir.resolve("labels.jsonl");
    CliRun first =
        CliRun.of(
            "label",
            "--session",
            "s-1",
            "--verdict",
            "compromised",
            "--analyst",
            "ana",
            "--note",
            "withdrawal to a fresh address",
            "--out",
            out.toString());
    CliRun second =
        CliRun.of(
            "label",
            "--decision",
            "e-7:active",
            "--verdict",
            "BENIGN",
            "--analyst",
            "bo",
            "--out",
            out.toString());

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("labelled session s-1 compromised by ana -> " + out + "\n");
    assertThat(second.exitCode()).as(second.err()).isZero();
    List<SessionLabel> labels = EvaluationFiles.readLabels(out);
    assertThat(labels).extracting(SessionLabel::labelledId).containsExactly("s-1", "e-7:active");
    assertThat(labels.get(0).compromised()).isTrue();
    assertThat(labels.get(1).benign()).isTrue();
  }

  @Test
  void labelUsageErrorsExit2AndNameTheFix() {
    String out = dir.resolve("l.jsonl").toString();
    CliRun noDestination =
        CliRun.of("label", "--session", "s", "--verdict", "benign", "--analyst", "a");
    CliRun badVerdict =
        CliRun.of("label", "--session", "s", "--verdict", "stolen", "--analyst", "a", "--out", out);
    CliRun twoSubjects =
        CliRun.of(
            "label",
            "--session",
            "s",
            "--decision",
            "d",
            "--verdict",
            "benign",
            "--analyst",
            "a",
            "--out",
            out);
    CliRun noVerdict = CliRun.of("label", "--session", "s", "--analyst", "a", "--out", out);

    assertThat(noDestination.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(noDestination.err())
        .contains("give exactly one destination: -b BROKER (the vigil.labels topic) or --out FILE");
    assertThat(badVerdict.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(badVerdict.err())
        .contains("--verdict 'stolen' is not one of compromised, benign, abuse")
        .contains("vigil label --help");
    assertThat(twoSubjects.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(twoSubjects.err()).contains("exactly one of --session ID and --decision ID");
    assertThat(noVerdict.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(noVerdict.err()).contains("Missing required option: '--verdict=VERDICT'");
    assertThat(Files.exists(dir.resolve("l.jsonl"))).isFalse();
  }

  @Test
  void explainPrintsTheSessionsTimelineFromADecisionsFile() throws Exception {
    Path decisions = dir.resolve("decisions.jsonl");
    Files.write(
        decisions,
        List.of(
            PlainJson.toJson(decision("e-2", "s-1", 2000, 0.02, 0.91, List.of("e-2:kill"))),
            PlainJson.toJson(decision("e-1", "s-1", 1000, 0.01, 0.02, List.of())),
            PlainJson.toJson(decision("x-1", "s-9", 1500, 0.01, 0.01, List.of()))));

    CliRun run = CliRun.of("explain", "--session", "s-1", "--decisions", decisions.toString());

    assertThat(run.exitCode()).as(run.err()).isZero();
    assertThat(run.out())
        .startsWith("session s-1 (account a-1): 2 requests from 1970-01-01T00:00:01Z")
        .contains("e-1  P 0.0100 -> 0.0200")
        .contains("e-2  P 0.0200 -> 0.9100")
        .contains("+3.20  impossible_travel: moved 8800 km in 40 s [km=8800]")
        .contains("    sent    e-2:kill")
        .doesNotContain("x-1");
  }

  @Test
  void explainSaysWhatItReadWhenTheSessionIsMissingAndNeedsOneSource() throws Exception {
    Path decisions = dir.resolve("decisions.jsonl");
    Files.write(
        decisions, List.of(PlainJson.toJson(decision("e-1", "s-1", 1000, 0.01, 0.02, List.of()))));

    CliRun missing = CliRun.of("explain", "--session", "s-x", "--decisions", decisions.toString());
    CliRun noSource = CliRun.of("explain", "--session", "s-1");

    assertThat(missing.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(missing.err())
        .contains(
            "no decision of session s-x in "
                + decisions
                + " (1 decisions of 1 sessions read); check --session");
    assertThat(noSource.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(noSource.err()).contains("--decisions FILE or -b BROKER [--topic T]");
  }

  private static RiskDecision decision(
      String event, String session, long t, double before, double after, List<String> commands) {
    return RiskDecision.newBuilder()
        .setDecisionId(event + ":active")
        .setSessionId(session)
        .setAccountId("a-1")
        .setEventId(event)
        .setEventTime(t)
        .setDecidedAt(t + 3)
        .setPreviousProbability(before)
        .setProbability(after)
        .setEvidence(
            commands.isEmpty()
                ? List.of()
                : List.of(
                    Reason.newBuilder()
                        .setCode("impossible_travel")
                        .setLogLikelihoodRatio(3.2)
                        .setText("moved 8800 km in 40 s")
                        .setValues(Map.of("km", "8800"))
                        .build()))
        .setCommandIds(commands)
        .setModelVersion("m-1")
        .build();
  }
}
