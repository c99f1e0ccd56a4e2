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
 * <p>Parallelism: in a partitioned job each subtask keeps one instance over the accounts it holds,
 * a random sample of about 1/k of them by key group at parallelism k, so the same events give
 * slightly different results at different parallelisms (issue 10). How much: for a value that only
 * accounts of one subtask use (an account's own home network or client, the usual familiar value)
 * the subtask's total is about N/k and c_x unchanged, so P_pop is up to k times larger, {@code |Δ
 * ln P_pop| <= ln k}; a value used by accounts in several subtasks is a share estimated from 1/k of
 * the accounts (relative error about sqrt(k / c_x)), and values many accounts use hardly move. A
 * categorical term {@code ln(P_att / P_acc)}, with {@code P_att = (1 - rho) P_pop + rho r} and
 * {@code P_acc = (c + alpha P_pop) / (n + alpha)} ({@code EvidenceExtractor}), has {@code d/d ln
 * P_pop = (1 - rho) P_pop / P_att - alpha P_pop / (c + alpha P_pop)}, a difference of two numbers
 * in [0, 1]: it moves by at most its weight times {@code |Δ ln P_pop|}, nearly that much for a
 * value the account knows well (its own evidence c outweighs alpha P_pop on the owner's side, the
 * attacker's side follows the prior) and hardly at all for a value new to the account (both sides
 * follow the prior and cancel, up to {@code rho r / ((1 - rho) P_pop)}) unless it is rare
 * exchange-wide. With the default weights (prefix 0.5, AS 0.5, country 0.4, client family 0.5) a
 * session's log-odds so move by about 1.9 ln k nats at most in the usual case (1.3 at k = 2, 2.6 at
 * k = 4); not a worst case: a value held by a few accounts that all sit in other subtasks moves
 * more, up to each term's clamp. The endpoint-role mix, a share over the first requests of many
 * sessions, moves little. Measured ({@code ParallelismBoundIT}: 100 accounts, two hours after two
 * days, seed 3, 551,123 events): the same kills, holds and step-ups at k = 1, 2 and 4; 235, 230 and
 * 233 commands (timeouts and rate limits near a threshold move by an event); largest difference of
 * a session's highest log-odds 0.43 nats at k = 2 and 0.94 at k = 4, 0.34 among sessions that reach
 * 1%. On a larger file (300 accounts, 11,953,712 events, seed 3): 340, 343 and 341 commands, the
 * same 23 kills and 16 holds, the same 26 sessions stepped up (one of them 2.4 s later at k = 2 and
 * 4, its probability at the first step-up event 0.086 and 0.075 instead of 0.112), 0.43 nats among
 * sessions that reach 1%. Making the prior independent of partitioning would need every subtask to
 * see every adoption in event time (a broadcast of all adoptions, aligned on watermarks before
 * scoring): not done, the bound is tested instead.
 *
 * <p>Limits: many fresh accounts on one hosting network make that network look common (accepted: it
 * dilutes the rarity bonus, not the per-account novelty). Not thread-safe.
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
