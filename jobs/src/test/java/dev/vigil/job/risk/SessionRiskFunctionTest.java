package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.engine.IssueClock;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.enforce.SecurityEventTokens;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.signing.PublisherKeys;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.co.CoBroadcastWithKeyedOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The session risk operator on Flink's test harness, with watermarks driven by hand. */
class SessionRiskFunctionTest {
  private static final long DAY = 86_400_000L;
  private static final String KEY_RING = "k1:" + "uEtawcObjRarT3N6HiC238Epapt5Odxw9irO8s9u++4=";

  static final String DEFAULT_VERSION = RiskModelLoader.defaults().modelVersion;

  @TempDir Path dir;
  private RiskSettings settings;

  @BeforeEach
  void keys() throws IOException {
    Path commandKeys = dir.resolve("command-keys");
    Files.writeString(commandKeys, KEY_RING);
    Path caepKey = dir.resolve("caep-key");
    Files.writeString(caepKey, Base64.getEncoder().encodeToString(new byte[32]));
    for (Path p : List.of(commandKeys, caepKey)) {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    }
    settings =
        RiskSettings.defaults()
            .withCommandKeyFile(commandKeys.toString())
            .withCaep("https://vigil.test", "https://idp.test", caepKey.toString())
            .withAuditMinProbabilityChange(0) // every change audited, so each event is visible
            .withUnsignedModels(); // signatures: SignedModelUpdatesTest
  }

