package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.Events;
import dev.vigil.enforcer.CommandFeed;
import dev.vigil.enforcer.Decision;
import dev.vigil.enforcer.EnforcerSettings;
import dev.vigil.enforcer.GatewayKey;
import dev.vigil.enforcer.KafkaOutcomeSink;
import dev.vigil.enforcer.ReferenceEnforcer;
import dev.vigil.enforcer.RequestKind;
import dev.vigil.job.config.JobConfig;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's account response end to end (real broker, MiniCluster): a thief with the owner's
 * password runs two sessions from a VPS abroad; the one that withdraws is killed, and the job's
 * KILL_ALL_SESSIONS, read by the reference enforcer from the commands topic, ends the other one
 * too, while the account's HOLD_WITHDRAWALS denies withdrawals on every session it holds.
 */
class AccountLogOutEnforcedIT extends RiskJobITSupport {
  private static final String GATEWAY_RING =
      "gw1:" + Base64.getEncoder().encodeToString("gateway-KEY-for-its-0123456789ab".getBytes());

  @Test
  void aKillAllSessionsFromTheJobReachesEverySessionOfTheAccountTheGatewayHolds() throws Exception {
    long now = System.currentTimeMillis();
    long attack = now - 10 * 60_000L;
    List<Outgoing> events = new ArrayList<>();
    long historyStart = now - 32L * 86_400_000L;
    for (int d = 0; d < 30; d++) {
      for (int i = 0; i < 10; i++) {
        long t = historyStart + d * 86_400_000L + i * 20_000L;
        events.add(
            avro(
                Events.owner("owner-" + d, t)
                    .setPath(i % 2 == 0 ? "/api/v1/balance" : "/api/v1/orders")
                    .build()));
      }
    }
    // The thief's first session looks at the balance (and gets a shorter timeout); two minutes
    // later his second withdraws to a new address and is killed. (A longer first session teaches
    // the account the thief's network and the second is only stepped up: ProfileLearner.)
    events.add(avro(Events.attacker("thief-browsing", attack).setPath("/api/v1/balance").build()));
    long withdraw = attack + 120_000L;
    events.add(avro(Events.attacker("thief-cashout", withdraw).setPath("/api/v1/balance").build()));
    events.add(
        avro(
            Events.attacker("thief-cashout", withdraw + 5_000)
                .setMethod("POST")
                .setPath("/api/v1/withdraw")
                .setWithdrawalAddress("bc1qattacker")
                .build()));
    JobConfig cfg = config("ao");
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), "ao.enforcement-outcomes", 1);
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "ao.access-events", events);

    runUntil(
        cfg,
        () -> consumed("ao", "ao.access-events") && accountCommands().size() >= 2,
        () -> commands("ao").size() + " commands; " + readProgress("ao", "ao.access-events"));

    assertThat(accountCommands())
        .extracting(SessionCommand::getAction)
        .containsExactly(CommandAction.KILL_ALL_SESSIONS, CommandAction.HOLD_WITHDRAWALS);
    Set<String> commanded =
        commands("ao").stream()
            .filter(c -> c.getTarget() == CommandTarget.SESSION)
            .map(SessionCommand::getSessionId)
            .collect(Collectors.toSet());
    assertThat(commanded)
        .as("the gateway holds both thief sessions (each got a command)")
        .contains("thief-browsing", "thief-cashout");

    ReferenceEnforcer gateway;
    try (KafkaOutcomeSink sink =
        new KafkaOutcomeSink(KAFKA.clientProperties(), "ao.enforcement-outcomes")) {
      gateway =
          new ReferenceEnforcer(
              EnforcerSettings.defaults("gw-account"),
              new CommandVerifier(CommandAuthenticator.parse(KEY_RING).ring()),
              GatewayKey.parse(GATEWAY_RING, "test"),
              sink);
      try (CommandFeed feed =
          new CommandFeed(
              KAFKA.clientProperties(),
              "ao.session-commands",
              CommandFeed.Start.BEGINNING,
              gateway,
              Clock.systemUTC(),
              CommandFeed.Listener.NONE)) {
        feed.run(true);
      }
      long later = System.currentTimeMillis();
      for (String session : commanded) {
        assertThat(gateway.check(session, later, RequestKind.ORDINARY))
            .as("%s after the log-out", session)
            .isEqualTo(Decision.DENY);
      }
    }
    assertThat(gateway.accounts().status("acct-1").holdUntil())
        .isGreaterThan(System.currentTimeMillis() + 6 * 86_400_000L);
    List<EnforcementOutcome> outcomes =
        read(
            "ao.enforcement-outcomes",
            v -> decode(() -> EnforcementOutcome.getDecoder().decode(v)));
    assertThat(outcomes)
        .filteredOn(o -> o.getSessionId().equals("thief-browsing"))
        .extracting(EnforcementOutcome::getKind, EnforcementOutcome::getDetail)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                OutcomeKind.SESSION_ENDED, "logged out everywhere (KILL_ALL_SESSIONS)"));
  }

  private static List<SessionCommand> accountCommands() {
    return commands("ao").stream().filter(c -> c.getTarget() == CommandTarget.ACCOUNT).toList();
  }
}
