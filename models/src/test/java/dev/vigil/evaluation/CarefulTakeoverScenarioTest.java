package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.World;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The careful takeovers of issue 9 and the benign look-alikes they must be told from, at the level
 * of this library: the default model replayed over three of the built-in worlds (300 accounts, 5
 * days of history, 6 hours for bots, a 4-hour window, seed 7), counted the way {@code vigil
 * robustness} counts (a withdrawal hold is an action on a takeover; warm-up sessions are benign
 * sessions). The figures are pinned: a change to scoring that moves one must say so here.
 *
 * <p>These worlds are used for these pins only, never to set a weight (models/README.md,
 * "Robustness over worlds", for the tuning / held-out split).
 */
class CarefulTakeoverScenarioTest {
  private static final long HOUR = 3_600_000L;
  private static final RobustnessGrid.Options SIZE =
      new RobustnessGrid.Options(300, List.of(7L), 4 * HOUR, 5 * 24 * HOUR, 6 * HOUR, 1);
  private static final Set<String> ENFORCED =
      Set.of(
          CommandAction.STEP_UP.name(),
          CommandAction.KILL.name(),
          CommandAction.HOLD_WITHDRAWALS.name());

  private static RobustnessGrid.Cell careful;
  private static RobustnessGrid.Cell cloudBots;
  private static RobustnessGrid.Cell noisyGeo;

  @BeforeAll
  static void replay() {
    careful = cell("careful-attackers");
    cloudBots = cell("cloud-bots");
    noisyGeo = cell("geoip-noisy");
  }

  @AfterAll
  static void release() {
    careful = null;
    cloudBots = null;
    noisyGeo = null;
  }

  private static RobustnessGrid.Cell cell(String world) {
    World w = World.resolve(world);
    RobustnessGrid.Cell c = RobustnessGrid.cell(w, 7, SIZE, RiskModelLoader.defaults());
    System.out.println(RobustnessTable.render(List.of(row(w, c))));
    return c;
  }

  private static RobustnessRow row(World w, RobustnessGrid.Cell c) {
    return RobustnessGrid.pool(w, SIZE, List.of(c));
  }

  private static RobustnessRow.ScenarioCount scenario(String name) {
    return row(World.resolve("careful-attackers"), careful).byScenario().get(name);
  }

  @Test
  void simSwapsWithTheSecondFactorPassedAreHeldOrSteppedUpBeforeTheAttackersLastRequest() {
    // Password and MFA passed on the victim's own carrier, the victim's app on a new phone, a new
    // address, withdrawals: the cash-out terms and the hold answer it, not the network. The one
    // missed has no security change before its withdrawal: fast_cash_out and the address added in
    // session (3.2 nats) do not outweigh the passed second factor (-3), see "Not yet done".
    assertThat(scenario("sim_swap")).isEqualTo(new RobustnessRow.ScenarioCount(3, 2));
  }

  @Test
  void hijackedCookiesUsedBesideTheOwnerFromHisOwnCountryAreActedOn() {
    // Two networks interleaved in one session is state the owner's phone-and-wifi never makes.
    assertThat(scenario("cookie_hijack_local")).isEqualTo(new RobustnessRow.ScenarioCount(3, 3));
  }

  @Test
  void aLeakedReadOnlyKeyPagingHistoryBesideItsOwnersBotIsSteppedUp() {
    // The key signs requests from two providers at once (the owner's bot keeps running):
    // concurrent_key_use (3 nats) with the endpoint mix (capped at 4) and the new network. The two
    // missed here copy the bot's client too: the familiar client (-2.4 and -2.7 nats) outweighs
    // the new network, and they stay at P 0.03 and 0.015 (models/README.md, "Robustness over
    // worlds"). Before concurrent_key_use, none of the three was acted on.
    assertThat(scenario("readonly_key_exfil")).isEqualTo(new RobustnessRow.ScenarioCount(3, 1));
  }

  @Test
  void botsFailingOverToAnotherRegionOrProviderAreNeverSteppedUpHeldOrKilled() {
    int failovers = 0;
    Map<String, List<SessionCommand>> commands = bySession(cloudBots);
    for (SessionLabel l : cloudBots.labels()) {
      if (!l.benign() || !"bot_failover".equals(l.hardCase())) {
        continue;
      }
      failovers++;
      assertThat(commands.getOrDefault(l.sessionId(), List.of()))
          .as("bot fail-over session " + l.sessionId())
          .extracting(c -> c.getAction().name())
          .doesNotContainAnyElementsOf(ENFORCED);
    }
    assertThat(failovers).isEqualTo(BOT_FAILOVERS_IN_CLOUD_BOTS);
  }

  @Test
  void aGeoIpFeedThatMovesEveryRequestHundredsOfKmKillsNoOwnerAndNoBot() {
    RobustnessRow noisy = row(World.resolve("geoip-noisy"), noisyGeo);
    assertThat(noisy.benign()).isGreaterThan(2_000);
    assertThat(noisy.botSessions()).isGreaterThan(10);
    assertThat(noisy.botKilled()).isZero();
    // The one owner killed is not the feed's doing (no travel term, below): a VPN user in his
    // history days adding a wallet and paying out to it from a fresh network
    // (unusual_transition 6.5, sensitive_endpoint_fresh_network 3.0,
    // withdrawal_to_address_added_in_session 2.2); the same session is killed without the noise.
    assertThat(noisy.benignKilled()).isEqualTo(1);
    for (SessionCommand c : noisyGeo.commands()) {
      assertThat(c.getReasons())
          .as("command " + c.getCommandId())
          .noneMatch(r -> r.getCode().equals("impossible_travel"));
    }
  }

  private static final int BOT_FAILOVERS_IN_CLOUD_BOTS = 11;

  private static Map<String, List<SessionCommand>> bySession(RobustnessGrid.Cell c) {
    Map<String, List<SessionCommand>> out = new HashMap<>();
    for (SessionCommand cmd : c.commands()) {
      out.computeIfAbsent(cmd.getSessionId(), k -> new ArrayList<>()).add(cmd);
    }
    return out;
  }
}
