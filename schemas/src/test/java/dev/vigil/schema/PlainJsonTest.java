package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Builders;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

class PlainJsonTest {

  @Property(tries = 200)
  void sessionCommandSurvivesRoundTrip(@ForAll("commands") SessionCommand c) {
    assertRoundTrips(c, SessionCommand.class);
  }

  @Property(tries = 200)
  void riskDecisionSurvivesRoundTrip(@ForAll("decisions") RiskDecision d) {
    assertRoundTrips(d, RiskDecision.class);
  }

  @Property(tries = 200)
  void deadLetterSurvivesRoundTrip(@ForAll("deadLetters") DeadLetter d) {
    assertRoundTrips(d, DeadLetter.class);
  }

  @Property(tries = 200)
  void accessEventSurvivesRoundTrip(@ForAll("events") AccessEvent e) {
    assertRoundTrips(e, AccessEvent.class);
  }

  @Test
  void rendersUnionsEnumsTimestampsAndBytesPlainly() throws Exception {
    SessionCommand c =
        SessionCommand.newBuilder()
            .setCommandId("c1")
            .setSessionId("s1")
            .setAccountId("a1")
            .setAction(CommandAction.SET_TIMEOUT)
            .setParameters(CommandParameters.newBuilder().setIdleTimeoutSeconds(600L).build())
            .setIssuedAt(1_800_000_000_123L)
            .setExpiresAt(1_800_000_060_123L)
            .setProbability(0.25)
            .setReasons(List.of(new Reason("new_network", 1.5, "new ASN", Map.of("asn", "64500"))))
            .setModelVersion("m1")
            .setTriggerEventId("e-1")
            .setSignature(
                new CommandSignature("k1", "HmacSHA256", ByteBuffer.wrap(new byte[] {1, 2, 3})))
            .build();
    JsonNode n = new ObjectMapper().readTree(PlainJson.toJson(c));
    assertThat(n.get("action").asText()).isEqualTo("SET_TIMEOUT");
    assertThat(n.get("issuedAt").longValue()).isEqualTo(1_800_000_000_123L);
    assertThat(n.get("parameters").get("idleTimeoutSeconds").longValue()).isEqualTo(600L);
    assertThat(n.get("parameters").get("burst").isNull()).isTrue();
    assertThat(n.get("reasons").get(0).get("values").get("asn").asText()).isEqualTo("64500");
    assertThat(n.get("signature").get("value").asText()).isEqualTo("AQID");
  }

  @Test
  void namesTheMissingField() {
    assertThatThrownBy(() -> PlainJson.fromJson("{\"decisionId\":\"d\"}", RiskDecision.class))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("RiskDecision.sessionId");
  }

  @Test
  void namesTheMistypedField() {
    String json =
        PlainJson.toJson(decision("d", 0.5))
            .replace("\"probability\":0.5", "\"probability\":\"x\"");
    assertThatThrownBy(() -> PlainJson.fromJson(json, RiskDecision.class))
        .hasMessageContaining("RiskDecision.probability")
        .hasMessageContaining("number");
  }

  @Test
  void fillsAbsentFieldsFromDefaultsAndIgnoresUnknownOnes() {
    String json =
        "{\"decisionId\":\"d\",\"sessionId\":\"s\",\"accountId\":\"a\",\"eventId\":\"e\","
            + "\"eventTime\":5,\"decidedAt\":6,\"previousProbability\":0.1,\"probability\":0.2,"
            + "\"modelVersion\":\"m\",\"futureField\":[1,2]}";
    RiskDecision d = PlainJson.fromJson(json, RiskDecision.class);
    assertThat(d.getShadow()).isFalse();
    assertThat(d.getEvidence()).isEmpty();
    assertThat(d.getEventTime()).isEqualTo(5L);
  }

  @Test
  void rejectsUnknownEnumSymbolWithoutDefaultAndMapsOthersToDefault() {
    DeadLetter d = deadLetter();
    String unknownReason = PlainJson.toJson(d).replace("\"OVERSIZED\"", "\"NEW_REASON\"");
    assertThat(PlainJson.fromJson(unknownReason, DeadLetter.class).getReason())
        .isEqualTo(DeadLetterReason.OTHER);
  }

  /** Field-by-field, so that NaN equals NaN (Avro's record equality says it does not). */
  private static <T extends org.apache.avro.specific.SpecificRecord> void assertRoundTrips(
      T record, Class<T> type) {
    String json = PlainJson.toJson(record);
    T back = PlainJson.fromJson(json, type);
    assertThat(back)
        .usingRecursiveComparison()
        .withEqualsForType(Double::equals, Double.class)
        .isEqualTo(record);
    assertThat(PlainJson.toJson(back)).isEqualTo(json);
  }

