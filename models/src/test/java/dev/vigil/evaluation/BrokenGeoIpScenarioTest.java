package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import dev.vigil.sim.World;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Issue 9's broken GeoIP feed, at the level of this library: the mobile-first world (phones hopping
 * between carrier prefixes and the home wifi), once with a sound feed and once with a feed that
 * goes bad at the window's start ({@code geo_noise: broken}: every request placed anywhere on Earth
 * with a claimed 10 km accuracy, every address typed residential, so cloud and mobile networks no
 * longer escape travel). 300 accounts, 5 days of history, a 4-hour window, seed 7.
 *
 * <p>What holds it: travel is a fact about a pair of networks, counted once per session, worth at
 * most {@code travelLlr}; and a kill needs two kinds of evidence. So one field gone bad can add a
 * step-up, never a kill, and the kill-rate breaker, which trips on a jump in kills, has nothing to
 * trip on (it is proven on a kill spike by {@code ProportionateResponseTest} and the job's {@code
 * ResponseCommandsTest}, and on a feed breaking mid-window under a model over-tuned for travel by
 * {@code KillRateBreakerScenarioTest}). The same holds for a model that trusts travel three times
 * as much: the two-kinds rule is the first line, the breaker the second. (A model that also judged
 * travel on phones killed 36 owners in this window, sound feed or broken, at a steady rate the
 * breaker rightly does not call a storm: that is what {@code evidence.travelSkipsMobile} is for.)
 */
class BrokenGeoIpScenarioTest {
  private static final long HOUR = 3_600_000L;
  private static final RobustnessGrid.Options SIZE =
      new RobustnessGrid.Options(300, List.of(7L), 4 * HOUR, 5 * 24 * HOUR, 6 * HOUR, 1);
  private static final String MOBILE =
      "\"mobile_session_share\": 0.85, \"mobile_hop_share\": 0.4, \"home_wifi_share\": 0.3";
  private static final String MIX = "\"mix\": {\"hard_cases\": {\"mobile_hopping\": 0.15}}";
  private static final World SOUND =
      World.parse(
          "{\"name\": \"mobile-sound\", \"parameters\": {" + MOBILE + "}, " + MIX + "}", "t");
  private static final World BROKEN =
      World.parse(
          "{\"name\": \"mobile-broken-geoip\", \"parameters\": {\"geo_noise\": \"broken\","
              + " \"geo_accuracy_km\": 10, "
              + MOBILE
              + "}, "
              + MIX
              + "}",
          "t");

  /** What a run did to benign sessions, and whether travel or the breaker showed up. */
  record Outcome(int benignKilled, int benignSteppedUp, int botKilled, int travel, int breaker) {}

  static Outcome run(World w, RiskModel model) {
    RobustnessGrid.Cell c = RobustnessGrid.cell(w, 7, SIZE, model);
    Map<String, SessionLabel> bySession = new HashMap<>();
    c.labels().forEach(l -> bySession.put(l.sessionId(), l));
    int killed = 0;
    int stepped = 0;
    int botKilled = 0;
    int travel = 0;
    int breaker = 0;
    for (SessionCommand cmd : c.commands()) {
      if (cmd.getTarget() == dev.vigil.schema.CommandTarget.ACCOUNT) {
        continue; // an account command repeats its session's reasons
      }
      SessionLabel l = bySession.get(cmd.getSessionId());
      boolean benign = l != null && l.benign();
      for (Reason r : cmd.getReasons()) {
        travel += r.getCode().toString().equals("impossible_travel") ? 1 : 0;
        breaker += r.getCode().toString().equals("kill_breaker_open") ? 1 : 0;
      }
      if (!benign) {
        continue;
      }
      if (cmd.getAction() == CommandAction.KILL) {
        killed++;
        botKilled += SessionActions.automated(l.population()) ? 1 : 0;
      } else if (cmd.getAction() == CommandAction.STEP_UP) {
        stepped++;
      }
    }
    Outcome o = new Outcome(killed, stepped, botKilled, travel, breaker);
    System.out.println(w.name() + " with " + model.modelVersion + ": " + o);
    return o;
  }

  @Test
  void aFeedGoneBadAddsTravelButNoKillAndLeavesBotsAloneWithTheDefaultModel() {
    RiskModel model = RiskModelLoader.defaults();
    Outcome sound = run(SOUND, model);
    Outcome broken = run(BROKEN, model);
    assertThat(broken.travel()).as("the broken feed makes travel").isGreaterThan(sound.travel());
    assertThat(broken.benignKilled()).isEqualTo(sound.benignKilled()).isZero();
    assertThat(broken.botKilled()).isZero();
    assertThat(broken.breaker()).as("no kill spike, nothing to trip on").isZero();
    assertThat(sound.benignSteppedUp()).isEqualTo(20);
    assertThat(broken.benignSteppedUp()).isEqualTo(27);
    assertThat(broken.travel()).isEqualTo(118);
  }

  @Test
  void aModelThatTrustsTravelThreeTimesAsMuchKillsAFewOwnersAndNoBot() {
    // travelLlr 12 instead of 4: every broken leg is now worth a step-up on its own, and with a
    // network still on probation (new to the account: the second kind) a kill. Four owners in four
    // hours is not a storm to the breaker (its minimum is 10 recent kills), nor should it be: the
    // defence against a mis-set weight is the publish guard, not the breaker.
    Outcome broken = run(BROKEN, trusting());
    assertThat(broken.travel()).isEqualTo(173);
    assertThat(broken.benignKilled()).isEqualTo(4);
    assertThat(broken.botKilled()).isZero();
    assertThat(broken.breaker()).isZero();
    assertThat(broken.benignSteppedUp()).isEqualTo(28);
  }

  /** The default model with travelLlr 12 (from 4). */
  private static RiskModel trusting() {
    try (InputStream in =
        RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
      ObjectNode n = (ObjectNode) new ObjectMapper().readTree(in);
      ObjectNode ev = (ObjectNode) n.get("evidence");
      ev.put("travelLlr", 12.0);
      n.put("modelVersion", "travel-trusting");
      return RiskModelLoader.parse(n.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
