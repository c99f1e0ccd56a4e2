package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.HoldScope;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedBroadcastOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The operator's new responses on Flink's test harness: a withdrawal hold signed over the version 2
 * canonical form and audited, and the kill-rate breaker turning a kill into a step-up and a hold
 * until an operator clears it through the model topic.
 */
class ResponseCommandsTest {
  private static final long DAY = 86_400_000L;
  private static final String KEY_RING = "k1:" + "uEtawcObjRarT3N6HiC238Epapt5Odxw9irO8s9u++4=";

  @TempDir Path dir;
  private RiskSettings settings;

  @BeforeEach
  void keys() throws IOException {
    Path commandKeys = dir.resolve("command-keys");
    Files.writeString(commandKeys, KEY_RING);
    Files.setPosixFilePermissions(commandKeys, PosixFilePermissions.fromString("rw-------"));
    settings =
        RiskSettings.defaults().withCommandKeyFile(commandKeys.toString()).withUnsignedModels();
  }

  private KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand>
      harness() throws Exception {
    return ProcessFunctionTestHarnesses.forKeyedBroadcastProcessFunction(
        new SessionRiskFunction(settings, SessionRiskFunctionTest.defaultModelJson()),
        RiskInput::accountId,
        Types.STRING,
        SessionRiskFunction.MODELS);
  }

  private static long trainOwner(
      KeyedBroadcastOperatorTestHarness<String, RiskInput, ModelUpdate, SessionCommand> h)
      throws Exception {
    long t = Events.T0;
    for (int d = 0; d < 30; d++) {
      for (int i = 0; i < 10; i++) {
        t = Events.T0 + d * DAY + 9 * 3_600_000L + i * 20_000L;
        AccessEvent e =
            Events.owner("owner-" + d, t)
                .setPath(i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders")
                .build();
        h.processElement(RiskInput.ofEvent(e), t);
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

  private static SessionCommand first(List<SessionCommand> commands, CommandAction a) {
    return commands.stream().filter(c -> c.getAction() == a).findFirst().orElseThrow();
  }

  @Test
  void aCarefulCashOutIsHeldWithASignedCommandAndAnAuditRecord() throws Exception {
    try (var h = harness()) {
      long t = trainOwner(h) + DAY;
      // The owner's client from a network new to the account: a new address, then a payout.
      process(h, careful(t).build());
      process(
          h,
          careful(t + 10_000)
              .setMethod("POST")
              .setPath("/api/v3/wallet/whitelist")
              .setWithdrawalAddress("bc1qcareful")
              .build());
      process(
          h,
          careful(t + 20_000)
              .setMethod("POST")
              .setPath("/api/v3/wallet/withdrawals")
              .setWithdrawalAddress("bc1qcareful")
              .build());

      SessionCommand hold = first(h.extractOutputValues(), CommandAction.HOLD_WITHDRAWALS);
      assertThat(hold.getParameters().getHoldScope())
          .isEqualTo(HoldScope.ADDRESSES_ADDED_IN_SESSION);
      assertThat(hold.getParameters().getHoldSeconds()).isEqualTo(86_400L);
      assertThat(CommandAuthenticator.canonicalForm(hold)).startsWith("vigil-command-v2\n");
      assertThat(CommandAuthenticator.parse(KEY_RING).verify(hold)).isTrue();
      assertThat(values(h.getSideOutput(SessionRiskFunction.DECISIONS)))
          .anySatisfy(d -> assertThat(d.getCommandIds()).contains(hold.getCommandId()));
    }
  }

  @Test
  void anOpenBreakerTurnsAKillIntoAStepUpAndAHoldUntilAnOperatorClearsIt() throws Exception {
    try (var h = harness()) {
      long t = trainOwner(h) + DAY;
      // A breaker that opens on the first kill of a cold start (minimum one kill).
      h.processBroadcastElement(ModelUpdate.of(ModelSlot.ACTIVE, breakerOnFirstKill()), t);
      process(h, Events.attacker("stolen", t).setPath("/api/v1/balance").build());
      process(
          h,
          Events.attacker("stolen", t + 5_000)
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .setWithdrawalAddress("bc1qattacker")
              .build());

      List<SessionCommand> degraded = h.extractOutputValues();
      assertThat(degraded).extracting(SessionCommand::getAction).doesNotContain(CommandAction.KILL);
      SessionCommand hold = first(degraded, CommandAction.HOLD_WITHDRAWALS);
      assertThat(hold.getParameters().getHoldScope()).isEqualTo(HoldScope.ALL);
      assertThat(hold.getReasons()).extracting(Reason::getCode).contains("kill_breaker_open");
      assertThat(CommandAuthenticator.parse(KEY_RING).verify(hold)).isTrue();
      List<RiskDecision> audit = values(h.getSideOutput(SessionRiskFunction.DECISIONS));
      assertThat(audit.get(audit.size() - 1).getPolicyNotes())
          .extracting(Reason::getCode)
          .contains("kill_breaker_open", "evidence_kinds");

      ModelUpdate clear = new ModelUpdate();
      clear.rawKey = SessionRiskFunction.CLEAR_KILL_BREAKER_KEY;
      clear.json = "now".getBytes(StandardCharsets.UTF_8);
      h.processBroadcastElement(clear, t + 6_000);
      process(h, Events.attacker("stolen", t + 10_000).build());

      assertThat(h.extractOutputValues())
          .extracting(SessionCommand::getAction)
          .contains(CommandAction.KILL);
    }
  }

  private static AccessEvent.Builder careful(long t) {
    return Events.owner("careful", t)
        .setSourceIp("90.12.77.4")
        .setAsNumber(12322L)
        .setAsOrganization("Free SAS");
  }

  private static byte[] breakerOnFirstKill() throws IOException {
    var mapper = new com.fasterxml.jackson.databind.ObjectMapper();
    var root =
        (com.fasterxml.jackson.databind.node.ObjectNode)
            mapper.readTree(SessionRiskFunctionTest.defaultModelJson());
    ((com.fasterxml.jackson.databind.node.ObjectNode) root.get("policy"))
        .put("killBreakerMinKills", 1);
    byte[] json = mapper.writeValueAsBytes(root);
    RiskModelLoader.parse(json);
    return json;
  }

  private static <T> List<T> values(java.util.Queue<StreamRecord<T>> records) {
    return records == null ? List.of() : records.stream().map(StreamRecord::getValue).toList();
  }
}
