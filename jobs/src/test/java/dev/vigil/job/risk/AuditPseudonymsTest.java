package dev.vigil.job.risk;

import static dev.vigil.job.risk.RiskHarness.DAY;
import static dev.vigil.job.risk.RiskHarness.harness;
import static dev.vigil.job.risk.RiskHarness.killStolen;
import static dev.vigil.job.risk.RiskHarness.trainOwner;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.audit.Pseudonymiser;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import java.util.stream.Collectors;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code audit.pseudonymise} on the session risk operator: the audit records of thirty days of an
 * owner and a stolen session that is killed carry no identifier of the events, one pseudonym per
 * identifier; the commands to gateways keep the real ids, which the gateways act on.
 */
class AuditPseudonymsTest {
  @TempDir Path dir;

  private Path keyFile(byte fill) throws Exception {
    byte[] key = new byte[32];
    java.util.Arrays.fill(key, fill);
    Path file = dir.resolve("pseudonym-key-" + fill);
    Files.writeString(file, Base64.getEncoder().encodeToString(key) + "\n");
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    return file;
  }

  @Test
  void auditRecordsOfAKilledSessionCarryPseudonymsAndTheCommandsTheRealIds() throws Exception {
    Path key = keyFile((byte) 7);
    RiskSettings settings =
        RiskHarness.settings().withAuditMinProbabilityChange(0).withAuditPseudonyms(key.toString());
    try (var h =
        harness(new SessionRiskFunction(settings, SessionRiskFunctionTest.defaultModelJson()))) {
      killStolen(h, trainOwner(h) + DAY);

      List<RiskDecision> audit =
          h.getSideOutput(SessionRiskFunction.DECISIONS).stream()
              .map(StreamRecord::getValue)
              .toList();
      assertThat(audit).hasSizeGreaterThan(30);
      String json = audit.stream().map(PlainJson::toJson).collect(Collectors.joining("\n"));
      for (String raw :
          List.of(
              "acct-1",
              "stolen",
              "owner-",
              "81.250.10",
              "45.77.200",
              "Mozilla/5.0",
              "python-requests",
              "bc1qattacker")) {
        assertThat(json).as(raw).doesNotContain(raw);
      }
      Pseudonymiser p = Pseudonymiser.fromBase64(Files.readString(key));
      assertThat(audit).extracting(RiskDecision::getAccountId).containsOnly(p.pseudonym("acct-1"));
      List<RiskDecision> stolen =
          audit.stream().filter(d -> d.getSessionId().equals(p.pseudonym("stolen"))).toList();
      assertThat(stolen).hasSize(2);
      // The attacker's network stays legible: AS and country are not personal data.
      assertThat(PlainJson.toJson(stolen.get(0))).contains("AS 20473, SG");

      SessionCommand kill =
          h.extractOutputValues().stream()
              .filter(c -> c.getAction() == CommandAction.KILL)
              .findFirst()
              .orElseThrow();
      assertThat(kill.getSessionId()).isEqualTo("stolen");
      assertThat(kill.getAccountId()).isEqualTo("acct-1");
      assertThat(stolen.get(1).getCommandIds())
          .contains(kill.getCommandId().replace("stolen", p.pseudonym("stolen")));
    }
  }

  @Test
  void pseudonymisingWithoutAKeyRefusesToStartNamingTheSettingsNotAValue() throws Exception {
    RiskSettings settings =
        RiskHarness.settings()
            .withAuditPseudonyms(null)
            .withAuditPseudonymKeyEnv("VIGIL_TEST_UNSET_PSEUDONYM_KEY");
    assertThatThrownBy(
            () ->
                harness(
                        new SessionRiskFunction(
                            settings, SessionRiskFunctionTest.defaultModelJson()))
                    .open())
        .hasMessage(
            "audit.pseudonymise is true but there is no key: set audit.pseudonym-key-file or"
                + " VIGIL_TEST_UNSET_PSEUDONYM_KEY (base64 of at least 32 random bytes, e.g."
                + " openssl rand -base64 32)");
  }
}
