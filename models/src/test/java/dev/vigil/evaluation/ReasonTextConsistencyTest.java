package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.engine.CommandFactory;
import dev.vigil.core.engine.Scored;
import dev.vigil.core.engine.SessionRiskEngine;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.Reason;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * Scores a simulated world (400 accounts, attack-rich mix, 5 days of warm-up and 6 hours, seed 11:
 * about 1.1 million evidence terms) and reads every evidence term's reason text against its own
 * values: a text must not claim what its numbers deny (e.g. "a network new to this account (network
 * share 34.0%)" when the novelty threshold is 5%).
 */
class ReasonTextConsistencyTest {

  @Test
  void noReasonTextContradictsItsValues() throws Exception {
    RiskModel model = RiskModelLoader.defaults();
    double novel = model.evidence.freshNetworkMaxAccountShare;
    SimulationConfig c =
        new SimulationConfig(
                400,
                6 * BacktestFixtures.HOUR,
                11,
                ScenarioMix.parse(BacktestFixtures.ATTACK_RICH, "test"))
            .withWarmup(5 * BacktestFixtures.DAY, 6 * BacktestFixtures.HOUR);
    SessionRiskEngine engine = new SessionRiskEngine(new PopulationPrior());
    Scored scored = new Scored();
    Map<String, AccountProfile> accounts = new HashMap<>();
    Map<String, SessionState> sessions = new HashMap<>();
    EventLineDecoder decoder = new EventLineDecoder();
    int[] terms = {0};
    int[] withBasis = {0};
    int[] networkTerms = {0};
    Map<String, Integer> byCode = new TreeMap<>();
    List<String> examples = new ArrayList<>();
    new Simulator(c)
        .run(
            (json, length, t, user) -> {
              AccessEvent e = decoder.decode(json, length);
              engine.score(
                  accounts.computeIfAbsent(e.getAccountId(), k -> new AccountProfile()),
                  sessions.computeIfAbsent(e.getSessionId(), k -> new SessionState()),
                  e,
                  model,
                  scored);
              for (Reason r : CommandFactory.evidenceReasons(scored.evidence())) {
                terms[0]++;
                if (r.getCode().equals("new_network")) {
                  // the count behind the share: the account's recent (decayed) sessions
                  withBasis[0] += r.getValues().containsKey("account_sessions") ? 1 : 0;
                  networkTerms[0]++;
                }
                String why = contradiction(r, novel);
                if (why != null) {
                  byCode.merge(
                      r.getCode() + (r.getLogLikelihoodRatio() < 0 ? "-" : "+"), 1, Integer::sum);
                  if (examples.stream().filter(x -> x.startsWith(r.getCode() + ":")).count() < 3) {
                    examples.add(r.getCode() + ": " + why + " -- " + r.getText());
                  }
                }
              }
            });
    int contradictions = byCode.values().stream().mapToInt(Integer::intValue).sum();
    System.out.printf(
        "reason texts: %d evidence terms, %d contradict their values %s%n%s%n",
        terms[0], contradictions, byCode, String.join("\n", examples));

    // Before the texts were fixed: 2,640 of 1,117,397 terms (new_network for the owner at share 0:
    // 2,133; new_client for the owner at shares 0: 374; sensitive_endpoint_fresh_network at
    // share >= 5%: 133).
    assertThat(terms[0]).isGreaterThan(1000);
    assertThat(examples).isEmpty();
    assertThat(networkTerms[0]).isPositive();
    assertThat(withBasis[0]).isEqualTo(networkTerms[0]);
  }

  /** Why the text contradicts its values, or null when it does not. */
  static String contradiction(Reason r, double novel) {
    Map<String, String> v = r.getValues();
    String text = r.getText();
    boolean forOwner = r.getLogLikelihoodRatio() < 0;
    switch (r.getCode()) {
      case "sensitive_endpoint_fresh_network" -> {
        double share = number(v, "network_share");
        // "new to this account when this session arrived on it" is a claim about the past: the
        // share may since count the session's own requests.
        boolean claimsNewNow =
            text.contains("new to this account") && !text.contains("when this session arrived");
        if (claimsNewNow && share >= novel) {
          return "claims a new network at network share " + share + " >= " + novel;
        }
      }
      case "new_network" -> {
        double share = number(v, "account_share");
        if (!forOwner && text.contains("rarely or never uses") && share >= novel) {
          return "claims a rare network at account share " + share + " >= " + novel;
        }
        if (forOwner && text.contains("this account uses") && share == 0) {
          return "claims a network the account uses at account share 0";
        }
      }
      case "new_client" -> {
        double client = number(v, "client_share");
        double key = number(v, "api_key_share");
        if (!forOwner && text.contains("new to this account") && client >= novel && key >= novel) {
          return "claims a new client or key at shares " + client + ", " + key;
        }
        if (forOwner && text.contains("this account uses") && client == 0 && key == 0) {
          return "claims a client the account uses at shares 0";
        }
      }
      case "client_lineage" -> {
        // The owner-side words name one lineage: a known client on a new platform (2).
        if (forOwner
            && text.contains("known client on a new platform")
            && number(v, "lineage") != 2) {
          return "claims a known client on a new platform at lineage " + v.get("lineage");
        }
      }
      case "unusual_hour" -> {
        if (!forOwner && number(v, "account_share") >= 1.0 / 24) {
          return "an unusual hour holding at least an even 1/24 share: " + v.get("account_share");
        }
      }
      case "fast_cash_out" -> {
        if (text.contains("new to the account")
            && number(v, "new_network") == 0
            && number(v, "new_client") == 0) {
          return "claims a new network or client with neither new";
        }
      }
      default -> {}
    }
    return null;
  }

  private static double number(Map<String, String> values, String name) {
    String s = values.get(name);
    return s == null ? Double.NaN : Double.parseDouble(s);
  }
}
