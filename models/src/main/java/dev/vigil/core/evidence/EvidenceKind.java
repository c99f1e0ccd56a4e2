package dev.vigil.core.evidence;

/**
 * Independent sources of evidence. Terms of one kind share their failure mode (one noisy GeoIP
 * field, one network table, one client string), so the kill rule counts kinds, not terms: a session
 * is killed only on evidence of at least two kinds, and a field that goes bad can at most step up.
 * Every {@link EvidenceCode} has exactly one kind ({@link #of}; the switch is exhaustive, so a new
 * code does not compile without one); {@link #CHALLENGE} is the one kind no code has.
 */
public enum EvidenceKind {
  /** Where the session comes from: prefix, AS, country. */
  NETWORK,
  /** What the session runs on: client family and build, API key. */
  DEVICE,
  /** GeoIP coordinates: travel legs. */
  LOCATION,
  /** The same session or API key in two places or on two clients at once. */
  CONCURRENCY,
  /** Failed authentication, second-factor outcomes and bursts of new sessions (logins). */
  CREDENTIAL,
  /** Request-level protocol facts: replayed nonces, skewed signed timestamps. */
  PROTOCOL,
  /** What the session does: hours, rates, endpoint paths and mix, instruments, notional. */
  BEHAVIOUR,
  /** Moving funds out: new addresses, withdrawals to addresses added in the session. */
  CASH_OUT,
  /**
   * The gateway's challenge: a step-up the session failed or abandoned, reported on {@code
   * vigil.enforcement-outcomes} ({@code dev.vigil.core.engine.OutcomeEffects}). It comes from the
   * gateway, not from the access log, so it fails independently of the evidence that called for the
   * step-up; no {@link EvidenceCode} has it.
   */
  CHALLENGE,
  /** Not evidence of compromise (policy reasons such as a usage throttle). */
  NONE;

  private static final EvidenceKind[] VALUES = values();

  public static EvidenceKind byOrdinal(int ordinal) {
    return VALUES[ordinal];
  }

  /** The kind of a code. */
  public static EvidenceKind of(EvidenceCode code) {
    return switch (code) {
      case NEW_NETWORK, SENSITIVE_FROM_FRESH_NETWORK, EXCHANGE_SIGNAL -> NETWORK;
      case NEW_CLIENT, CLIENT_LINEAGE, EXCHANGE_SIGNAL_CLIENT -> DEVICE;
      // A fixed-line hop rests on the GeoIP feed's network type as travel rests on its location:
      // one broken feed (every address typed residential and placed anywhere) must not make two
      // kinds, so the hop is location evidence, not concurrency (BrokenGeoIpScenarioTest).
      case IMPOSSIBLE_TRAVEL, FIXED_LINE_HOP -> LOCATION;
      case CONCURRENT_NETWORKS,
          INTERLEAVED_NETWORKS,
          INTERLEAVED_CLIENTS,
          CONCURRENT_KEY_USE,
          EXCHANGE_SIGNAL_CREDENTIAL ->
          CONCURRENCY;
      case FAILURE_BURST, MFA_PASSED, SESSION_BURST -> CREDENTIAL;
      case REPLAYED_NONCE, CLOCK_SKEW -> PROTOCOL;
      case UNUSUAL_HOUR,
          RATE_ABOVE_BASELINE,
          UNUSUAL_TRANSITION,
          UNUSUAL_INSTRUMENT,
          UNUSUAL_NOTIONAL,
          ENDPOINT_MIX ->
          BEHAVIOUR;
      case NEW_WITHDRAWAL_ADDRESS,
          WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION,
          SECURITY_CHANGE_THEN_WITHDRAWAL,
          KEY_CHANGE_IN_FRESH_SESSION,
          FAST_CASH_OUT,
          EXCHANGE_SIGNAL_ADDRESS ->
          CASH_OUT;
      case USAGE_ABOVE_CEILING, FLOOD_SOURCE -> NONE;
    };
  }
}
