package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditChain;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code vigil audit verify --input} on JSON lines as {@code vigil consume} writes them, and {@code
 * vigil audit pseudonym}.
 */
class AuditCommandTest {
  @TempDir Path dir;

  /** 60 decisions on two chains, one JSON line each, in each partition's order interleaved. */
  private Path chainedFile() throws Exception {
    AuditChain chain = new AuditChain();
    String[] heads = {AuditChain.GENESIS, AuditChain.GENESIS};
    long[] seq = {0, 0};
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 60; i++) {
      int p = i % 2;
      RiskDecision d =
          RiskDecision.newBuilder()
              .setDecisionId("e-" + i + ":active")
              .setSessionId("s" + i % 7)
              .setAccountId("u1")
              .setEventId("e-" + i)
              .setEventTime(1_700_000_000_000L + i)
              .setDecidedAt(1_700_000_000_000L + i)
              .setPreviousProbability(0.01)
              .setProbability(0.5)
              .setEvidence(List.of(new Reason("new_network", 1.0, "n", Map.of("asn", "7"))))
              .setModelVersion("m")
              .build();
      heads[p] = chain.link(d, p, seq[p]++, heads[p]);
      lines.add(PlainJson.toJson(d));
    }
    Path f = dir.resolve("decisions.jsonl");
    Files.write(f, lines);
    return f;
  }

  @Test
  void anIntactFileVerifiesAndATamperedOneFailsNamingTheLine() throws Exception {
    Path f = chainedFile();
    CliRun ok = CliRun.of("audit", "verify", "--input", f.toString());
    System.out.println(ok.out());
    assertThat(ok.exitCode()).isZero();
    assertThat(ok.out())
        .contains("checked 60 records in 2 partitions")
        .contains("intact: no record altered, removed or reordered");

    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    lines.set(21, lines.get(21).replace("\"probability\":0.5", "\"probability\":0.05"));
    Files.write(f, lines);
    CliRun broken = CliRun.of("audit", "verify", "--input", f.toString());
    System.out.println(broken.err());
    assertThat(broken.exitCode()).isEqualTo(AuditCommand.EXIT_BROKEN);
    assertThat(broken.err().strip().lines()).hasSize(1);
    assertThat(broken.err())
        .startsWith(
            "vigil: the audit trail is broken at partition 1, line 22 (sequence 10): altered");
  }

  @Test
  void aRemovedLineAndAKeptHeadAreReported() throws Exception {
    Path f = chainedFile();
    List<String> lines = new ArrayList<>(Files.readAllLines(f));
    String last = lines.get(lines.size() - 1);
    RiskDecision head = PlainJson.fromJson(last, RiskDecision.class);
    lines.remove(lines.size() - 1); // the newest record of partition 1
    Files.write(f, lines);

    CliRun cut = CliRun.of("audit", "verify", "--input", f.toString());
    assertThat(cut.exitCode()).as("a cut tail leaves no trace on its own").isZero();
    CliRun anchored =
        CliRun.of(
            "audit",
            "verify",
            "--input",
            f.toString(),
            "--expect-head",
            "1:" + head.getChain().getSequence() + ":" + head.getChain().getHash());
    System.out.println(anchored.out() + anchored.err());
    assertThat(anchored.exitCode()).isEqualTo(AuditCommand.EXIT_BROKEN);
    assertThat(anchored.err()).contains("partition 1, at its end").contains("removed");
  }

  @Test
  void badArgumentsNameTheFix() {
    CliRun neither = CliRun.of("audit", "verify");
    assertThat(neither.exitCode()).isEqualTo(2);
    assertThat(neither.err()).contains("--topic").contains("--input");

    CliRun badHead =
        CliRun.of(
            "audit", "verify", "--input", dir.resolve("x").toString(), "--expect-head", "1:2");
    assertThat(badHead.exitCode()).isEqualTo(1);
    assertThat(badHead.err()).contains("PARTITION:SEQUENCE:HASH").doesNotContain("Exception");

    CliRun missing = CliRun.of("audit", "verify", "--file", dir.resolve("none.jsonl").toString());
    assertThat(missing.err())
        .contains("vigil: note: --file is the old spelling of --input")
        .contains("does not exist; check --input")
        .doesNotContain("at dev.");

    CliRun badTime =
        CliRun.of("audit", "export", "--from", "yesterday", "--to", "2026-12-08", "--out", "x");
    assertThat(badTime.exitCode()).isEqualTo(2);
    assertThat(badTime.err()).contains("give 2026-12-07 or 2026-12-07T06:00:00Z");
  }

  @Test
  void pseudonymPrintsWhatAPseudonymisedTrailHoldsForAValueAndNeverTheKey() throws Exception {
    String key = java.util.Base64.getEncoder().encodeToString(new byte[40]);
    Path keyFile = dir.resolve("pseudonym-key");
    Files.writeString(keyFile, key);
    Files.setPosixFilePermissions(
        keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
    CliRun run =
        CliRun.of("audit", "pseudonym", "--key-file", keyFile.toString(), "u0000193", "s1");
    assertThat(run.exitCode()).as(run.err()).isZero();
    dev.vigil.audit.Pseudonymiser p = dev.vigil.audit.Pseudonymiser.fromBase64(key);
    assertThat(run.out().lines())
        .containsExactly(p.pseudonym("u0000193"), p.pseudonym("s1"))
        .allMatch(l -> l.matches("p:[0-9a-f]{24}"));
    assertThat(run.out() + run.err()).doesNotContain(key);

    CliRun noKey = CliRun.of("audit", "pseudonym", "--key-env", "VIGIL_TEST_NO_SUCH_KEY", "u1");
    assertThat(noKey.exitCode()).isEqualTo(VigilCli.EXIT_USAGE);
    assertThat(noKey.err()).contains("give --key-file FILE or set VIGIL_TEST_NO_SUCH_KEY");

    Files.setPosixFilePermissions(
        keyFile, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
    CliRun readable = CliRun.of("audit", "pseudonym", "--key-file", keyFile.toString(), "u1");
    assertThat(readable.exitCode()).isEqualTo(1);
    assertThat(readable.err()).contains("chmod 600").doesNotContain(key);
  }
}
