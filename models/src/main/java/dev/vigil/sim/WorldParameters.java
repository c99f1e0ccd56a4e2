package dev.vigil.sim;

/**
 * The benign behaviours a {@link World} varies. {@link #defaults()} is what the simulator did
 * before worlds existed: with it (and the same scenario mix) a run draws exactly the same random
 * numbers and writes the same events, plus the two GeoIP fields every event now carries.
 *
 * <p>None of these shares has a public figure behind it (exchanges do not publish them); the ranges
 * are wide on purpose, so that a model is tested against owners who do the thing often as well as
 * never.
 *
 * @param geoNoise where the written location of an address falls (see {@link GeoNoise})
 * @param geoAccuracyKm the accuracy radius written as {@code source.geo.accuracy_radius_km} and,
 *     with noise, the radius within which locations are moved; 10 to 1,000 km (MaxMind's range for
 *     city-level and country-level answers); 50 km covers today's placement within ~0.25 degrees of
 *     the city
 * @param mobileSessionShare share of the sessions of owners with the phone app that run on the
 *     phone (today 0.45)
 * @param mobileHopShare share of phone sessions whose carrier address changes every few minutes
 *     (carrier-grade NAT pools, cell changes), besides the {@code mobile_hopping} hard case; 0
 *     today
 * @param homeWifiShare share of those hops that go to the owner's home broadband (the phone joins
 *     the home wifi) instead of another carrier prefix; 0 today
 * @param newWalletShare share of owners' withdrawals that go to a wallet they whitelist there and
 *     then, in the same session; 0 to 0.2 (today 0.1)
 * @param appUpdateShare share of phone sessions in which the app was just updated to a newer build,
 *     which the account keeps from then on; 0 today
 * @param appDowngradeShare share of phone sessions run on an older build than the account's current
 *     one (a reinstalled or second phone); 0 today
 * @param botFailoverOtherProvider share of bot fail-overs that move to another cloud provider
 *     rather than another region of the same one; 0 today (the same provider when it has another
 *     region)
 * @param homeLineScraperShare share of {@code abuse_scraping} runs made by a script of the owner's
 *     on the home line (its own session from the owner's broadband, logged in with the owner's
 *     password, a scripting user agent) rather than inside the owner's browsing session; 0 today
 * @param geoBrokenFrom when a {@link GeoNoise#BROKEN} feed goes bad (see {@link GeoBrokenFrom});
 *     {@link GeoBrokenFrom#WINDOW_START} by default, and only that value without a broken feed
 */
public record WorldParameters(
    GeoNoise geoNoise,
    double geoAccuracyKm,
    double mobileSessionShare,
    double mobileHopShare,
    double homeWifiShare,
    double newWalletShare,
    double appUpdateShare,
    double appDowngradeShare,
    double botFailoverOtherProvider,
    double homeLineScraperShare,
    GeoBrokenFrom geoBrokenFrom) {

  public static final double MIN_ACCURACY_KM = 10;
  public static final double MAX_ACCURACY_KM = 1000;
  public static final double MAX_NEW_WALLET_SHARE = 0.2;

  public WorldParameters {
    if (geoNoise == null) {
      throw new IllegalArgumentException("geo_noise is required");
    }
    if (!(geoAccuracyKm >= MIN_ACCURACY_KM && geoAccuracyKm <= MAX_ACCURACY_KM)) {
      throw new IllegalArgumentException(
          "geo_accuracy_km must be in [10, 1000], got " + geoAccuracyKm);
    }
    share("mobile_session_share", mobileSessionShare, 1);
    share("mobile_hop_share", mobileHopShare, 1);
    share("home_wifi_share", homeWifiShare, 1);
    share("new_wallet_share", newWalletShare, MAX_NEW_WALLET_SHARE);
    share("app_update_share", appUpdateShare, 1);
    share("app_downgrade_share", appDowngradeShare, 1);
    share("bot_failover_other_provider", botFailoverOtherProvider, 1);
    share("home_line_scraper_share", homeLineScraperShare, 1);
    if (geoBrokenFrom == null) {
      throw new IllegalArgumentException("geo_broken_from is required");
    }
    if (geoNoise != GeoNoise.BROKEN && !geoBrokenFrom.equals(GeoBrokenFrom.WINDOW_START)) {
      throw new IllegalArgumentException(
          "geo_broken_from needs geo_noise broken, got geo_noise " + geoNoise.id());
    }
    if (appUpdateShare + appDowngradeShare > 1) {
      throw new IllegalArgumentException(
          "app_update_share + app_downgrade_share must be <= 1, got "
              + (appUpdateShare + appDowngradeShare));
    }
  }

  /** The parameters with a feed broken from the window's start (when {@code geoNoise} is). */
  public WorldParameters(
      GeoNoise geoNoise,
      double geoAccuracyKm,
      double mobileSessionShare,
      double mobileHopShare,
      double homeWifiShare,
      double newWalletShare,
      double appUpdateShare,
      double appDowngradeShare,
      double botFailoverOtherProvider,
      double homeLineScraperShare) {
    this(
        geoNoise,
        geoAccuracyKm,
        mobileSessionShare,
        mobileHopShare,
        homeWifiShare,
        newWalletShare,
        appUpdateShare,
        appDowngradeShare,
        botFailoverOtherProvider,
        homeLineScraperShare,
        GeoBrokenFrom.WINDOW_START);
  }

  private static void share(String name, double v, double max) {
    if (!(v >= 0 && v <= max)) {
      throw new IllegalArgumentException(name + " must be in [0, " + max + "], got " + v);
    }
  }

  /** What the simulator did before worlds: no GeoIP noise, no churn, a tenth of payouts new. */
  public static WorldParameters defaults() {
    return new WorldParameters(
        GeoNoise.NONE, 50, 0.45, 0, 0, RetailSession.NEW_WALLET_SHARE, 0, 0, 0, 0);
  }
}