  private KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>
      harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new SessionRiskFunction(settings, defaultModelJson()),
        RiskInput::accountId,
        Types.STRING,
        SessionRiskFunction.MODELS);
  }

  /** Thirty days of the owner's ordinary traffic from home, ten requests a day. */
  private static long trainOwner(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h)
      throws Exception {
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      for (int i = 0; i < 10; i++) {
        t = Events.T0 + d * DAY + 9 * 3_600_000L + i * 20_000L;
        process(
            h,
            Events.owner("owner-" + d, t)
                .setPath(i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders")
                .build());
      }
    }
    return t;
  }

  private static void process(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      AccessEvent e)
      throws Exception {
    h.processElement(RiskInput.ofEvent(e), e.getTimestamp());
  }

  @Test
  void anEd25519SigningKeyWinsOverTheHmacRingAndGatewaysVerifyWithThePublicKeyOnly()
      throws Exception {
    Path keys = dir.resolve("command-signing");
    PublisherKeys.generateInto(keys);
    settings =
        settings.withCommandSigningKeyFile(
            keys.resolve(PublisherKeys.PRIVATE_FILE).toString()); // the HMAC ring stays set
    try (var h = harness()) {
      long t = trainOwner(h) + DAY;
      process(h, Events.attacker("stolen", t).setPath("/api/v1/balance").build());
      process(
          h,
          Events.attacker("stolen", t + 5_000)
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .setWithdrawalAddress("bc1qattacker")
              .build());

      SessionCommand kill =
          h.extractOutputValues().stream()
              .filter(c -> c.getAction() == CommandAction.KILL)
              .findFirst()
              .orElseThrow();
      assertThat(kill.getSignature().getAlgorithm()).isEqualTo("Ed25519-v4");
      CommandVerifier gateway =
          new CommandVerifier(
              CommandKeyRing.parse(Files.readString(keys.resolve(PublisherKeys.PUBLIC_FILE))));
      assertThat(gateway.ring().verifyOnly()).isTrue();
      assertThat(gateway.verify(kill, kill.getIssuedAt())).isEqualTo(CommandVerifier.Verdict.VALID);
      assertThat(gateway.verify(kill, kill.getIssuedAt()))
          .isEqualTo(CommandVerifier.Verdict.REPLAYED);
      assertThat(CommandAuthenticator.parse(KEY_RING).verify(kill))
          .as("the HMAC ring signed nothing")
          .isFalse();
    }
  }

  @Test
  void killsAStolenSessionWithASignedCommandAnAuditRecordAndACaepToken() throws Exception {
    try (var h = harness()) {
      long t = trainOwner(h) + DAY;
      assertThat(h.extractOutputValues())
          .as("the owner is never stepped up or killed")
          .extracting(SessionCommand::getAction)
          .doesNotContain(CommandAction.STEP_UP, CommandAction.KILL);

      process(h, Events.attacker("stolen", t).setPath("/api/v1/balance").build());
      process(
          h,
          Events.attacker("stolen", t + 5_000)
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .setWithdrawalAddress("bc1qattacker")
              .build());

      List<SessionCommand> commands = h.extractOutputValues();
      SessionCommand kill =
          commands.stream()
              .filter(c -> c.getAction() == CommandAction.KILL)
              .findFirst()
              .orElseThrow();
      assertThat(kill.getSessionId()).isEqualTo("stolen");
      assertThat(kill.getCommandId()).isEqualTo("stolen-" + (t + 5_000) + ":kill");
      assertThat(kill.getExpiresAt()).isGreaterThan(kill.getIssuedAt());
      assertThat(kill.getReasons()).isNotEmpty();
      assertThat(CommandAuthenticator.parse(KEY_RING).verify(kill)).isTrue();

      List<RiskDecision> audit = values(h.getSideOutput(SessionRiskFunction.DECISIONS));
      RiskDecision last = audit.get(audit.size() - 1);
      assertThat(last.getCommandIds()).contains(kill.getCommandId());
      assertThat(last.getProbability()).isGreaterThan(last.getPreviousProbability());
      assertThat(last.getShadow()).isFalse();
      assertThat(last.getModelVersion()).isEqualTo(DEFAULT_VERSION);

      assertThat(values(h.getSideOutput(SessionRiskFunction.CAEP)))
          .extracting(t2 -> decodePayload(t2.f1))
          .anyMatch(json -> json.contains(SecurityEventTokens.SESSION_REVOKED));
    }
  }

  @Test
  void aKillDecidedWhileReplayingADayOldBacklogIsValidForTheGatewayWhenIssued() throws Exception {
    long attack = Events.T0 + 31 * DAY;
    long replayedAt = attack + DAY; // the job catches up a day after the attack happened
    settings = settings.withCommandClock(IssueClock.fixed(replayedAt));
    try (var h = harness()) {
      trainOwner(h);
      process(h, Events.attacker("stolen", attack).setPath("/api/v1/balance").build());
      process(
          h,
          Events.attacker("stolen", attack + 5_000)
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .setWithdrawalAddress("bc1qattacker")
              .build());

      List<SessionCommand> stolen =
          h.extractOutputValues().stream().filter(c -> c.getSessionId().equals("stolen")).toList();
      SessionCommand kill =
          stolen.stream()
              .filter(c -> c.getAction() == CommandAction.KILL)
              .findFirst()
              .orElseThrow();
      assertThat(kill.getIssuedAt()).isEqualTo(replayedAt);
      assertThat(kill.getEventTime()).isEqualTo(attack + 5_000);
      assertThat(kill.getLateBySeconds()).isEqualTo(86_395);
      assertThat(kill.getExpiresAt()).as("one TTL from issue").isEqualTo(replayedAt + 300_000);
      assertThat(stolen).extracting(SessionCommand::getSequence).doesNotHaveDuplicates();
      CommandVerifier gateway = new CommandVerifier(CommandAuthenticator.parse(KEY_RING).ring());
      assertThat(gateway.verify(kill, replayedAt + 1_000)).isEqualTo(CommandVerifier.Verdict.VALID);
    }
  }

  @Test
  void aKilledSessionStillInUseGetsTheKillAgainOncePerCommandLifetime() throws Exception {
    try (var h = harness()) {
      long t = trainOwner(h) + DAY;
      process(h, Events.attacker("stolen", t).setPath("/api/v1/balance").build());
      process(
          h,
          Events.attacker("stolen", t + 5_000)
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .setWithdrawalAddress("bc1q")
              .build());
      int before = kills(h);

      process(h, Events.attacker("stolen", t + 10_000).build()); // within the command's life
      process(h, Events.attacker("stolen", t + 400_000).build()); // after it expired

      assertThat(kills(h)).isEqualTo(before + 1);
    }
  }

  @Test
  void anInvalidModelIsReportedOnceAndTheRunningModelStays() throws Exception {
    try (var h = harness()) {
      byte[] broken =
          "{\"formatVersion\": 1, \"modelVersion\": \"broken\"}".getBytes(StandardCharsets.UTF_8);
      h.processBroadcastElement(ModelUpdate.of(ModelSlot.ACTIVE, broken), 0);
      process(h, Events.owner("s1", Events.T0).build());

      List<DeadLetter> rejected = values(h.getSideOutput(SessionRiskFunction.REJECTED_MODELS));
      assertThat(rejected).hasSize(1);
      assertThat(rejected.get(0).getReason()).isEqualTo(DeadLetterReason.INVALID_MODEL);
      assertThat(rejected.get(0).getMessage()).isNotBlank();
      List<RiskDecision> audit = values(h.getSideOutput(SessionRiskFunction.DECISIONS));
      assertThat(sessionDecisions(audit))
          .extracting(RiskDecision::getModelVersion)
          .containsOnly(DEFAULT_VERSION);
      assertThat(modelChanges(audit))
          .singleElement()
          .satisfies(
              d ->
                  assertThat(d.getPolicyNotes().get(0).getValues())
                      .containsEntry("result", "INVALID_MODEL"));
    }
  }

  @Test
  void aPublishedModelTakesEffectFromTheNextEvent() throws Exception {
    try (var h = harness()) {
      process(h, Events.owner("s1", Events.T0).build());
      h.processBroadcastElement(ModelUpdate.of(ModelSlot.ACTIVE, modelJson("candidate-2", 0.5)), 1);
      process(h, Events.attacker("s1", Events.T0 + 1_000).build());

      List<RiskDecision> audit = values(h.getSideOutput(SessionRiskFunction.DECISIONS));
      assertThat(sessionDecisions(audit))
          .extracting(RiskDecision::getModelVersion)
          .containsExactly(DEFAULT_VERSION, "candidate-2");
      assertThat(modelChanges(audit))
          .extracting(RiskDecision::getSessionId, RiskDecision::getModelVersion)
          .containsExactly(org.assertj.core.groups.Tuple.tuple("model:active", "candidate-2"));
    }
  }

  @Test
  void aShadowModelsDecisionsGoToTheAuditTrailOnly() throws Exception {
    try (var h = harness()) {
      long t = trainOwner(h) + DAY;
      // A challenger that steps up far earlier than the champion.
      h.processBroadcastElement(ModelUpdate.of(ModelSlot.SHADOW, modelJson("challenger", 0.02)), t);
      int commandsBefore = h.extractOutputValues().size();

      process(h, Events.attacker("maybe", t).setPath("/api/v1/balance").build());

      List<RiskDecision> shadow =
          values(h.getSideOutput(SessionRiskFunction.DECISIONS)).stream()
              .filter(RiskDecision::getShadow)
              .toList();
      assertThat(shadow).isNotEmpty();
      assertThat(shadow).allMatch(d -> d.getModelVersion().equals("challenger"));
      assertThat(h.extractOutputValues())
          .as("commands come from the active model only")
          .allMatch(c -> c.getModelVersion().equals(DEFAULT_VERSION));
      assertThat(h.extractOutputValues().size() - commandsBefore)
          .isLessThanOrEqualTo(shadow.size());
    }
  }

  @Test
  void idleSessionsExpireWithTheirTimersAndTheProfileStays() throws Exception {
    try (var h = harness()) {
      process(h, Events.owner("s1", Events.T0).build());
      process(h, Events.owner("s2", Events.T0 + 60_000).build());
      assertThat(h.numEventTimeTimers()).isPositive();

      // In the job the model input is idle; here its watermark is moved by hand too.
      h.processBroadcastWatermark(Events.T0 + 3 * 3_600_000L);
      h.processWatermark(Events.T0 + 3 * 3_600_000L);

      assertThat(h.numEventTimeTimers()).isZero();
      assertThat(keysWithState(h, "sessions")).as("sessions gone").isZero();
      assertThat(keysWithState(h, "account-profile")).as("the profile stays").isEqualTo(1);
    }
  }

  private static long keysWithState(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h,
      String state) {
    try (var keys =
        h.getOperator()
            .<String>getKeyedStateBackend()
            .getKeys(state, org.apache.flink.runtime.state.VoidNamespace.INSTANCE)) {
      return keys.count();
    }
  }

  private static int kills(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h) {
    return (int)
        h.extractOutputValues().stream().filter(c -> c.getAction() == CommandAction.KILL).count();
  }

  /** The audit records of access events, without those of model changes. */
  static List<RiskDecision> sessionDecisions(List<RiskDecision> audit) {
    return audit.stream().filter(d -> !d.getSessionId().startsWith("model:")).toList();
  }

  /** The audit records of model changes (session id {@code model:<slot>}). */
  static List<RiskDecision> modelChanges(List<RiskDecision> audit) {
    return audit.stream().filter(d -> d.getSessionId().startsWith("model:")).toList();
  }

  static <T> List<T> values(java.util.Queue<StreamRecord<T>> records) {
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }

  private static String decodePayload(String jws) {
    return new String(Base64.getUrlDecoder().decode(jws.split("\\.")[1]), StandardCharsets.UTF_8);
  }

  static byte[] defaultModelJson() throws IOException {
    try (InputStream in =
        RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
      return in.readAllBytes();
    }
  }

  /** The default model under another version, with another step-up threshold. */
  static byte[] modelJson(String version, double stepUpEnter) throws IOException {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var root = (com.fasterxml.jackson.databind.node.ObjectNode) mapper.readTree(defaultModelJson());
    root.put("modelVersion", version);
    var policy = (com.fasterxml.jackson.databind.node.ObjectNode) root.get("policy");
    policy.put("stepUpEnter", stepUpEnter);
    policy.put("stepUpExit", stepUpEnter / 4);
    byte[] json = mapper.writeValueAsBytes(root);
    RiskModelLoader.parse(json); // the test's own input must be valid
    return json;
  }

  @SuppressWarnings("unused")
  private static final Class<?> OPERATOR = CoBroadcastWithKeyedOperator.class;
}