  private static RiskDecision decision(String id, double p) {
    return RiskDecision.newBuilder()
        .setDecisionId(id)
        .setSessionId("s")
        .setAccountId("a")
        .setEventId("e")
        .setEventTime(1L)
        .setDecidedAt(2L)
        .setPreviousProbability(0.0)
        .setProbability(p)
        .setModelVersion("m")
        .build();
  }

  private static DeadLetter deadLetter() {
    return DeadLetter.newBuilder()
        .setRaw(ByteBuffer.wrap(new byte[] {0, (byte) 255}))
        .setReason(DeadLetterReason.OVERSIZED)
        .setMessage("too big")
        .setTime(3L)
        .build();
  }

  // ---- arbitraries ----

  private static Arbitrary<String> text() {
    return Arbitraries.strings().all().ofMaxLength(12);
  }

  private static Arbitrary<Long> millis() {
    return Arbitraries.longs().between(0, 4_102_444_800_000L);
  }

  private static Arbitrary<Double> doubles() {
    return Arbitraries.oneOf(
        Arbitraries.doubles(),
        Arbitraries.of(Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY, -0.0));
  }

  private static Arbitrary<Reason> reasons() {
    return Combinators.combine(
            text(), doubles(), text(), Arbitraries.maps(text(), text()).ofMaxSize(3))
        .as(Reason::new);
  }

  private static <T> Arbitrary<T> nullable(Arbitrary<T> a) {
    return a.injectNull(0.3);
  }

  @Provide
  Arbitrary<SessionCommand> commands() {
    Arbitrary<CommandParameters> params =
        Combinators.combine(
                nullable(Arbitraries.longs()),
                nullable(Arbitraries.longs()),
                nullable(doubles()),
                nullable(Arbitraries.integers()),
                nullable(Arbitraries.longs()),
                nullable(Arbitraries.of(HoldScope.class)),
                nullable(text().list().ofMaxSize(3)),
                nullable(Arbitraries.longs()))
            .as(
                (a, i, r, b, h, sc, f, st) ->
                    new CommandParameters(a, i, r, b, h, sc, f, st, null));
    params =
        Combinators.combine(params, nullable(text()))
            .as(
                (p, key) -> {
                  p.setApiKeyId(key);
                  return p;
                });
    Arbitrary<CommandSignature> sig =
        nullable(
            Combinators.combine(text(), text(), Arbitraries.bytes().array(byte[].class))
                .as((k, a, v) -> new CommandSignature(k, a, ByteBuffer.wrap(v))));
    return Builders.withBuilder(SessionCommand::newBuilder)
        .use(text())
        .in(SessionCommand.Builder::setCommandId)
        .use(text())
        .in(SessionCommand.Builder::setSessionId)
        .use(text())
        .in(SessionCommand.Builder::setAccountId)
        .use(Arbitraries.of(CommandAction.class))
        .in(SessionCommand.Builder::setAction)
        .use(params)
        .in(SessionCommand.Builder::setParameters)
        .use(millis())
        .in(SessionCommand.Builder::setIssuedAt)
        .use(millis())
        .in(SessionCommand.Builder::setExpiresAt)
        .use(doubles())
        .in(SessionCommand.Builder::setProbability)
        .use(reasons().list().ofMaxSize(3))
        .in(SessionCommand.Builder::setReasons)
        .use(text())
        .in(SessionCommand.Builder::setModelVersion)
        .use(text())
        .in(SessionCommand.Builder::setTriggerEventId)
        .use(sig)
        .in(SessionCommand.Builder::setSignature)
        .use(nullable(millis()))
        .in(SessionCommand.Builder::setEventTime)
        .use(Arbitraries.longs())
        .in(SessionCommand.Builder::setLateBySeconds)
        .use(Arbitraries.longs())
        .in(SessionCommand.Builder::setSequence)
        .use(Arbitraries.of(CommandTarget.class))
        .in(SessionCommand.Builder::setTarget)
        .build(SessionCommand.Builder::build);
  }

