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
import dev.vigil.schema.CommandKeyRing;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.OutcomeSignatures;
import dev.vigil.schema.SessionCommand;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * Issue 11's acceptance on the gateway side: the session risk job (real broker, MiniCluster)
 * catches up on a backlog of more than ten minutes of event time in which a session is taken over,
 * and the reference enforcer reading its commands applies the KILL and denies the session. Before
 * schema version 5 the kill expired five minutes after its event, so a gateway had to discard it.
 */
class BacklogKillEnforcedIT extends RiskJobITSupport {
  private static final String GATEWAY_RING =
      "gw1:" + Base64.getEncoder().encodeToString("gateway-KEY-for-its-0123456789ab".getBytes());

  @Test
  void aKillIssuedDuringATenMinuteBacklogReplayIsStillAppliedByTheReferenceEnforcer()
      throws Exception {
    long now = System.currentTimeMillis();
    long backlogStart = now - 16 * 60_000L;
    long attack = now - 10 * 60_000L;
    long backlogEnd = now - 4 * 60_000L;
    List<Outgoing> events = new ArrayList<>();
    // A month of the owner's history, then the backlog: the owner working from home every 20 s
    // for 12 minutes, and a stolen token used from a VPS abroad to withdraw to a new address.
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
    for (long t = backlogStart; t <= backlogEnd; t += 20_000L) {
      events.add(avro(Events.owner("owner-live", t).setPath("/api/v1/orders").build()));
      if (t == attack) {
        events.add(avro(Events.attacker("stolen", t).setPath("/api/v1/balance").build()));
        events.add(
            avro(
                Events.attacker("stolen", t + 5_000)
                    .setMethod("POST")
                    .setPath("/api/v1/withdraw")
                    .setWithdrawalAddress("bc1qattacker")
                    .build()));
      }
    }
    assertThat(backlogEnd - backlogStart).isGreaterThan(10 * 60_000L);
    JobConfig cfg = config("bk");
    KafkaTestSupport.createTopic(KAFKA.clientProperties(), "bk.enforcement-outcomes", 1);
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "bk.access-events", events);

    runUntil(
        cfg,
        () -> consumed("bk", "bk.access-events") && !kills().isEmpty(),
        () -> commands("bk").size() + " commands; " + readProgress("bk", "bk.access-events"));

    SessionCommand kill = kills().get(0);
    // Issued when the job got to it (its wall clock), minutes after its event: late.
    assertThat(kill.getEventTime()).isBetween(attack, attack + 5_000);
    assertThat(kill.getIssuedAt() - kill.getEventTime()).isGreaterThan(300_000L);
    assertThat(kill.getLateBySeconds()).isPositive();

    Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    Map<String, ReferenceEnforcer.CommandResult> results = new ConcurrentHashMap<>();
    ReferenceEnforcer gateway;
    try (KafkaOutcomeSink sink =
        new KafkaOutcomeSink(KAFKA.clientProperties(), "bk.enforcement-outcomes")) {
      gateway =
          new ReferenceEnforcer(
              EnforcerSettings.defaults("gw-backlog"),
              new CommandVerifier(CommandAuthenticator.parse(KEY_RING).ring()),
              GatewayKey.parse(GATEWAY_RING, "test"),
              sink);
      try (CommandFeed feed =
          new CommandFeed(
              KAFKA.clientProperties(),
              "bk.session-commands",
              CommandFeed.Start.BEGINNING,
              gateway,
              Clock.systemUTC(),
              (c, r) -> {
                acceptedAt.put(c.getCommandId(), System.currentTimeMillis());
                results.put(c.getCommandId(), r);
              })) {
        feed.run(true);
      }
    }

    assertThat(results.get(kill.getCommandId()))
        .satisfies(r -> assertThat(r.applied()).as("%s", r).isTrue());
    assertThat(acceptedAt.get(kill.getCommandId()) - kill.getEventTime())
        .as("the gateway applied it more than five minutes after its event")
        .isGreaterThan(300_000L);
    assertThat(gateway.check("stolen", System.currentTimeMillis(), RequestKind.ORDINARY))
        .isEqualTo(Decision.DENY);
    assertThat(
            gateway.check(
                "stolen",
                System.currentTimeMillis(),
                RequestKind.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION))
        .isEqualTo(Decision.DENY);
    assertThat(gateway.stats().sessionsKilled()).isEqualTo(1);

    List<EnforcementOutcome> outcomes =
        read(
            "bk.enforcement-outcomes",
            v -> decode(() -> EnforcementOutcome.getDecoder().decode(v)));
    CommandKeyRing ring = CommandKeyRing.parse(GATEWAY_RING);
    assertThat(outcomes)
        .filteredOn(o -> kill.getCommandId().equals(o.getCommandId()))
        .extracting(EnforcementOutcome::getKind)
        .containsExactly(OutcomeKind.APPLIED, OutcomeKind.SESSION_ENDED);
    assertThat(outcomes).allMatch(o -> OutcomeSignatures.verify(o, ring));
  }

  private static List<SessionCommand> kills() {
    return commands("bk").stream()
        .filter(c -> c.getSessionId().equals("stolen") && c.getAction() == CommandAction.KILL)
        .toList();
  }
}
