package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import dev.vigil.signing.ModelSignature;
import dev.vigil.signing.PublisherKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator applies only models signed by a trusted key; every refusal keeps the running model
 * and is both dead-lettered and audited.
 */
class SignedModelUpdatesTest {
  private static final long AT = 1_790_000_000_000L;

  @TempDir Path dir;
  private RiskSettings settings;
  private PrivateKey publisher;
  private String keyId;

  @BeforeEach
  void keys() throws Exception {
    Path commandKeys = dir.resolve("command-keys");
    Files.writeString(commandKeys, "k1:" + "uEtawcObjRarT3N6HiC238Epapt5Odxw9irO8s9u++4=");
    Files.setPosixFilePermissions(commandKeys, PosixFilePermissions.fromString("rw-------"));
    var pub = PublisherKeys.generateInto(dir);
    publisher = PublisherKeys.readPrivate(dir.resolve(PublisherKeys.PRIVATE_FILE));
    keyId = PublisherKeys.keyId(pub);
    settings =
        RiskSettings.defaults()
            .withCommandKeyFile(commandKeys.toString())
            .withTrustedModelKeys(dir.resolve(PublisherKeys.PUBLIC_FILE).toString())
            .withAuditMinProbabilityChange(0);
  }

  private KeyedBroadcastOperatorTestHarness<String, ?, ModelUpdate, SessionCommand> harness()
      throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new SessionRiskFunction(settings, SessionRiskFunctionTest.defaultModelJson()),
        RiskInput::accountId,
        Types.STRING,
        SessionRiskFunction.MODELS);
  }

  /** Signs an update as {@code vigil publish-model --signing-key} does. */
  static ModelUpdate signed(ModelUpdate u, PrivateKey key, String keyId, long at) {
    u.signature =
        Base64.getEncoder().encodeToString(ModelSignature.sign(key, u.rawKey, at, u.json));
    u.keyId = keyId;
    u.signedAt = Long.toString(at);
    return u;
  }

  @Test
  void anUnsignedModelIsRefusedTheRunningModelStaysAndTheRefusalIsAudited() throws Exception {
    try (var h = harness()) {
      var hh = typed(h);
      hh.processBroadcastElement(
          ModelUpdate.of(ModelSlot.ACTIVE, SessionRiskFunctionTest.modelJson("all-off", 0.51)), 0);
      hh.processElement(RiskInput.ofEvent(Events.owner("s1", Events.T0).build()), Events.T0);

      List<DeadLetter> rejected =
          SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.REJECTED_MODELS));
      assertThat(rejected)
          .singleElement()
          .satisfies(d -> assertThat(d.getReason()).isEqualTo(DeadLetterReason.MODEL_UNSIGNED));
      List<RiskDecision> audit =
          SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.DECISIONS));
      assertThat(SessionRiskFunctionTest.sessionDecisions(audit))
          .extracting(RiskDecision::getModelVersion)
          .containsOnly(SessionRiskFunctionTest.DEFAULT_VERSION);
      RiskDecision change = SessionRiskFunctionTest.modelChanges(audit).get(0);
      assertThat(change.getSessionId()).isEqualTo("model:active");
      assertThat(change.getModelVersion()).isEqualTo("all-off");
      Reason note = change.getPolicyNotes().get(0);
      assertThat(note.getCode()).isEqualTo("model_refused");
      assertThat(note.getValues()).containsEntry("result", "UNSIGNED");
    }
  }

  @Test
  void aSignedModelIsAppliedAndAuditedWithItsKeyId() throws Exception {
    try (var h = harness()) {
      var hh = typed(h);
      ModelUpdate u =
          ModelUpdate.of(ModelSlot.ACTIVE, SessionRiskFunctionTest.modelJson("candidate-2", 0.5));
      hh.processBroadcastElement(signed(u, publisher, keyId, AT), 0);
      hh.processElement(RiskInput.ofEvent(Events.owner("s1", Events.T0).build()), Events.T0);

      assertThat(h.getSideOutput(SessionRiskFunction.REJECTED_MODELS)).isNullOrEmpty();
      List<RiskDecision> audit =
          SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.DECISIONS));
      assertThat(SessionRiskFunctionTest.sessionDecisions(audit))
          .extracting(RiskDecision::getModelVersion)
          .containsOnly("candidate-2");
      RiskDecision change = SessionRiskFunctionTest.modelChanges(audit).get(0);
      assertThat(change.getEventTime()).isEqualTo(AT);
      assertThat(change.getPolicyNotes().get(0).getCode()).isEqualTo("model_accepted");
      assertThat(change.getPolicyNotes().get(0).getValues())
          .containsEntry("result", "SIGNED")
          .containsEntry("keyId", keyId)
          .containsEntry("signedAt", Long.toString(AT));
    }
  }

  @Test
  void tamperedUntrustedAndReplayedToAnotherSlotAreRefused() throws Exception {
    try (var h = harness()) {
      var hh = typed(h);
      byte[] json = SessionRiskFunctionTest.modelJson("candidate-2", 0.5);
      ModelUpdate tampered = signed(ModelUpdate.of(ModelSlot.ACTIVE, json), publisher, keyId, AT);
      tampered.json = SessionRiskFunctionTest.modelJson("all-off", 0.51);
      hh.processBroadcastElement(tampered, 0);

      KeyPair attacker = PublisherKeys.generate();
      hh.processBroadcastElement(
          signed(
              ModelUpdate.of(ModelSlot.ACTIVE, json),
              attacker.getPrivate(),
              PublisherKeys.keyId(attacker.getPublic()),
              AT),
          0);

      // A signed shadow model moved to the active slot.
      ModelUpdate moved = signed(ModelUpdate.of(ModelSlot.SHADOW, json), publisher, keyId, AT);
      moved.slot = ModelSlot.ACTIVE;
      moved.rawKey = ModelSlot.ACTIVE.key();
      hh.processBroadcastElement(moved, 0);

      // The kill-rate breaker's clear must be signed too.
      ModelUpdate clear = new ModelUpdate();
      clear.rawKey = SessionRiskFunction.CLEAR_KILL_BREAKER_KEY;
      clear.json = "now".getBytes();
      hh.processBroadcastElement(clear, 0);

      hh.processElement(RiskInput.ofEvent(Events.owner("s1", Events.T0).build()), Events.T0);
      assertThat(
              SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.REJECTED_MODELS)))
          .extracting(DeadLetter::getReason)
          .containsExactly(
              DeadLetterReason.MODEL_BAD_SIGNATURE,
              DeadLetterReason.MODEL_UNTRUSTED_KEY,
              DeadLetterReason.MODEL_BAD_SIGNATURE,
              DeadLetterReason.MODEL_UNSIGNED);
      List<RiskDecision> audit =
          SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.DECISIONS));
      assertThat(SessionRiskFunctionTest.modelChanges(audit))
          .hasSize(4)
          .allSatisfy(
              d -> assertThat(d.getPolicyNotes().get(0).getCode()).isEqualTo("model_refused"));
      assertThat(SessionRiskFunctionTest.sessionDecisions(audit))
          .extracting(RiskDecision::getModelVersion)
          .containsOnly(SessionRiskFunctionTest.DEFAULT_VERSION);

      ModelUpdate signedClear = new ModelUpdate();
      signedClear.rawKey = SessionRiskFunction.CLEAR_KILL_BREAKER_KEY;
      signedClear.json = "now".getBytes();
      hh.processBroadcastElement(signed(signedClear, publisher, keyId, AT), 0);
      assertThat(
              SessionRiskFunctionTest.modelChanges(
                  SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.DECISIONS))))
          .last()
          .satisfies(
              d -> {
                assertThat(d.getSessionId()).isEqualTo("model:clear-kill-breaker");
                assertThat(d.getPolicyNotes().get(0).getCode()).isEqualTo("model_accepted");
              });
    }
  }

  @Test
  void anOlderSignedModelOrAReplayedBreakerClearIsRefusedAsStale() throws Exception {
    try (var h = harness()) {
      var hh = typed(h);
      byte[] old = SessionRiskFunctionTest.modelJson("old", 0.51);
      byte[] current = SessionRiskFunctionTest.modelJson("current", 0.5);
      hh.processBroadcastElement(
          signed(ModelUpdate.of(ModelSlot.ACTIVE, current), publisher, keyId, AT), 0);
      // The old model, validly signed a day earlier, published again: a rollback.
      hh.processBroadcastElement(
          signed(ModelUpdate.of(ModelSlot.ACTIVE, old), publisher, keyId, AT - 86_400_000L), 0);
      ModelUpdate clear = new ModelUpdate();
      clear.rawKey = SessionRiskFunction.CLEAR_KILL_BREAKER_KEY;
      clear.json = "clear".getBytes();
      signed(clear, publisher, keyId, AT);
      hh.processBroadcastElement(clear, 0);
      hh.processBroadcastElement(clear, 0); // the same signed clear again
      hh.processElement(RiskInput.ofEvent(Events.owner("s1", Events.T0).build()), Events.T0);

      assertThat(
              SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.REJECTED_MODELS)))
          .extracting(DeadLetter::getReason)
          .containsExactly(DeadLetterReason.MODEL_STALE, DeadLetterReason.MODEL_STALE);
      List<RiskDecision> audit =
          SessionRiskFunctionTest.values(h.getSideOutput(SessionRiskFunction.DECISIONS));
      assertThat(SessionRiskFunctionTest.sessionDecisions(audit))
          .extracting(RiskDecision::getModelVersion)
          .containsOnly("current");
      assertThat(SessionRiskFunctionTest.modelChanges(audit))
          .extracting(d -> d.getPolicyNotes().get(0).getValues().get("result"))
          .containsExactly("SIGNED", "STALE", "SIGNED", "STALE");
    }
  }

  @SuppressWarnings("unchecked")
  private static KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>
      typed(KeyedBroadcastOperatorTestHarness<String, ?, ModelUpdate, SessionCommand> h) {
    return (KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>) h;
  }
}
