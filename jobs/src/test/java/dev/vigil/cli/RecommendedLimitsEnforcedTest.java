package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.enforcer.Decision;
import dev.vigil.enforcer.EnforcerSettings;
import dev.vigil.enforcer.FairAccessDefaults;
import dev.vigil.enforcer.OutcomeSink;
import dev.vigil.enforcer.ReferenceEnforcer;
import dev.vigil.enforcer.RequestKind;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.EventLines;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The acceptance for fair-access defaults, end to end: {@code vigil limits recommend}
 * learns limits on one seeded simulated hour (the traffic of {@code FairAccessReplayTest}: 300
 * accounts, a third trading bots, funding-time bursts and bot fail-overs, owner floods of market
 * data), and the reference enforcer, given that file as its defaults, replays the other hour (held
 * out: other accounts, other bots) request by request, each with its endpoint role and its
 * session's population from the labels. No request of a benign trading-bot session is throttled;
 * every flooding session is. No command from Vigil is involved: these are the gateway's defaults
 * alone.
 */
class RecommendedLimitsEnforcedTest {
  /** {@code FairAccessReplayTest.MIX} (models' test sources). */
  static final String MIX =
      "{\"populations\": {\"retail\": 0.62, \"bot\": 0.34, \"market_maker\": 0,"
          + " \"institutional\": 0.04},"
          + " \"scenarios\": {\"abuse_flood\": 0.02, \"stolen_api_key\": 0.01,"
          + " \"credential_stuffing\": 0.01},"
          + " \"hard_cases\": {\"bot_failover\": 0.25, \"market_open_burst\": 0.4}}";

  @TempDir static Path dir;

  /** Per session of the held-out hour: requests checked and throttled. */
  static final Map<String, long[]> counts = new HashMap<>();

  static final Map<String, SessionLabel> labels = new HashMap<>();
  static FairAccessDefaults defaults;

  @BeforeAll
  static void learnOnOneHourAndEnforceOnTheOther() throws IOException {
    Path train = hour(41, "train");
    Path test = hour(42, "test");
    Path limits = dir.resolve("limits.json");
    CliRun learn =
        CliRun.of(
            "limits",
            "recommend",
            "--input",
            train.resolve("events.jsonl").toString(),
            "--labels",
            train.resolve("labels.jsonl").toString(),
            "--out",
            limits.toString());
    assertThat(learn.exitCode()).as(learn.err()).isZero();
    System.out.print(learn.out());
    defaults = FairAccessDefaults.load(limits);

    for (SessionLabel l : EvaluationFiles.readLabels(test.resolve("labels.jsonl"))) {
      labels.put(l.sessionId(), l);
    }
    ReferenceEnforcer gateway =
        new ReferenceEnforcer(
            EnforcerSettings.defaults("fair-access-test"),
            new CommandVerifier(
                CommandAuthenticator.parse(
                        "k1:"
                            + Base64.getEncoder()
                                .encodeToString("fair-access-test-KEY-0123456789ab".getBytes()))
                    .ring()),
            null,
            OutcomeSink.NONE,
            defaults);
    EndpointRoles roles = EndpointRoles.defaults();
    int[] roleIndex = new int[EndpointRole.COUNT];
    for (EndpointRole r : EndpointRole.values()) {
      roleIndex[r.ordinal()] = defaults.role(r.wireName());
    }
    EventLines.forEach(
        test.resolve("events.jsonl"),
        "events",
        e -> {
          String session = e.getSessionId();
          if (session == null) {
            return;
          }
          SessionLabel l = labels.get(session);
          int population =
              l == null ? FairAccessDefaults.NO_POPULATION : defaults.population(l.population());
          int role = roleIndex[roles.roleOf(e.getMethod(), e.getPath()).ordinal()];
          Decision d =
              gateway.check(session, e.getTimestamp(), RequestKind.ORDINARY, role, population);
          long[] c = counts.computeIfAbsent(session, k -> new long[2]);
          c[0]++;
          if (d == Decision.THROTTLE) {
            c[1]++;
          }
        });
  }

  static Path hour(long seed, String name) throws IOException {
    Path d = dir.resolve(name);
    Simulator.generate(
        new SimulationConfig(300, 3_600_000L, seed, ScenarioMix.parse(MIX, "test")), d);
    return d;
  }

  @Test
  void noRequestOfABenignTradingBotSessionIsThrottled() {
    Map<String, long[]> byGroup = byGroup();
    byGroup.forEach(
        (group, c) ->
            System.out.printf(
                Locale.ROOT,
                "held-out %-28s %,6d sessions %,9d requests %,8d throttled in %,5d sessions%n",
                group,
                c[0],
                c[1],
                c[2],
                c[3]));
    long[] bots = byGroup.get("bot benign");
    assertThat(bots[0]).as("benign trading-bot sessions in the held-out hour").isGreaterThan(80);
    assertThat(bots[2]).as("throttled requests of benign trading-bot sessions").isZero();
  }

  @Test
  void everyFloodingSessionHasThrottledRequests() {
    int floods = 0;
    for (SessionLabel l : labels.values()) {
      if (!"abuse_flood".equals(l.label())) {
        continue;
      }
      long[] c = counts.get(l.sessionId());
      floods++;
      System.out.printf(
          Locale.ROOT,
          "flood %s (%s): %,d requests, %,d throttled%n",
          l.sessionId(),
          l.population(),
          c == null ? 0 : c[0],
          c == null ? 0 : c[1]);
      assertThat(c).as("flood session %s sent requests", l.sessionId()).isNotNull();
      assertThat(c[1]).as("throttled requests of flood session %s", l.sessionId()).isPositive();
    }
    assertThat(floods).as("flood sessions in the held-out hour").isGreaterThan(2);
  }

  /** Per population and label: sessions, requests, throttled requests, sessions throttled. */
  static Map<String, long[]> byGroup() {
    Map<String, long[]> out = new TreeMap<>();
    counts.forEach(
        (session, c) -> {
          SessionLabel l = labels.get(session);
          String group = l == null ? "(unlabelled)" : l.population() + " " + l.label();
          long[] g = out.computeIfAbsent(group, k -> new long[4]);
          g[0]++;
          g[1] += c[0];
          g[2] += c[1];
          g[3] += c[1] > 0 ? 1 : 0;
        });
    return out;
  }
}
