package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * Starts an account's sessions as a non-homogeneous Poisson process whose intensity follows the
 * owner's local-time activity profile, sampled by thinning (Lewis and Shedler 1979): candidates at
 * the maximum rate, each kept with probability intensity/maximum. Exact for a piecewise-constant
 * intensity. Sessions may overlap (e.g. phone and laptop).
 */
final class SessionScheduler extends Source {
  private final Account account;
  private final SplittableRandom rng;
  private final double maxPerMs;

  SessionScheduler(Account account, SplittableRandom rng, long from) {
    this.account = account;
    this.rng = rng;
    double max =
        account.population == Population.INSTITUTIONAL
            ? Diurnal.institutionalMax()
            : Diurnal.retailMax();
    this.maxPerMs = account.sessionsPerDay * max / 86_400_000.0;
    this.next = from + Rand.expMillis(rng, 1 / maxPerMs);
  }

  @Override
  boolean step(SimEvent e, Simulator sim) {
    long t = next;
    int offset = account.home.utcOffsetMinutes();
    int h = Diurnal.localHour(t, offset);
    double weight =
        account.population == Population.INSTITUTIONAL
            ? Diurnal.institutional(h, Diurnal.localDayOfWeek(t, offset))
                / Diurnal.institutionalMax()
            : Diurnal.retail(h) / Diurnal.retailMax();
    if (rng.nextDouble() < weight) {
      SplittableRandom child = rng.split();
      sim.spawn(
          account.population == Population.INSTITUTIONAL
              ? new InstitutionalSession(account, child, t, sim)
              : new RetailSession(account, child, t, 0, null, sim));
    }
    next = t + Rand.expMillis(rng, 1 / maxPerMs);
    return false;
  }
}
