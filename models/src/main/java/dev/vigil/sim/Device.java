package dev.vigil.sim;

import java.util.SplittableRandom;

/** A client program with its stable user agent. */
public final class Device {
  private final String userAgent;
  final byte[] json;

  public Device(String userAgent) {
    this.userAgent = userAgent;
    this.json = new ByteBuf(200).ascii(",\"user_agent.original\":").string(userAgent).toArray();
  }

  public String userAgent() {
    return userAgent;
  }

  /** A browser or the exchange's mobile app, with plausible versions. */
  static Device retail(SplittableRandom rng, boolean mobile) {
    if (mobile) {
      if (rng.nextBoolean()) {
        return new Device(
            "DerivXApp/5."
                + rng.nextInt(8, 15)
                + "."
                + rng.nextInt(10)
                + " (iPhone; iOS 18."
                + rng.nextInt(4)
                + "; Scale/3.00)");
      }
      return new Device(
          "okhttp/4.12.0 DerivXApp/5."
              + rng.nextInt(8, 15)
              + "."
              + rng.nextInt(10)
              + " (Android "
              + rng.nextInt(12, 16)
              + "; SM-S9"
              + rng.nextInt(10, 30)
              + "B)");
    }
    int chrome = rng.nextInt(128, 133);
    switch (rng.nextInt(4)) {
      case 0:
        return new Device(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
                + " Chrome/"
                + chrome
                + ".0.0.0 Safari/537.36");
      case 1:
        return new Device(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like"
                + " Gecko) Chrome/"
                + chrome
                + ".0.0.0 Safari/537.36");
      case 2:
        return new Device(
            "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like"
                + " Gecko) Version/18."
                + rng.nextInt(3)
                + " Safari/605.1.15");
      default:
        int ff = rng.nextInt(128, 134);
        return new Device(
            "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:"
                + ff
                + ".0) Gecko/20100101 Firefox/"
                + ff
                + ".0");
    }
  }

  /**
   * A phone the account never used running the same app at the same build as {@code phone}: the
   * same platform, another model or OS version (what a SIM-swapper installs to look like the
   * owner).
   */
  static Device anotherPhone(SplittableRandom rng, Device phone) {
    String ua = phone.userAgent();
    int at = ua.indexOf("DerivXApp/");
    int end = ua.indexOf(' ', at);
    if (at < 0 || end < 0) {
      return retail(rng, true);
    }
    String app = ua.substring(at, end);
    while (true) {
      String other =
          ua.contains("iPhone")
              ? app + " (iPhone; iOS 18." + rng.nextInt(4) + "; Scale/3.00)"
              : "okhttp/4.12.0 "
                  + app
                  + " (Android "
                  + rng.nextInt(12, 16)
                  + "; SM-S9"
                  + rng.nextInt(10, 30)
                  + "B)";
      if (!other.equals(ua)) {
        return new Device(other);
      }
    }
  }

  /** A trading client library or an in-house gateway. */
  static Device bot(SplittableRandom rng) {
    switch (rng.nextInt(5)) {
      case 0:
        return new Device("ccxt/4.4." + rng.nextInt(40) + " python-requests/2.32.3");
      case 1:
        return new Device("python-requests/2.3" + rng.nextInt(3) + ".0");
      case 2:
        return new Device("Go-http-client/2.0");
      case 3:
        return new Device("hummingbot/2." + rng.nextInt(5) + ".0");
      default:
        return new Device("axios/1." + rng.nextInt(5, 8) + "." + rng.nextInt(9));
    }
  }

  static Device institutional(SplittableRandom rng) {
    return rng.nextBoolean()
        ? new Device("Apache-HttpClient/5.3." + rng.nextInt(2) + " (Java/17.0.12)")
        : new Device("oms-connector/" + rng.nextInt(2, 5) + "." + rng.nextInt(10) + " (.NET 8.0)");
  }

  /** Tools an attacker scripts with. */
  static Device script(SplittableRandom rng) {
    switch (rng.nextInt(3)) {
      case 0:
        return new Device("python-requests/2.31.0");
      case 1:
        return new Device("curl/8." + rng.nextInt(4, 11) + ".0");
      default:
        return new Device("Go-http-client/1.1");
    }
  }
}
