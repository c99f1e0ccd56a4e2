package dev.vigil.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Statistical tests of the generated traffic against the behaviour each population claims, with
 * fixed seeds and significance 0.001 so that a pass is stable and a broken generator fails.
 */
class TrafficStatisticsTest {

  @Test
  void botInterArrivalsAreExponentialAtTheAccountsRate() {
    SimFixture run =
        new SimFixture(
            new SimulationConfig(
                60,
                30 * 60_000L,
                21,
                SimFixture.mix(
                    "{\"populations\":{\"bot\":1},\"scenarios\":{},\"hard_cases\":{}}")));
    List<Double> normalised = new ArrayList<>();
    List<Double> observedRates = new ArrayList<>();
    for (List<SimFixture.Ev> session : run.bySession().values()) {
      Account a = run.accounts.get(session.get(0).user());
      double rate = a.requestRate();
      for (int i = 1; i < session.size(); i++) {
        normalised.add((session.get(i).time() - session.get(i - 1).time()) * rate / 1000.0);
      }
      if (session.size() > 100) {
        double span = session.get(session.size() - 1).time() - session.get(0).time();
        observedRates.add((session.size() - 1) * 1000.0 / span / rate);
      }
    }
    double[] sample = thin(normalised, 5000);
    double d = SimFixture.ks(sample, x -> 1 - Math.exp(-x));
    assertThat(d).isLessThan(SimFixture.ksCritical(sample.length));
    // Each bot keeps to its own rate (ratio observed / configured).
    assertThat(median(observedRates)).isBetween(0.95, 1.05);
    long fast = run.accounts.values().stream().filter(a -> a.requestRate() >= 10).count();
    assertThat(fast).as("bots at 10 req/s or more").isZero();
  }

  @Test
  void marketMakersQuoteAtFiftyToTwoHundredRequestsPerSecond() {
    SimFixture run =
        new SimFixture(
            new SimulationConfig(
                3,
                3 * 60_000L,
                22,
                SimFixture.mix(
                    "{\"populations\":{\"market_maker\":1},\"scenarios\":{},\"hard_cases\":{}}")));
    assertThat(run.bySession()).hasSize(3);
    for (List<SimFixture.Ev> session : run.bySession().values()) {
      Account a = run.accounts.get(session.get(0).user());
      double observed = session.size() / 180.0;
      assertThat(observed).isBetween(50.0 * 0.95, 200.0 * 1.05);
      assertThat(observed / a.requestRate()).isBetween(0.95, 1.05);
      double[] gaps = new double[session.size() - 1];
      for (int i = 1; i < session.size(); i++) {
        gaps[i - 1] = session.get(i).time() - session.get(i - 1).time();
      }
      // Millisecond timestamps: compare with the exponential discretised by flooring.
      double mean = 1000.0 / a.requestRate();
      int atMost2 = 0;
      for (double g : gaps) {
        atMost2 += g <= 2 ? 1 : 0;
      }
      double expected = 1 - Math.exp(-2.5 / mean);
      assertThat((double) atMost2 / gaps.length)
          .isCloseTo(expected, org.assertj.core.data.Offset.offset(0.05));
    }
  }

  @Test
  void retailGapsFollowTheTwoPhaseHyperExponential() {
    SimFixture run =
        new SimFixture(
            new SimulationConfig(
                1500,
                2 * 3_600_000L,
                23,
                SimFixture.mix(
                    "{\"populations\":{\"retail\":1},\"scenarios\":{},\"hard_cases\":{}}")));
    List<Double> gaps = new ArrayList<>();
    for (List<SimFixture.Ev> session : run.bySession().values()) {
      for (int i = 1; i < session.size(); i++) {
        gaps.add((double) (session.get(i).time() - session.get(i - 1).time()));
      }
    }
    double p = RetailSession.SLOW_PROB;
    double[] sample = thin(gaps, 5000);
    double d =
        SimFixture.ks(
            sample,
            x ->
                1
                    - p * Math.exp(-x / RetailSession.SLOW_MEAN_MS)
                    - (1 - p) * Math.exp(-x / RetailSession.FAST_MEAN_MS));
    assertThat(d).isLessThan(SimFixture.ksCritical(sample.length));
    // And not a plain exponential of the same mean.
    double mean = gaps.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    double dPlain = SimFixture.ks(sample, x -> 1 - Math.exp(-x / mean));
    assertThat(dPlain).isGreaterThan(SimFixture.ksCritical(sample.length));
  }