  @Provide
  Arbitrary<RiskDecision> decisions() {
    return Builders.withBuilder(RiskDecision::newBuilder)
        .use(text())
        .in(RiskDecision.Builder::setDecisionId)
        .use(text())
        .in(RiskDecision.Builder::setSessionId)
        .use(text())
        .in(RiskDecision.Builder::setAccountId)
        .use(text())
        .in(RiskDecision.Builder::setEventId)
        .use(millis())
        .in(RiskDecision.Builder::setEventTime)
        .use(millis())
        .in(RiskDecision.Builder::setDecidedAt)
        .use(doubles())
        .in(RiskDecision.Builder::setPreviousProbability)
        .use(doubles())
        .in(RiskDecision.Builder::setProbability)
        .use(reasons().list().ofMaxSize(3))
        .in(RiskDecision.Builder::setEvidence)
        .use(text().list().ofMaxSize(3))
        .in(RiskDecision.Builder::setCommandIds)
        .use(text())
        .in(RiskDecision.Builder::setModelVersion)
        .use(Arbitraries.of(true, false))
        .in(RiskDecision.Builder::setShadow)
        .use(Arbitraries.of(true, false))
        .in(RiskDecision.Builder::setLate)
        .build(RiskDecision.Builder::build);
  }

  @Provide
  Arbitrary<DeadLetter> deadLetters() {
    return Builders.withBuilder(DeadLetter::newBuilder)
        .use(Arbitraries.bytes().array(byte[].class).map(ByteBuffer::wrap))
        .in(DeadLetter.Builder::setRaw)
        .use(nullable(text()))
        .in(DeadLetter.Builder::setSourceTopic)
        .use(nullable(Arbitraries.integers()))
        .in(DeadLetter.Builder::setSourcePartition)
        .use(nullable(Arbitraries.longs()))
        .in(DeadLetter.Builder::setSourceOffset)
        .use(Arbitraries.of(DeadLetterReason.class))
        .in(DeadLetter.Builder::setReason)
        .use(nullable(text()))
        .in(DeadLetter.Builder::setField)
        .use(text())
        .in(DeadLetter.Builder::setMessage)
        .use(millis())
        .in(DeadLetter.Builder::setTime)
        .build(DeadLetter.Builder::build);
  }

  @Provide
  Arbitrary<AccessEvent> events() {
    return Builders.withBuilder(AccessEvent::newBuilder)
        .use(text())
        .in(AccessEvent.Builder::setEventId)
        .use(millis())
        .in(AccessEvent.Builder::setTimestamp)
        .use(millis())
        .in(AccessEvent.Builder::setIngestedAt)
        .use(text())
        .in(AccessEvent.Builder::setSessionId)
        .use(text())
        .in(AccessEvent.Builder::setAccountId)
        .use(text())
        .in(AccessEvent.Builder::setSourceIp)
        .use(text())
        .in(AccessEvent.Builder::setMethod)
        .use(text())
        .in(AccessEvent.Builder::setPath)
        .use(Arbitraries.integers().between(100, 599))
        .in(AccessEvent.Builder::setStatus)
        .use(nullable(Arbitraries.of(Outcome.class)))
        .in(AccessEvent.Builder::setOutcome)
        .use(nullable(Arbitraries.longs()))
        .in(AccessEvent.Builder::setDurationNanos)
        .use(nullable(text()))
        .in(AccessEvent.Builder::setUserAgent)
        .use(nullable(Arbitraries.longs()))
        .in(AccessEvent.Builder::setAsNumber)
        .use(nullable(text()))
        .in(AccessEvent.Builder::setAsOrganization)
        .use(nullable(text()))
        .in(AccessEvent.Builder::setCountry)
        .use(nullable(doubles()))
        .in(AccessEvent.Builder::setLatitude)
        .use(nullable(doubles()))
        .in(AccessEvent.Builder::setLongitude)
        .use(nullable(text()))
        .in(AccessEvent.Builder::setApiKeyId)
        .use(nullable(Arbitraries.of(AuthMethod.class)))
        .in(AccessEvent.Builder::setAuthMethod)
        .use(nullable(Arbitraries.of(true, false)))
        .in(AccessEvent.Builder::setMfa)
        .use(nullable(text()))
        .in(AccessEvent.Builder::setNonce)
        .use(nullable(millis()))
        .in(AccessEvent.Builder::setClientTimestamp)
        .use(nullable(text()))
        .in(AccessEvent.Builder::setInstrument)
        .use(nullable(Arbitraries.of(OrderSide.class)))
        .in(AccessEvent.Builder::setSide)
        .use(nullable(doubles()))
        .in(AccessEvent.Builder::setNotionalUsd)
        .use(nullable(text()))
        .in(AccessEvent.Builder::setWithdrawalAddress)
        .build(AccessEvent.Builder::build);
  }
}
