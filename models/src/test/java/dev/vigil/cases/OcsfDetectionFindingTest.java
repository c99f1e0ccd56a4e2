package dev.vigil.cases;

import static dev.vigil.cases.CaseSignals.signal;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schema.SecurityCase;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The findings carry every attribute OCSF requires of a Detection Finding. No OCSF JSON schema is
 * published on Maven Central or npm, so the required attributes are listed here from the OCSF
 * schema repository (github.com/ocsf/ocsf-schema, "requirement": "required"):
 * events/base_event.json (activity_id, category_uid, class_uid, metadata, severity_id, time,
 * type_uid), events/findings/finding.json (finding_info), objects/metadata.json (product, version),
 * objects/finding_info.json (uid), and objects/analytic.json (type_id, when analytic is present).
 */
class OcsfDetectionFindingTest {
  private static final List<String> REQUIRED_TOP =
      List.of(
          "activity_id",
          "category_uid",
          "class_uid",
          "metadata",
          "severity_id",
          "time",
          "type_uid",
          "finding_info");
  private static final List<String> REQUIRED_METADATA = List.of("product", "version");
  private static final List<String> REQUIRED_FINDING_INFO = List.of("uid");

  private static final long T0 = 1_700_000_000_000L;
  private final OcsfDetectionFinding ocsf = new OcsfDetectionFinding("Example Exchange", "test");

  @Test
  void everyCaseRevisionIsADetectionFindingWithTheRequiredAttributes() throws Exception {
    List<SecurityCase> revisions = threeRevisionsAndClose();
    List<JsonNode> findings = new ArrayList<>();
    for (SecurityCase c : revisions) {
      // Through the JSON text, as a consumer of vigil.findings reads it.
      findings.add(new ObjectMapper().readTree(OcsfDetectionFinding.json(ocsf.ofCase(c))));
    }
    for (JsonNode f : findings) {
      assertRequired(f);
      assertThat(f.get("finding_info").get("uid").asText()).isEqualTo(revisions.get(0).getCaseId());
    }
    assertThat(findings).extracting(f -> f.get("activity_id").asInt()).containsExactly(1, 2, 2, 3);
    assertThat(findings)
        .extracting(f -> f.get("type_uid").asInt())
        .containsExactly(200401, 200402, 200402, 200403);
  }

  @Test
  void aCaseFindingNamesTheAccountTheTimelineAndTheSeverity() {
    SecurityCase c = threeRevisionsAndClose().get(2);
    ObjectNode f = ocsf.ofCase(c);

    assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(f.get("category_uid").asInt()).isEqualTo(2);
    assertThat(f.get("severity_id").asInt()).isEqualTo(5); // a kill at p 0.97: Critical
    assertThat(f.get("severity").asText()).isEqualTo("Critical");
    assertThat(f.get("time").asLong()).isEqualTo(c.getUpdatedAt());
    assertThat(f.at("/metadata/version").asText()).isEqualTo("1.3.0");
    assertThat(f.at("/metadata/product/name").asText()).isEqualTo("Vigil");
    assertThat(f.at("/metadata/product/vendor_name").asText()).isEqualTo("Example Exchange");
    assertThat(f.at("/metadata/uid").asText()).isEqualTo(c.getCaseId() + ":r3");
    assertThat(f.at("/actor/user/uid").asText()).isEqualTo("acct-1");
    assertThat(f.at("/finding_info/first_seen_time").asLong()).isEqualTo(T0);
    assertThat(f.at("/finding_info/last_seen_time").asLong()).isEqualTo(T0 + 120_000);
    assertThat(f.at("/finding_info/types/0").asText()).isEqualTo("Account Takeover");
    assertThat(f.at("/finding_info/analytic/type_id").asInt()).isEqualTo(3);
    assertThat(f.at("/finding_info/related_events")).hasSize(3);
    assertThat(f.at("/evidences")).hasSize(3);
    assertThat(f.at("/evidences/2/data/action").asText()).isEqualTo("KILL");
    assertThat(f.at("/status_id").asInt()).isEqualTo(1);
    assertThat(f.at("/unmapped/vigil/actions/KILL").asLong()).isEqualTo(1);
  }

  @Test
  void aKillIsItsOwnFindingWithTheSourceAddress() {
    CaseSignal kill = signal("e3:active", T0, "acct-1", "s2", "KILL", 0.9, "203.0.113.7", null);
    ObjectNode f = ocsf.ofKill(kill, "case-abc");

    assertRequired(f);
    assertThat(f.get("activity_id").asInt()).isEqualTo(1);
    assertThat(f.get("type_uid").asInt()).isEqualTo(200401);
    assertThat(f.get("severity_id").asInt()).isEqualTo(4);
    assertThat(f.at("/finding_info/uid").asText()).isEqualTo("e3:active:kill");
    assertThat(f.at("/metadata/correlation_uid").asText()).isEqualTo("case-abc");
    assertThat(f.at("/evidences/0/src_endpoint/ip").asText()).isEqualTo("203.0.113.7");
    assertThat(f.at("/actor/session/uid").asText()).isEqualTo("s2");
  }

  @Test
  void severitiesMapToTheOcsfSeverityIds() {
    assertThat(OcsfDetectionFinding.severityId(CaseAssembler.severity("RISK", 0.6))).isEqualTo(2);
    assertThat(OcsfDetectionFinding.severityId(CaseAssembler.severity("STEP_UP", 0.6)))
        .isEqualTo(3);
    assertThat(OcsfDetectionFinding.severityId(CaseAssembler.severity("HOLD_WITHDRAWALS", 0.6)))
        .isEqualTo(4);
    assertThat(OcsfDetectionFinding.severityId(CaseAssembler.severity("KILL", 0.99))).isEqualTo(5);
  }

  private static void assertRequired(JsonNode f) {
    for (String a : REQUIRED_TOP) {
      assertThat(f.hasNonNull(a)).as("required attribute %s", a).isTrue();
    }
    for (String a : REQUIRED_METADATA) {
      assertThat(f.get("metadata").hasNonNull(a)).as("required metadata.%s", a).isTrue();
    }
    for (String a : REQUIRED_FINDING_INFO) {
      assertThat(f.get("finding_info").hasNonNull(a)).as("required finding_info.%s", a).isTrue();
    }
    assertThat(f.get("class_uid").asInt()).isEqualTo(2004);
    assertThat(f.get("type_uid").asInt())
        .isEqualTo(f.get("class_uid").asInt() * 100 + f.get("activity_id").asInt());
    assertThat(f.get("severity_id").asInt()).isBetween(0, 6);
    assertThat(f.get("time").isIntegralNumber()).isTrue();
  }

  private static List<SecurityCase> threeRevisionsAndClose() {
    CaseBook book = new CaseBook(CaseSettings.DEFAULTS.withQuiet(Duration.ofMinutes(10)));
    List<SecurityCase> out = new ArrayList<>();
    out.addAll(book.add(signal("e1", T0, "acct-1", "s1", "RISK", 0.6)));
    out.addAll(book.add(signal("e2", T0 + 60_000, "acct-1", "s1", "STEP_UP", 0.8)));
    out.addAll(book.add(signal("e3", T0 + 120_000, "acct-1", "s2", "KILL", 0.97)));
    out.addAll(book.closeAll());
    return out;
  }
}