  @Test
  void retailLoginsFollowTheDiurnalProfileInLocalTime() {
    SimFixture run =
        new SimFixture(
            new SimulationConfig(
                1500,
                24 * 3_600_000L,
                24,
                SimFixture.mix(
                    "{\"populations\":{\"retail\":1},\"scenarios\":{},\"hard_cases\":{}}")));
    double[] byHour = new double[24];
    for (List<SimFixture.Ev> session : run.bySession().values()) {
      SimFixture.Ev first = session.get(0);
      if (!first.path().equals("/api/v3/auth/login")) {
        continue; // began before the window
      }
      int offset = run.accounts.get(first.user()).home().utcOffsetMinutes();
      byHour[Diurnal.localHour(first.time(), offset)]++;
    }
    double total = Arrays.stream(byHour).sum();
    assertThat(total).isGreaterThan(1000);
    double chi2 = 0;
    for (int h = 0; h < 24; h++) {
      double expected = total * Diurnal.retail(h) / 24;
      chi2 += (byHour[h] - expected) * (byHour[h] - expected) / expected;
    }
    // Chi-square, 23 degrees of freedom, 0.001 critical value 49.73.
    assertThat(chi2).isLessThan(49.73);
    double evening = byHour[19] + byHour[20] + byHour[21];
    double night = byHour[2] + byHour[3] + byHour[4];
    assertThat(evening).isGreaterThan(4 * night);
  }

  @Test
  void defaultMixIsMostlyRetailWithEveryHardCaseAndAboutOnePercentAttacked() {
    Simulator sim =
        new Simulator(new SimulationConfig(10_000, 3_600_000L, 7, ScenarioMix.defaults()));
    long[] events = new long[1];
    SimulationResult r;
    try {
      r = sim.run((json, length, time, user) -> events[0]++);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    assertThat(r.events()).isEqualTo(events[0]).isBetween(1_000_000L, 9_000_000L);
    Map<Population, Long> counts = new java.util.EnumMap<>(Population.class);
    sim.accounts().forEach(a -> counts.merge(a.population(), 1L, Long::sum));
    assertThat(counts.get(Population.RETAIL)).isGreaterThan(9000);
    assertThat(counts.get(Population.MARKET_MAKER)).isBetween(1L, 20L);
    java.util.Set<HardCase> shown = java.util.EnumSet.noneOf(HardCase.class);
    java.util.Set<String> attackedAccounts = new java.util.HashSet<>();
    for (Session s : sim.sessions()) {
      if (s.hardCase() != null) {
        shown.add(s.hardCase());
      }
      if (s.scenario() != null && !"attempt".equals(s.kind())) {
        attackedAccounts.add(s.userId());
      }
    }
    assertThat(shown).containsExactlyInAnyOrder(HardCase.values());
    assertThat(attackedAccounts.size()).isBetween(50, 150);
  }

  /** Every k-th value, sorted: fewer, less dependent samples (gaps within a session correlate). */
  private static double[] thin(List<Double> values, int target) {
    int step = Math.max(1, values.size() / target);
    List<Double> kept = new ArrayList<>();
    for (int i = 0; i < values.size(); i += step) {
      kept.add(values.get(i));
    }
    return kept.stream().mapToDouble(Double::doubleValue).sorted().toArray();
  }

  private static double median(List<Double> v) {
    double[] s = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
    return s[s.length / 2];
  }

  @Test
  void aTenthOfOwnersWithdrawalsGoToAWalletTheyWhitelistedJustBefore() throws Exception {
    // Retail owners only, no attacks: every whitelist change and withdrawal is the owner's.
    Simulator sim =
        new Simulator(
            new SimulationConfig(
                10_000,
                6 * 3_600_000L,
                13,
                ScenarioMix.parse(
                    "{\"populations\": {\"retail\": 1, \"bot\": 0, \"market_maker\": 0,"
                        + " \"institutional\": 0}, \"scenarios\": {}, \"hard_cases\": {}}",
                    "test")));
    Map<String, String> whitelisted = new java.util.HashMap<>();
    int[] withdrawals = new int[2]; // all, and to the address the session just whitelisted
    sim.run(
        (json, length, time, user) -> {
          String line = new String(json, 0, length, java.nio.charset.StandardCharsets.UTF_8);
          if (!line.contains("\"POST\"") || !line.contains("/api/v3/wallet/")) {
            return;
          }
          com.fasterxml.jackson.databind.JsonNode e = SimFixture.JSON.readTree(line);
          String session = e.get("session.id").asText();
          String address = e.get("exchange.withdrawal.address").asText();
          if (e.get("url.path").asText().endsWith("/whitelist")) {
            whitelisted.put(session, address);
          } else {
            withdrawals[0]++;
            if (address.equals(whitelisted.remove(session))) {
              withdrawals[1]++;
            }
          }
        });

    double share = (double) withdrawals[1] / withdrawals[0];
    // RetailSession.NEW_WALLET_SHARE is 0.1; about 600 withdrawals give a binomial standard
    // error near 0.012.
    assertThat(withdrawals[0]).isGreaterThan(400);
    assertThat(share).isBetween(0.05, 0.15);
  }
}
