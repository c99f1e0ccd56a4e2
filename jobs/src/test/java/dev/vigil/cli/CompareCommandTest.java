package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil compare} and the guard of {@code vigil publish-model} on the README's world (100
 * accounts of baseline, seed 3, 2 h after a day of warm-up), against a trigger-happy copy of the
 * default model (step-up at P 0.005, hold at 0.002, kill at 0.2). No broker: the guard decides
 * before anything is published, and --validate-only stops after it.
 */
class CompareCommandTest {
  @TempDir static Path dir;
  static String events;
  static String labels;
  static String candidate;
  static String defaultFile;

  @BeforeAll
  static void simulate() throws Exception {
    CliRun sim =
        CliRun.of(
            "simulate",
            "--accounts",
            "100",
            "--seed",
            "3",
            "--duration",
            "2h",
            "--warmup",
            "1d",
            "--automated-warmup",
            "6h",
            "--world",
            "baseline",
            "--out",
            dir.toString());
    assertThat(sim.exitCode()).as(sim.err()).isZero();
    events = dir.resolve("events.jsonl").toString();
    labels = dir.resolve("labels.jsonl").toString();
    ObjectMapper json = new ObjectMapper();
    Path artifact = Path.of("..", "models", "artifacts", "vigil-model.json");
    ObjectNode model = (ObjectNode) json.readTree(artifact.toFile());
    defaultFile = artifact.toString();
    ((ObjectNode) model.get("policy"))
        .put("stepUpEnter", 0.005)
        .put("stepUpExit", 0.002)
        .put("holdEnter", 0.002)
        .put("killEnter", 0.2);
    model.put("modelVersion", "trigger-happy");
    Path file = dir.resolve("trigger-happy.json");
    json.writeValue(file.toFile(), model);
    candidate = file.toString();
  }

  @Test
  void printsOneSideBySideTableAndWritesItToOut() throws Exception {
    Path out = dir.resolve("cmp");
    Path jsonFile = dir.resolve("cmp.json");
    CliRun r =
        CliRun.of(
            "compare",
            "--model",
            "default",
            "--model",
            candidate,
            "--events",
            events,
            "--labels",
            labels,
            "--out",
            out.toString(),
            "--json",
            jsonFile.toString());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains(
            "A = default ("
                + dev.vigil.core.model.RiskModelLoader.defaults().modelVersion
                + "), B = trigger-happy.json (trigger-happy);"
                + " 226 labelled sessions, 104,528 events.")
        .containsPattern("all \\(177\\) killed +0 +4 +\\+4")
        .containsPattern("all \\(177\\) stepped up or held +2\\.82% +8\\.47% +\\+5\\.65 pp")
        .containsPattern("all \\(6\\) acted on in time +83\\.33% +100\\.00% +\\+16\\.67 pp")
        .containsPattern("ECE per event \\(10 equal-width bins, session-weighted\\) +0\\.1253")
        .contains("ROC AUC", "PR AUC", "KILL", "HOLD_WITHDRAWALS");
    assertThat(Files.readString(out.resolve("comparison.csv")))
        .startsWith("section,metric,a,b,delta\n")
        .contains("benign,\"all (177) killed\",0.0,4.0,4.0");
    assertThat(Files.readString(out.resolve("comparison.json"))).contains("\"rows\"");
    assertThat(Files.readString(out.resolve("comparison.txt"))).contains("B - A");
    assertThat(out.resolve("takeovers_in_time.png")).isNotEmptyFile();
    assertThat(out.resolve("benign_actions.png")).isNotEmptyFile();
    assertThat(out.resolve("reliability.png")).isNotEmptyFile();
    assertThat(Files.readString(jsonFile)).contains("\"benignKilled\" : 4");
  }

  @Test
  void withoutLabelsItInjectsSeededAttacksAndCountsEveryOtherSessionAsBenign() throws Exception {
    Path injection = dir.resolve("injection.json");
    Files.writeString(
        injection,
        "{\"attacks\": {\"stolen_api_key\": 2, \"token_hijack\": 2, \"replay\": 1,"
            + " \"credential_stuffing\": 1, \"low_and_slow\": 2}, \"warmupShare\": 0.5}");
    String[] args = {
      "compare",
      "--model",
      "default",
      "--model",
      candidate,
      "--events",
      events,
      "--seed",
      "7",
      "--injection",
      injection.toString()
    };
    CliRun r = CliRun.of(args);
    assertThat(r.exitCode()).as(r.err()).isZero();
    // The baseline world's own attacks are unlabelled here: they count as benign.
    assertThat(r.out())
        .startsWith(
            "no labels: 10 attacks injected (seed 7, config injection.json: credential_stuffing 3"
                + " from 1 run, low_and_slow 2, replay 1, stolen_api_key 2, token_hijack 2;"
                + " careful share 0.30, warm-up share 0.50); every other session counted as"
                + " benign\n")
        .contains(" 233 labelled sessions, 104,792 events.")
        .containsPattern("token_hijack \\(2\\) median requests to action +2\\.0 +2\\.0 +0\\.0")
        .containsPattern("all \\(10\\) acted on in time +90\\.00% +90\\.00% +0\\.00 pp")
        .containsPattern("automated \\(5\\) killed +0 +0 +0")
        .containsPattern("human \\(218\\) killed +2 +8 +\\+6")
        // B is derived from the default: vigil-default-8's behaviour-at-volume gate spares one of
        // its owners (8.97% before).
        .containsPattern("all \\(223\\) stepped up or held +4\\.93% +8\\.52% +\\+3\\.59 pp")
        .containsPattern("ECE per event \\(10 equal-width bins, session-weighted\\) +0\\.0604")
        .containsPattern("ROC AUC \\(session max P vs compromised\\) +0\\.9367 +0\\.9367")
        .containsPattern("KILL +6 +17 +\\+11");
    // Same file, seed and configuration: the same table.
    assertThat(CliRun.of(args).out()).isEqualTo(r.out());
  }

