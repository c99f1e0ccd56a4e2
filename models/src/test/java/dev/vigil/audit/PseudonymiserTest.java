package dev.vigil.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.Events;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.PlainJson;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Keyed pseudonyms of the identifiers in audit records (issue 14). */
class PseudonymiserTest {
  static final byte[] KEY = key('k');
  static final byte[] OTHER_KEY = key('o');

  static byte[] key(char c) {
    byte[] k = new byte[32];
    Arrays.fill(k, (byte) c);
    return k;
  }

  /** A withdrawal from the attacker's VPS, with every identifier an access event can carry. */
  static AccessEvent event() {
    return Events.attacker("s7f3a9c0d2e4b6a81", Events.T0)
        .setEventId("gw-7781-s7f3a9c0d2e4b6a81")
        .setAccountId("u0004211")
        .setSourceIp("45.77.200.9")
        .setUserAgent("python-requests/2.31")
        .setApiKeyId("ak_3b7817fb233d")
        .setWithdrawalAddress("bc1qxy2kgdygjrsqtzq2n0yrf2493p83kkfjhx0wlh")
        .build();
  }

  /**
   * The record as the job builds it for that event: ids from the event, evidence from the engine's
   * templates, and a reason quoting every identifier in its text and values, as a future evidence
   * code might.
   */
  static RiskDecision decision(AccessEvent e) {
    Map<String, String> quoted = new LinkedHashMap<>();
    quoted.put("source_ip", e.getSourceIp());
    quoted.put("prefix", "45.77.200");
    quoted.put("user_agent", e.getUserAgent());
    quoted.put("api_key_id", e.getApiKeyId());
    quoted.put("withdrawal_address", e.getWithdrawalAddress());
    quoted.put("asn", "20473");
    Reason quoting =
        Reason.newBuilder()
            .setCode("quoting")
            .setText(
                "from "
                    + e.getSourceIp()
                    + " in 45.77.200.0/24 ("
                    + e.getUserAgent()
                    + ", key "
                    + e.getApiKeyId()
                    + ") account "
                    + e.getAccountId()
                    + " session "
                    + e.getSessionId()
                    + " to "
                    + e.getWithdrawalAddress())
            .setValues(quoted)
            .build();
    return RiskDecision.newBuilder()
        .setDecisionId(e.getEventId() + ":active")
        .setSessionId(e.getSessionId())
        .setAccountId(e.getAccountId())
        .setEventId(e.getEventId())
        .setEventTime(e.getTimestamp())
        .setDecidedAt(e.getTimestamp())
        .setPreviousProbability(0.01)
        .setProbability(0.97)
        .setEvidence(
            List.of(
                CommandFactory.reason(EvidenceCode.NEW_NETWORK, 2.1, 20473, ('S' << 8) | 'G', 0),
                CommandFactory.reason(EvidenceCode.IMPOSSIBLE_TRAVEL, 3.0, 10_700, 600, 64_200),
                CommandFactory.reason(EvidenceCode.CLIENT_LINEAGE, 1.2, 3, 2.031, 128.0),
                quoting))
        .setCommandIds(List.of(e.getEventId() + ":kill"))
        .setModelVersion("vigil-default-6")
        .setPolicyNotes(List.of())
        .build();
  }

  @Test
  void theSameValueUnderTheSameKeyGivesTheSamePseudonymAndAnotherKeyAnother() {
    Pseudonymiser a = new Pseudonymiser(KEY);
    String p = a.pseudonym("45.77.200.9");
    assertThat(p).startsWith("p:").hasSize(2 + 24).matches("p:[0-9a-f]{24}");
    assertThat(new Pseudonymiser(KEY.clone()).pseudonym("45.77.200.9")).isEqualTo(p);
    assertThat(a.pseudonym("45.77.200.9")).isEqualTo(p);
    assertThat(a.pseudonym("45.77.200.10")).isNotEqualTo(p);
    assertThat(new Pseudonymiser(OTHER_KEY).pseudonym("45.77.200.9")).isNotEqualTo(p);
  }

