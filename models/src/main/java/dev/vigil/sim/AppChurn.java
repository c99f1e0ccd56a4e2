package dev.vigil.sim;

import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * App updates and downgrades of the exchange's phone app: an owner's phone session may run a newer
 * build than last time (the account keeps it from then on), or an older one than the account moved
 * to (a second or reinstalled phone, a store roll-back). Both change the user agent's version only:
 * the app family, the platform and the phone model stay.
 */
final class AppChurn {
  private static final Pattern BUILD = Pattern.compile("DerivXApp/(\\d+)\\.(\\d+)\\.(\\d+)");

  private AppChurn() {}

  /**
   * The device of an owner's phone session in {@code world}. Draws nothing when the world has no
   * churn, so that such runs are unchanged.
   */
  static Device build(Account a, WorldParameters world, SplittableRandom rng) {
    double update = world.appUpdateShare();
    double downgrade = world.appDowngradeShare();
    if (update + downgrade <= 0) {
      return a.mobileDevice;
    }
    double u = rng.nextDouble();
    if (u < update) {
      a.mobileDevice = withMinor(a.mobileDevice, +1 + rng.nextInt(2), rng.nextInt(10));
      return a.mobileDevice;
    }
    if (u < update + downgrade) {
      return withMinor(a.mobileDevice, -1 - rng.nextInt(3), rng.nextInt(10));
    }
    return a.mobileDevice;
  }

  /** The same app and phone with the minor version moved by {@code delta} (at least 1). */
  static Device withMinor(Device d, int delta, int patch) {
    Matcher m = BUILD.matcher(d.userAgent());
    if (!m.find()) {
      return d;
    }
    int minor = Math.max(1, Integer.parseInt(m.group(2)) + delta);
    String ua =
        d.userAgent().substring(0, m.start())
            + "DerivXApp/"
            + m.group(1)
            + "."
            + minor
            + "."
            + patch
            + d.userAgent().substring(m.end());
    return new Device(ua);
  }

  /** The app's minor version in {@code userAgent}, or -1 when it is not the exchange's app. */
  static int minor(String userAgent) {
    Matcher m = BUILD.matcher(userAgent);
    return m.find() ? Integer.parseInt(m.group(2)) : -1;
  }
}