  @Test
  void injectionSettingsWithLabelsAreAUsageErrorNamingTheFix() {
    CliRun r =
        CliRun.of(
            "compare",
            "--model",
            "default",
            "--model",
            candidate,
            "--events",
            events,
            "--labels",
            labels,
            "--injection",
            "x.json");
    assertThat(r.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(r.err()).contains("--injection applies only without --labels").contains("drop one");
    assertThat(r.err()).doesNotContain("Exception");
  }

  @Test
  void helpDocumentsInjectionAndTheLiveComparison() {
    CliRun r = CliRun.of("compare", "--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out().replaceAll("\\s+", " "))
        .contains("--seed=N")
        .contains("--injection=FILE")
        .contains("every other session counts as benign")
        .contains("--decisions=FILE")
        .contains("-b, --bootstrap-servers")
        .contains("the shadow model (challenger)");
  }

  @Test
  void aSeedWithLabelsIsAUsageError() {
    CliRun r =
        CliRun.of(
            "compare",
            "--model",
            "default",
            "--model",
            candidate,
            "--events",
            events,
            "--labels",
            labels,
            "--seed",
            "3");
    assertThat(r.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(r.err()).contains("--seed applies only without --labels");
  }

  @Test
  void aBadInjectionFileIsNamedWithTheKeyToFix() throws Exception {
    Path bad = dir.resolve("bad-injection.json");
    Files.writeString(bad, "{\"attacks\": {\"phishing\": 3}}");
    CliRun r =
        CliRun.of(
            "compare",
            "--model",
            "default",
            "--model",
            candidate,
            "--events",
            events,
            "--injection",
            bad.toString());
    assertThat(r.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(r.err())
        .contains("injection config: attacks: unknown attack 'phishing'; allowed: stolen_api_key")
        .doesNotContain("at dev.vigil");
  }

  @Test
  void itNeedsExactlyTwoModelsThatExist() {
    CliRun one = CliRun.of("compare", "--model", "default", "--events", events, "--labels", labels);
    assertThat(one.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(one.err()).contains("give --model exactly twice (got 1)");
    CliRun missing =
        CliRun.of(
            "compare",
            "--model",
            "default",
            "--model",
            dir.resolve("nope.json").toString(),
            "--events",
            events,
            "--labels",
            labels);
    assertThat(missing.exitCode()).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(missing.err())
        .contains("nope.json does not exist; check --model (or give 'default'")
        .doesNotContain("at dev.vigil");
  }

  @Test
  void publishRefusesAWorseCandidateNamingEachFailingMetric() {
    CliRun r = CliRun.of("publish-model", candidate, "--events", events, "--labels", labels);
    assertThat(r.exitCode()).isEqualTo(VigilCli.EXIT_REFUSED);
    assertThat(r.err())
        .contains("refused to publish")
        .contains("benign sessions killed: candidate 4, active 0 (of 177)")
        .contains("benign step-up/hold rate: candidate 8.47% (15), active 2.82% (5) of 177")
        .doesNotContain("bot sessions disrupted:")
        .contains("--shadow")
        .contains("--force");
  }

  @Test
  void forcePublishesAnywayAndSaysSo() {
    CliRun r =
        CliRun.of(
            "publish-model",
            candidate,
            "--events",
            events,
            "--labels",
            labels,
            "--force",
            "--validate-only");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("--force: would publish although the candidate is worse")
        .contains("benign sessions killed: candidate 4, active 0");
  }

  @Test
  void aCandidateNoWorseThanTheActiveOnePasses() {
    CliRun r =
        CliRun.of(
            "publish-model",
            defaultFile,
            "--events",
            events,
            "--labels",
            labels,
            "--active",
            candidate,
            "--validate-only");
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.out())
        .contains("candidate vs active trigger-happy.json")
        .contains("guard rails passed");
  }

  @Test
  void eventsWithoutLabelsIsAUsageError() {
    CliRun r = CliRun.of("publish-model", candidate, "--events", events);
    assertThat(r.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(r.err()).contains("--events needs --labels");
  }
}
