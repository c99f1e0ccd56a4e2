package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.HoldScope;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The account response on the session risk operator (Flink's keyed broadcast test harness): a
 * thief's session killed at its withdrawal also gets the account logged out everywhere and its
 * withdrawals held, once for the incident, signed like every command and verifiable by a gateway,
 * and audited with the kill.
 */
class AccountCommandsHarnessTest {
  private static final String KEY_RING = "k1:" + "uEtawcObjRarT3N6HiC238Epapt5Odxw9irO8s9u++4=";

  @TempDir Path dir;

  @Test
  void aKillOfAWithdrawingSessionGivesKillAllSessionsAndAnAccountHoldOnceSigned() throws Exception {
    Path keys = dir.resolve("command-keys");
    Files.writeString(keys, KEY_RING);
    Files.setPosixFilePermissions(keys, PosixFilePermissions.fromString("rw-------"));
    SessionRiskFunction fn =
        new SessionRiskFunction(
            RiskSettings.defaults().withCommandKeyFile(keys.toString()).withUnsignedModels(),
            SessionRiskFunctionTest.defaultModelJson());
    try (var h = RiskHarness.harness(fn)) {
      h.open();
      long t = RiskHarness.trainOwner(h) + RiskHarness.DAY;
      long killedAt = RiskHarness.killStolen(h, t);
      // The thief comes back with the same password a minute later and is killed again.
      RiskHarness.process(h, Events.attacker("stolen-2", killedAt + 60_000).build());
      RiskHarness.process(
          h,
          Events.attacker("stolen-2", killedAt + 65_000)
              .setMethod("POST")
              .setPath("/api/v1/withdraw")
              .setWithdrawalAddress("bc1qattacker")
              .build());
      assertThat(RiskHarness.kills(h, "stolen-2")).isEqualTo(1);

      List<SessionCommand> out = h.extractOutputValues();
      List<SessionCommand> account =
          out.stream().filter(c -> c.getTarget() == CommandTarget.ACCOUNT).toList();
      assertThat(account)
          .extracting(SessionCommand::getAction)
          .containsExactly(CommandAction.KILL_ALL_SESSIONS, CommandAction.HOLD_WITHDRAWALS);
      SessionCommand all = account.get(0);
      SessionCommand hold = account.get(1);
      assertThat(all.getSessionId()).isEqualTo("stolen");
      assertThat(all.getAccountId()).isEqualTo("acct-1");
      assertThat(all.getTriggerEventId()).isEqualTo("stolen-" + killedAt);
      assertThat(all.getCommandId()).isEqualTo("stolen-" + killedAt + ":account:kill_all_sessions");
      assertThat(all.getSequence()).isEqualTo(1);
      assertThat(hold.getSequence()).isEqualTo(2);
      assertThat(hold.getParameters().getHoldScope()).isEqualTo(HoldScope.ALL);
      assertThat(hold.getExpiresAt() - hold.getIssuedAt()).isEqualTo(604_800_000L);
      assertThat(all.getReasons().get(0).getCode()).isEqualTo("killed_with_withdrawal_rights");
      assertThat(RiskPipeline.commandKey(all)).isEqualTo("acct-1");
      assertThat(RiskPipeline.commandKey(out.get(0))).isEqualTo(out.get(0).getSessionId());

      CommandVerifier gateway = new CommandVerifier(CommandAuthenticator.parse(KEY_RING).ring());
      for (SessionCommand c : account) {
        assertThat(c.getSignature().getAlgorithm()).isEqualTo(CommandAuthenticator.ALGORITHM_V4);
        assertThat(gateway.verify(c, c.getIssuedAt())).isEqualTo(CommandVerifier.Verdict.VALID);
      }

      RiskDecision audit =
          h.getSideOutput(SessionRiskFunction.DECISIONS).stream()
              .map(StreamRecord::getValue)
              .filter(d -> d.getDecisionId().startsWith("stolen-" + killedAt))
              .findFirst()
              .orElseThrow();
      assertThat(audit.getCommandIds())
          .containsExactly(
              "stolen-" + killedAt + ":kill",
              "stolen-" + killedAt + ":account:kill_all_sessions",
              "stolen-" + killedAt + ":account:hold_withdrawals");

      h.getOperator().setCurrentKey("acct-1");
      AccountProfile profile = fn.sessionStore().profile(false);
      assertThat(profile.accountCommandSequence).isEqualTo(2);
      assertThat(profile.accountActionMillis[0]).isEqualTo(killedAt);
    }
  }
}
