package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.sketch.DecayedTopK;
import dev.vigil.core.sketch.Hashing;

/**
 * The estimates behind {@link EvidenceExtractor}'s categorical terms (Freeman et al., NDSS 2016):
 * the owner's probability of a value is the account's decayed frequency smoothed towards a prior,
 * {@code P_acc(x) = (c_x + alpha * P_prior(x)) / (n + alpha)}; the attacker's is a mixture of the
 * population and a rare-value floor. Also the great-circle distance the travel term uses. Pure
 * functions of their arguments, O(table size) for a lookup, no allocation.
 */
final class CategoricalLlr {
  private static final double EARTH_RADIUS_KM = 6371.0;

  private CategoricalLlr() {}

  /** Great-circle distance (haversine formula) on a spherical Earth; error under 0.5 %. */
  public static double haversineKm(double lat1, double lon1, double lat2, double lon2) {
    double dLat = Math.toRadians(lat2 - lat1);
    double dLon = Math.toRadians(lon2 - lon1);
    double h =
        Math.sin(dLat / 2) * Math.sin(dLat / 2)
            + Math.cos(Math.toRadians(lat1))
                * Math.cos(Math.toRadians(lat2))
                * Math.sin(dLon / 2)
                * Math.sin(dLon / 2);
    return 2 * EARTH_RADIUS_KM * Math.asin(Math.min(1.0, Math.sqrt(h)));
  }

  static double networkLlr(
      DecayedTopK table, long key, int kind, PopulationPrior pop, double w, long t, RiskModel m) {
    if (key == Hashing.ABSENT) {
      return 0.0;
    }
    double pPop = pop.probability(kind, key, t, m.population);
    return backoffLlr(table, key, w, m.profile.smoothingAlpha, pPop, attacker(pPop, m));
  }

  /**
   * A key is a secret, so a thief signs with the keys he stole, used as the owner uses them, or
   * with probability q ({@code evidence.attackerNewKeyProbability}) with one the account never used
   * (e.g. one he created): P_att(k) = (1 - q) P_acc(k) + q u. The LLR is therefore ln(1 - q)
   * (slightly negative) for a key the account uses, ln(1 - q + q (n + alpha) / alpha) for a new key
   * on an account with n adopted sessions, and 0 on a brand-new account.
   */
  static double apiKeyLlr(AccountProfile a, long key, double w, double alpha, RiskModel m) {
    if (key == Hashing.ABSENT) {
      return 0.0;
    }
    double u = m.population.unseenProbability;
    double q = m.evidence.attackerNewKeyProbability;
    double owner = smoothed(a.apiKeys, key, w, alpha, u);
    return Math.log(((1 - q) * owner + q * u) / owner);
  }

  /** P_att(x): a mixture of the population and a floor for rare values. */
  static double attacker(double pPop, RiskModel m) {
    double rho = m.population.attackerRareMass;
    return (1 - rho) * pPop + rho * m.population.rareProbability;
  }

  /** ln(pAttacker / P_acc(x)) with P_acc(x) smoothed towards {@code prior}. */
  static double backoffLlr(
      DecayedTopK table, long key, double w, double alpha, double prior, double pAttacker) {
    if (key == Hashing.ABSENT) {
      return 0.0;
    }
    return Math.log(pAttacker / smoothed(table, key, w, alpha, prior));
  }

  static double smoothed(DecayedTopK table, long key, double w, double alpha, double prior) {
    return (table.count(key) / w + alpha * prior) / (table.total() / w + alpha);
  }

  static double share(DecayedTopK table, long key) {
    float total = table.total();
    return total <= 0 || key == Hashing.ABSENT ? 0.0 : table.count(key) / total;
  }
}
