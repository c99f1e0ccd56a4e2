package dev.vigil.evaluation;

import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;

/**
 * The simulated runs the scenario and calibration tests replay through the default model. Sizes
 * keep each run to a few seconds on the 2-core build machine: no market makers (at 50-200 requests
 * a second one of them would outweigh everything else, so leaked_mm_key is not simulated), five
 * days of history for people and six hours for bots, whose profiles fill within hours.
 */
final class BacktestFixtures {
  static final long HOUR = 3_600_000L;
  static final long DAY = 24 * HOUR;

  /** Attack-rich: every scenario but leaked_mm_key at 1.5% of accounts, hard cases boosted. */
  static final String ATTACK_RICH =
      "{\"populations\": {\"retail\": 0.88, \"bot\": 0.08, \"market_maker\": 0,"
          + " \"institutional\": 0.04},"
          + " \"scenarios\": {\"stolen_api_key\": 0.015, \"token_hijack\": 0.015,"
          + " \"replay\": 0.015, \"credential_stuffing\": 0.015, \"mfa_brute_force\": 0.015,"
          + " \"low_and_slow\": 0.015, \"abuse_flood\": 0.015, \"abuse_scraping\": 0.015},"
          + " \"hard_cases\": {\"traveller\": 0.15, \"vpn\": 0.15, \"mobile_hopping\": 0.15,"
          + " \"new_device\": 0.15, \"bot_failover\": 0.25, \"market_open_burst\": 0.2,"
          + " \"clock_drift\": 0.2}}";

  /**
   * The default preset's base rate (about 1% of accounts attacked, spread evenly, default hard
   * cases) without market makers: what calibration is measured on, since a probability is
   * calibrated for the traffic it sees.
   */
  static final String REALISTIC =
      "{\"populations\": {\"retail\": 0.95, \"bot\": 0.04, \"market_maker\": 0,"
          + " \"institutional\": 0.01},"
          + " \"scenarios\": {\"stolen_api_key\": 0.0011, \"token_hijack\": 0.0011,"
          + " \"replay\": 0.0011, \"credential_stuffing\": 0.0011, \"mfa_brute_force\": 0.0011,"
          + " \"low_and_slow\": 0.0011, \"abuse_flood\": 0.0011, \"abuse_scraping\": 0.0011}}";

  private BacktestFixtures() {}

  static Backtest.Result run(int accounts, long windowMs, long seed, String mix) {
    SimulationConfig c =
        new SimulationConfig(accounts, windowMs, seed, ScenarioMix.parse(mix, "test"))
            .withWarmup(5 * DAY, 6 * HOUR);
    return Backtest.simulate(c, RiskModelLoader.defaults());
  }
}
