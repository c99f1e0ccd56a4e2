package dev.vigil.core.profile;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.sketch.CountMinSketch;
import dev.vigil.core.sketch.Hashing;

/**
 * Exchange-wide frequencies of network prefixes, AS numbers, countries and client families, which
 * account profiles back off to (Freeman, Jain, Dürmuth, Biggio and Giacinto, "Who Are You? A
 * Statistical Approach to Measuring User Authenticity", NDSS 2016).
 *
 * <p>What is counted: one unit each time an account profile adopts a value it did not hold, so the
 * frequency approximates the share of accounts that use a value, not the share of requests (a
 * single busy bot does not make its network look common). Counts decay with the population
 * half-life by forward decay.
 *
 * <p>Estimate: {@code P_pop(x) = (c_x + m * u) / (N_kind + m)} with c_x the Count-Min estimate,
 * N_kind the decayed total of that kind, m = {@code population.priorWeight} and u = {@code
 * population.unseenProbability}; with no data it is u. Memory: a 4 x 4096 Count-Min sketch of
 * floats (64 KiB) shared by all kinds, over-estimating c_x by at most e/4096 * N with probability 1
 * - e^-4.
 *
 * <p>Endpoint roles are counted apart, per request rather than per adoption, in a small decayed
 * table (one float per role): the exchange's role mix that a new account's mix backs off to, {@code
 * P_pop(role) = (c_role + m / R) / (N + m)} with R roles. Each learning session contributes at most
 * its first {@value #ROLE_REQUESTS_PER_SESSION} requests, so sessions weigh about equally and a
 * bot's day of orders does not make the exchange look like one big order book.
 *
 * <p>Limits: in a partitioned job each instance sees its share of accounts, which is a random
 * sample by account hash; many fresh accounts on one hosting network make that network look common
 * (accepted: it dilutes the rarity bonus, not the per-account novelty). Not thread-safe.
 */
public final class PopulationPrior {
  public static final int NETWORK_PREFIX = 0;
  public static final int ASN = 1;
  public static final int COUNTRY = 2;
  public static final int CLIENT_FAMILY = 3;
  static final int KINDS = 4;

  /** Requests of one session that teach the population's role mix. */
  public static final int ROLE_REQUESTS_PER_SESSION = 32;

  private static final int MIX_ROLES =
      (int) java.util.Arrays.stream(EndpointRole.values()).filter(EndpointRole::inMix).count();

  // Package-private for PopulationPriorMapper.
  final CountMinSketch sketch = new CountMinSketch(4096, 4);
  final float[] totals = new float[KINDS];
  final float[] roles = new float[EndpointRole.COUNT];
  float rolesTotal;
  float mixTotal;
  long landmarkMillis = Long.MIN_VALUE;

  /** Probability of feature {@code hash} of {@code kind} in the population at {@code nowMillis}. */
  public double probability(int kind, long hash, long nowMillis, RiskModel.Population pm) {
    double u = pm.unseenProbability;
    if (hash == Hashing.ABSENT || landmarkMillis == Long.MIN_VALUE) {
      return u;
    }
    double w =
        ForwardDecay.weight(nowMillis, landmarkMillis, ForwardDecay.tauMillis(pm.halfLifeDays));
    double c = sketch.estimate(Hashing.salt(hash, kind)) / w;
    double n = totals[kind] / w;
    double m = pm.priorWeight;
    return Math.min(1.0, (c + m * u) / (n + m));
  }

  /**
   * Share of endpoint role {@code role} among the population's requests of roles in the mix ({@link
   * EndpointRole#inMix()}) at {@code nowMillis}: {@code (c_r + m / R) / (N + m)} with R the number
   * of such roles.
   */
  public double mixRoleProbability(int role, long nowMillis, RiskModel.Population pm) {
    double m = pm.priorWeight;
    double uniform = 1.0 / MIX_ROLES;
    if (landmarkMillis == Long.MIN_VALUE || mixTotal <= 0) {
      return uniform;
    }
    double w =
        ForwardDecay.weight(nowMillis, landmarkMillis, ForwardDecay.tauMillis(pm.halfLifeDays));
    return (roles[role] / w + m * uniform) / (mixTotal / w + m);
  }

  /** Counts one more request of endpoint role {@code role}. */
  public void observeRole(int role, long nowMillis, RiskModel.Population pm) {
    float w = advance(nowMillis, pm);
    roles[role] += w;
    rolesTotal += w;
    if (EndpointRole.byOrdinal(role).inMix()) {
      mixTotal += w;
    }
  }

  /** Counts one more account adopting {@code hash}. */
  public void observe(int kind, long hash, long nowMillis, RiskModel.Population pm) {
    if (hash == Hashing.ABSENT) {
      return;
    }
    float w = advance(nowMillis, pm);
    sketch.add(Hashing.salt(hash, kind), w);
    totals[kind] += w;
  }

  private float advance(long nowMillis, RiskModel.Population pm) {
    if (landmarkMillis == Long.MIN_VALUE) {
      landmarkMillis = nowMillis;
    }
    double w =
        ForwardDecay.weight(nowMillis, landmarkMillis, ForwardDecay.tauMillis(pm.halfLifeDays));
    if (w > ForwardDecay.RESCALE_ABOVE) {
      float f = (float) (1.0 / w);
      sketch.rescale(f);
      for (int k = 0; k < KINDS; k++) {
        totals[k] *= f;
      }
      for (int r = 0; r < EndpointRole.COUNT; r++) {
        roles[r] *= f;
      }
      rolesTotal *= f;
      mixTotal *= f;
      landmarkMillis = nowMillis;
      w = 1.0;
    }
    return (float) w;
  }

  /** Decayed number of adoptions of {@code kind} seen (for tests and monitoring). */
  public double total(int kind, long nowMillis, RiskModel.Population pm) {
    if (landmarkMillis == Long.MIN_VALUE) {
      return 0;
    }
    return totals[kind]
        / ForwardDecay.weight(nowMillis, landmarkMillis, ForwardDecay.tauMillis(pm.halfLifeDays));
  }
}