  @Test
  void noIdentifierOfTheEventIsLeftInAnyFieldAndNetworksAndCountriesStay() {
    AccessEvent e = event();
    RiskDecision d = new Pseudonymiser(KEY).apply(decision(e), e);
    String json = PlainJson.toJson(d);
    System.out.println(json);
    for (String raw :
        List.of(
            e.getAccountId(),
            e.getSessionId(),
            e.getSourceIp(),
            "45.77.200",
            e.getUserAgent(),
            "python-requests",
            e.getApiKeyId(),
            e.getWithdrawalAddress())) {
      assertThat(json).as(raw).doesNotContain(raw);
    }
    assertThat(d.getEvidence().get(0).getValues())
        .containsEntry("asn", "20473")
        .containsEntry("country", "SG");
    assertThat(d.getEvidence().get(0).getText()).contains("AS 20473, SG");
    assertThat(d.getEvidence().get(1).getValues()).containsEntry("km", "10700");
    assertThat(d.getEvidence().get(3).getValues()).containsEntry("asn", "20473");
  }

  @Test
  void anIdentifierGetsOneAndTheSamePseudonymInEveryFieldSoRecordsStillJoin() {
    AccessEvent e = event();
    Pseudonymiser p = new Pseudonymiser(KEY);
    RiskDecision d = p.apply(decision(e), e);
    String session = p.pseudonym(e.getSessionId());
    String ip = p.pseudonym(e.getSourceIp());
    assertThat(d.getSessionId()).isEqualTo(session);
    assertThat(d.getAccountId()).isEqualTo(p.pseudonym(e.getAccountId()));
    assertThat(d.getEventId()).isEqualTo("gw-7781-" + session);
    assertThat(d.getDecisionId()).isEqualTo("gw-7781-" + session + ":active");
    assertThat(d.getCommandIds()).containsExactly("gw-7781-" + session + ":kill");
    Reason quoting = d.getEvidence().get(3);
    assertThat(quoting.getValues()).containsEntry("source_ip", ip);
    assertThat(quoting.getValues()).containsEntry("prefix", p.pseudonym("45.77.200"));
    assertThat(quoting.getText())
        .startsWith("from " + ip + " in " + p.pseudonym("45.77.200") + ".0/24 (")
        .contains("session " + session);
    // A second record of the same session, from another event, joins on the same pseudonym.
    AccessEvent next = AccessEvent.newBuilder(e).setEventId("gw-7782").build();
    assertThat(p.apply(decision(next), next).getSessionId()).isEqualTo(session);
  }

  @Test
  void theAuditChainOfPseudonymisedRecordsVerifies() {
    Pseudonymiser p = new Pseudonymiser(KEY);
    AuditChain chain = new AuditChain();
    AuditVerifier verifier = new AuditVerifier(true);
    String previous = AuditChain.GENESIS;
    for (int i = 0; i < 5; i++) {
      AccessEvent e = AccessEvent.newBuilder(event()).setEventId("gw-" + i).build();
      RiskDecision d = p.apply(decision(e), e);
      previous = chain.link(d, 0, i, previous);
      verifier.accept(0, i, PlainJson.fromJson(PlainJson.toJson(d), RiskDecision.class));
    }
    AuditVerifier.Result result = verifier.finish();
    assertThat(result.records()).isEqualTo(5);
    assertThat(result.intact()).isTrue();
  }

  @Test
  void aShortIdentifierIsReplacedWhereItFillsAFieldButNotInsideOtherWords() {
    AccessEvent e = AccessEvent.newBuilder(event()).setAccountId("42").build();
    RiskDecision d = decision(e);
    d.setEvidence(List.of(CommandFactory.reason(EvidenceCode.FAILURE_BURST, 1, 42, 42, 5)));
    Pseudonymiser p = new Pseudonymiser(KEY);
    p.apply(d, e);
    assertThat(d.getAccountId()).isEqualTo(p.pseudonym("42"));
    assertThat(d.getEvidence().get(0).getText()).contains("42 recent failures");
  }

  @Test
  void aKeyShorterThan32BytesOrNotBase64IsRefusedWithoutQuotingIt() {
    assertThatThrownBy(() -> new Pseudonymiser(new byte[31]))
        .hasMessageContaining("at least 32 bytes");
    String secret = "not base64 but a secret!";
    assertThatThrownBy(() -> Pseudonymiser.fromBase64(secret))
        .hasMessageNotContaining(secret)
        .hasMessageContaining("not base64");
    String shortKey =
        java.util.Base64.getEncoder().encodeToString("short".getBytes(StandardCharsets.UTF_8));
    assertThatThrownBy(() -> Pseudonymiser.fromBase64(shortKey))
        .hasMessageNotContaining(shortKey)
        .hasMessageContaining("at least 32 bytes");
  }
}
