package dev.vigil.sim;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Predicate;

/**
 * Picks victims (each account attacked at most once, never an account with a hard case) and
 * schedules each attack at a random instant between 5% and 60% of the window, so that it unfolds
 * inside it.
 */
final class AttackPlanner {
  private static final long MINUTE = 60_000;
  private final Simulator sim;
  private final Map<Population, List<Account>> pools;
  private final List<Account> all;
  private final Map<Account, BotSource> bots;
  private final SimulationConfig config;

  AttackPlanner(
      Simulator sim,
      Map<Population, List<Account>> pools,
      List<Account> all,
      Map<Account, BotSource> bots,
      SimulationConfig config) {
    this.sim = sim;
    this.pools = pools;
    this.all = all;
    this.bots = bots;
    this.config = config;
  }

  /** Schedules one attack of {@code s}; false when no victim is left. */
  boolean plan(Scenario s, SplittableRandom rng) {
    long t = config.startMs() + (long) (config.durationMs() * (0.05 + 0.55 * rng.nextDouble()));
    switch (s) {
      case STOLEN_API_KEY -> {
        Account v = take(Population.BOT, a -> true);
        if (v == null) {
          return false;
        }
        sim.spawn(new StolenApiKeyAttack(v, rng, t, sim));
      }
      case TOKEN_HIJACK -> {
        Account v = take(Population.RETAIL, a -> true);
        if (v == null) {
          return false;
        }
        RetailSession owner = plannedSession(v, rng, t, 45 * MINUTE);
        sim.spawn(
            new TokenHijackAttack(
                v, owner, rng.split(), t + Rand.between(rng, MINUTE, 8 * MINUTE)));
      }
      case REPLAY -> {
        Account v = take(Population.BOT, a -> true);
        if (v == null) {
          return false;
        }
        sim.spawn(new ReplayAttack(bots.get(v), rng, t));
      }
      case CREDENTIAL_STUFFING -> {
        List<Account> victims = new ArrayList<>();
        int wanted = 1 + rng.nextInt(3);
        for (int i = 0; i < wanted; i++) {
          Account v = take(Population.RETAIL, a -> !a.mfa);
          if (v != null) {
            victims.add(v);
          }
        }
        if (victims.isEmpty()) {
          return false;
        }
        List<Account> targets = new ArrayList<>();
        int attempts = 30 + rng.nextInt(51);
        for (int i = 0; i < attempts * 4 && targets.size() < attempts; i++) {
          Account a = all.get(rng.nextInt(all.size()));
          if (a.population == Population.RETAIL && !victims.contains(a)) {
            targets.add(a);
          }
        }
        sim.spawn(new CredentialStuffingAttack(targets, victims, rng, t));
      }
      case MFA_BRUTE_FORCE -> {
        Account v = take(Population.RETAIL, a -> a.mfa);
        if (v == null) {
          return false;
        }
        sim.spawn(new MfaBruteForceAttack(v, rng, t, sim));
      }
      case LOW_AND_SLOW -> {
        Account v = take(Population.RETAIL, a -> true);
        if (v == null) {
          return false;
        }
        sim.spawn(new LowAndSlowAttack(v, rng, t, sim));
      }
      case LEAKED_MM_KEY -> {
        Account v = take(Population.MARKET_MAKER, a -> true);
        if (v == null) {
          return false;
        }
        sim.spawn(new LeakedMarketMakerKeyAttack(v, rng, t, sim));
      }
      case ABUSE_FLOOD -> {
        Account v = take(Population.BOT, a -> true);
        if (v == null) {
          return false;
        }
        sim.spawn(new AbuseFloodAttack(bots.get(v), rng, t));
      }
      case ABUSE_SCRAPING -> {
        Account v = take(Population.RETAIL, a -> true);
        if (v == null) {
          return false;
        }
        double home = config.world().homeLineScraperShare();
        if (home > 0 && rng.nextDouble() < home) {
          sim.spawn(new AbuseScrapingAttack(v, null, rng.split(), t, sim));
          return true;
        }
        RetailSession owner = plannedSession(v, rng, t, 40 * MINUTE);
        sim.spawn(
            new AbuseScrapingAttack(
                v, owner, rng.split(), t + Rand.between(rng, MINUTE, 3 * MINUTE), sim));
      }
      case SIM_SWAP -> {
        // A SIM swap needs a carrier of the victim's country and pays off on an MFA account.
        Account v = take(Population.RETAIL, a -> a.mfa && a.mobileAsn.country().equals(a.home));
        if (v == null) {
          v = take(Population.RETAIL, a -> true);
        }
        if (v == null) {
          return false;
        }
        sim.spawn(new SimSwapAttack(v, rng, t, sim));
      }
      case READONLY_KEY_EXFIL -> {
        Account v = take(Population.BOT, a -> true);
        if (v == null) {
          return false;
        }
        sim.spawn(new ReadOnlyKeyExfilAttack(v, rng, t, sim));
      }
      case COOKIE_HIJACK_LOCAL -> {
        Account v = take(Population.RETAIL, a -> true);
        if (v == null) {
          return false;
        }
        RetailSession owner = plannedSession(v, rng, t, 45 * MINUTE, true);
        sim.spawn(
            new CookieHijackLocalAttack(
                v, owner, rng.split(), t + Rand.between(rng, MINUTE, 5 * MINUTE)));
      }
    }
    return true;
  }

  /** An owner's session that is sure to be active when the attack joins it. */
  private RetailSession plannedSession(Account v, SplittableRandom rng, long t, long minMs) {
    return plannedSession(v, rng, t, minMs, false);
  }

  private RetailSession plannedSession(
      Account v, SplittableRandom rng, long t, long minMs, boolean web) {
    RetailSession owner =
        new RetailSession(
            v, rng.split(), t, minMs, sim.newSession(v.id, Population.RETAIL), sim, web);
    sim.spawn(owner);
    return owner;
  }

  private Account take(Population p, Predicate<Account> fits) {
    for (Iterator<Account> it = pools.get(p).iterator(); it.hasNext(); ) {
      Account a = it.next();
      if (fits.test(a)) {
        it.remove();
        return a;
      }
    }
    return null;
  }
}
