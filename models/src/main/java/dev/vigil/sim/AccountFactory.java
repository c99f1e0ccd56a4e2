package dev.vigil.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Draws an account's stable traits for its population. */
final class AccountFactory {
  private AccountFactory() {}

  static Account create(int index, String id, Population p, SplittableRandom rng) {
    String address = "bc1q" + Rand.hex(rng.nextLong(), index) + Rand.hex(rng.nextLong(), 7);
    switch (p) {
      case RETAIL -> {
        Country home = Networks.retailHome(rng);
        return new Account(
            index,
            id,
            p,
            home,
            null,
            rng.nextDouble() < 0.8,
            Device.retail(rng, false),
            rng.nextDouble() < 0.7 ? Device.retail(rng, true) : null,
            Networks.pick(rng, NetworkType.RESIDENTIAL, home),
            Networks.pick(rng, NetworkType.MOBILE, home),
            Math.min(20, Math.max(0.05, Rand.logNormal(rng, 1.2, 0.8))),
            0,
            (long) Rand.logNormal(rng, 50_000, 1.2),
            null,
            address,
            instruments(rng, 3, Instrument.LIQUID));
      }
      case BOT, MARKET_MAKER -> {
        Asn cloud = randomOf(rng, NetworkType.CLOUD);
        boolean mm = p == Population.MARKET_MAKER;
        double rate =
            mm ? 50 * Math.pow(4, rng.nextDouble()) : Math.min(9.5, Rand.logNormal(rng, 0.8, 0.8));
        return new Account(
            index,
            id,
            p,
            cloud.country(),
            null,
            false,
            Device.bot(rng),
            null,
            cloud,
            null,
            0,
            rate,
            (long) Rand.logNormal(rng, mm ? 500_000 : 2_000_000, 1.0),
            "ak_" + Rand.hex(rng.nextLong(), index).substring(0, 12),
            address,
            instruments(rng, mm ? 6 + rng.nextInt(7) : 2 + rng.nextInt(4), Instrument.LIQUID));
      }
      default -> {
        Country home = Networks.retailHome(rng);
        return new Account(
            index,
            id,
            p,
            home,
            null,
            true,
            Device.institutional(rng),
            null,
            Networks.pick(rng, NetworkType.CLOUD, home),
            null,
            2.0,
            0.2 * Math.pow(10, rng.nextDouble()),
            (long) Rand.logNormal(rng, 20_000_000, 1.0),
            "oc_" + Rand.hex(rng.nextLong(), index).substring(0, 12),
            address,
            instruments(rng, 5, Instrument.LIQUID));
      }
    }
  }

  static void giveHardCase(Account a, HardCase h, SimulationConfig c, SplittableRandom rng) {
    a.hardCase = h;
    long to = c.startMs() + c.durationMs() / 2;
    if (h == HardCase.TRAVELLER) {
      // Most travellers have landed by the window; some fly during it.
      long from = c.startMs() - 18 * 3_600_000L;
      a.hardCaseAt = from + (long) (rng.nextDouble() * (to - from));
      Country dest;
      do {
        dest = Networks.COUNTRIES.get(rng.nextInt(Networks.COUNTRIES.size()));
      } while (dest.distanceKm(a.home) < 300);
      a.travelTo = dest;
    } else if (h == HardCase.NEW_DEVICE) {
      long from = c.startMs() - 6 * 3_600_000L;
      a.hardCaseAt = from + (long) (rng.nextDouble() * (to - from));
      a.newDevice = Device.retail(rng, rng.nextBoolean());
    }
  }

  private static int[] instruments(SplittableRandom rng, int n, int of) {
    List<Integer> all = new ArrayList<>();
    for (int i = 0; i < of; i++) {
      all.add(i);
    }
    int[] out = new int[Math.min(n, of)];
    for (int i = 0; i < out.length; i++) {
      out[i] = all.remove(rng.nextInt(all.size()));
    }
    return out;
  }

  private static Asn randomOf(SplittableRandom rng, NetworkType type) {
    List<Asn> from = new ArrayList<>();
    for (Asn a : Networks.ASNS) {
      if (a.type() == type) {
        from.add(a);
      }
    }
    return from.get(rng.nextInt(from.size()));
  }
}
