package dev.vigil.sim;

import java.util.SplittableRandom;

/**
 * An exchange account and the stable traits of its owner. Drawn once per run from the seed; the
 * fields are what the behaviours and the statistical tests rely on.
 */
public final class Account {
  final int index;
  final String id;
  final Population population;
  final Country home;
  HardCase hardCase;
  final boolean mfa;
  final Device device;

  /** Second device (phone app), or null; an app update replaces it with the newer build. */
  Device mobileDevice;

  final Asn homeAsn;
  final Asn mobileAsn;

  /** Retail/institutional: mean sessions per day; bots: unused. */
  final double sessionsPerDay;

  /** Bots, market makers, institutional: mean requests per second in a session. */
  final double requestRate;

  /** Median order notional in cents (orders are Pareto around it). */
  final long notionalCents;

  final String apiKeyId;
  final byte[] apiKeyJson;
  final byte[] whitelistJson;

  /** Instruments the account trades (indexes into {@link Instrument#ALL}). */
  final int[] instruments;

  /** Traveller: when the trip starts; new_device: when the new device appears. */
  long hardCaseAt = Long.MIN_VALUE;

  Country travelTo;
  Device newDevice;

  Account(
      int index,
      String id,
      Population population,
      Country home,
      HardCase hardCase,
      boolean mfa,
      Device device,
      Device mobileDevice,
      Asn homeAsn,
      Asn mobileAsn,
      double sessionsPerDay,
      double requestRate,
      long notionalCents,
      String apiKeyId,
      String whitelistAddress,
      int[] instruments) {
    this.index = index;
    this.id = id;
    this.population = population;
    this.home = home;
    this.hardCase = hardCase;
    this.mfa = mfa;
    this.device = device;
    this.mobileDevice = mobileDevice;
    this.homeAsn = homeAsn;
    this.mobileAsn = mobileAsn;
    this.sessionsPerDay = sessionsPerDay;
    this.requestRate = requestRate;
    this.notionalCents = notionalCents;
    this.apiKeyId = apiKeyId;
    this.apiKeyJson =
        apiKeyId == null
            ? null
            : new ByteBuf(64).ascii(",\"exchange.api_key.id\":").string(apiKeyId).toArray();
    this.whitelistJson = withdrawalJson(whitelistAddress);
    this.instruments = instruments;
  }

  /** A withdrawal address nobody used before (bech32-looking), as its JSON field. */
  static byte[] freshAddress(SplittableRandom rng) {
    return withdrawalJson("bc1q" + Rand.hex(rng.nextLong(), 1) + Rand.hex(rng.nextLong(), 2));
  }

  static byte[] withdrawalJson(String address) {
    return new ByteBuf(96).ascii(",\"exchange.withdrawal.address\":").string(address).toArray();
  }

  public String id() {
    return id;
  }

  public Population population() {
    return population;
  }

  public Country home() {
    return home;
  }

  /** The hard case assigned to the account, or null. */
  public HardCase hardCase() {
    return hardCase;
  }

  public double requestRate() {
    return requestRate;
  }

  public double sessionsPerDay() {
    return sessionsPerDay;
  }

  public String apiKeyId() {
    return apiKeyId;
  }

  public boolean mfa() {
    return mfa;
  }
}
