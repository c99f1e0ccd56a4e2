package dev.vigil.core.evidence;

/**
 * The kinds of evidence (and one policy reason, {@link #USAGE_ABOVE_CEILING}), each with a stable
 * code (the {@code Reason.code} on the wire), the names of its up to three numeric values and a
 * plain-words template filled with them.
 */
public enum EvidenceCode {
  NEW_NETWORK(
      "new_network",
      "request from a network this account rarely or never uses (AS %s, %s), which carried %s of"
          + " the account's recent sessions",
      "asn",
      "country",
      "account_share"),
  NEW_CLIENT(
      "new_client",
      "client software or API key new to this account: client family share %s, API key share %s,"
          + " exchange share %s",
      "client_share",
      "api_key_share",
      "population_share"),
  UNUSUAL_HOUR(
      "unusual_hour",
      "session started at %s h UTC, an hour holding %s of this account's activity",
      "hour_utc",
      "account_share",
      "unused"),
  CONCURRENT_NETWORKS(
      "concurrent_networks",
      "the same session came back from a network it used %s s earlier, with another network in"
          + " between (%s networks in the last %s s)",
      "seconds_since",
      "networks",
      "window_seconds"),
  IMPOSSIBLE_TRAVEL(
      "impossible_travel",
      "the session moved between two networks at least %s km apart (net of their GeoIP accuracy"
          + " radii) in %s s, an implied speed of %s km/h",
      "km",
      "seconds",
      "km_per_hour"),
  REPLAYED_NONCE(
      "replayed_nonce",
      "a request nonce was used again (%s s after first use; decimal nonce below high-water: %s)",
      "seconds_since",
      "below_high_water",
      "unused"),
  CLOCK_SKEW(
      "client_timestamp_outside_window",
      "the signed client timestamp is %s s away from the gateway's clock (window %s s)",
      "skew_seconds",
      "window_seconds",
      "unused"),
  FAILURE_BURST(
      "failure_burst",
      "a burst of failed authentications: %s recent failures on the session, %s on the account"
          + " (allowance %s)",
      "session_failures",
      "account_failures",
      "allowance"),
  RATE_ABOVE_BASELINE(
      "rate_above_baseline",
      "request rate %s/s is %s standard deviations above this account's usual %s/s",
      "requests_per_second",
      "z",
      "baseline_per_second"),
  UNUSUAL_TRANSITION(
      "unusual_transition",
      "went to a sensitive endpoint by a path this account rarely takes (transition share %s,"
          + " endpoint share %s)",
      "transition_share",
      "endpoint_share",
      "unused"),
  UNUSUAL_INSTRUMENT(
      "unusual_instrument",
      "an order on an instrument holding %s of this account's orders",
      "account_share",
      "unused",
      "unused"),
  UNUSUAL_NOTIONAL(
      "unusual_notional",
      "an order of %s USD, %s standard deviations above this account's usual %s USD",
      "notional_usd",
      "z",
      "typical_usd"),
  NEW_WITHDRAWAL_ADDRESS(
      "new_withdrawal_address",
      "a withdrawal to an address holding %s of this account's withdrawals",
      "account_share",
      "unused",
      "unused"),
  /**
   * The network stays fresh for the session it arrived on, even once the profile has adopted it
   * from that session's own first requests: the share may then be high, and the words say so. Value
   * 1 is the novelty threshold (freshNetworkMaxAccountShare).
   */
  SENSITIVE_FROM_FRESH_NETWORK(
      "sensitive_endpoint_fresh_network",
      "a sensitive endpoint was used from a network that was new to this account when this"
          + " session arrived on it (familiar takes a share of %2$s; its share is now %1$s, this"
          + " session's own requests included)",
      "network_share",
      "novelty_share",
      "unused"),
  MFA_PASSED(
      "mfa_passed", "the session passed a second-factor check", "unused", "unused", "unused"),
  // New codes go last: the ordinal is stored in session state.
  WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION(
      "withdrawal_to_address_added_in_session",
      "funds withdrawn to an address this session added to the whitelist (added from a network"
          + " new to the account: %s; address share %s)",
      "fresh_network",
      "account_share",
      "unused"),
  /**
   * Not evidence of compromise but the reason of a usage throttle (LLR 0): the owner's own pace is
   * above what the account normally needs.
   */
  USAGE_ABOVE_CEILING(
      "usage_above_ceiling",
      "request rate %s/s over the last minute is above this session's usage ceiling of %s/s, set"
          + " from the account's usual %s/s: a throttle for the pace, not a sign of compromise",
      "requests_per_second",
      "ceiling_per_second",
      "usual_per_second"),
  // Device, concurrency and location codes (helper device-geo), appended: ordinals are stored.
  /**
   * The user agent's lineage against the account's: value 0 is 1 for a downgrade (an older build of
   * a client and platform the account moved on from), 2 for a known client on a new platform, 3 for
   * a client family the account never used; builds as major + minor / 1000.
   */
  CLIENT_LINEAGE(
      "client_lineage",
      "the client software is unusual for this account (1 older build than the account moved to,"
          + " 2 known client on a new platform, 3 client family never used, 4 known client on a"
          + " device model the account never used, 5 an operating system older than the account"
          + " ran on that device: %s); version %s, the account's newest %s",
      "lineage",
      "build",
      "account_newest_build"),
  INTERLEAVED_NETWORKS(
      "interleaved_networks",
      "the same session alternated between two networks %s times, each switch within %s s (window"
          + " %s s): used from two places at once",
      "switches",
      "seconds_since_switch",
      "window_seconds"),
  INTERLEAVED_CLIENTS(
      "interleaved_clients",
      "the same session alternated between two client programs %s times, each switch within %s s"
          + " (window %s s): used by two clients at once",
      "switches",
      "seconds_since_switch",
      "window_seconds"),
  // Intent evidence (helper evidence-intent): appended, ordinals are stored.
  ENDPOINT_MIX(
      "endpoint_mix",
      "the session's mix of endpoints is unlike this account's: %s requests, %s of them in this"
          + " session, are %s of the account's requests",
      "role",
      "session_count",
      "account_share"),
  SECURITY_CHANGE_THEN_WITHDRAWAL(
      "security_change_then_withdrawal",
      "a withdrawal %s min after the session changed a security setting (MFA, e-mail), %s min"
          + " after the session started",
      "minutes_since_change",
      "session_minutes",
      "unused"),
  KEY_CHANGE_IN_FRESH_SESSION(
      "key_change_in_fresh_session",
      "an API key was created or its permissions changed %s min into the session",
      "session_minutes",
      "unused",
      "unused"),
  FAST_CASH_OUT(
      "fast_cash_out",
      "funds withdrawn to an address added in this session %s min after it started, on a network"
          + " (%s) or client (%s) new to the account",
      "session_minutes",
      "new_network",
      "new_client"),
  // State flooding (issue 14): appended, ordinals are stored.
  /**
   * Many new sessions on one account in a short time: session ids minted by a script (credential
   * stuffing that succeeds, token farming, a flood of the job's state). Scored at each new
   * session's first request; value 0 is the account's decayed count of new sessions, this one
   * included.
   */
  SESSION_BURST(
      "session_burst",
      "a burst of new sessions on this account: %s started recently (decayed with a half-life of %s"
          + " s), above the allowance of %s",
      "new_sessions",
      "half_life_seconds",
      "allowance"),
  // Careful takeovers (issue 9): appended, ordinals are stored.
  /**
   * The session's API key is in use at the same time by an older session of the account from
   * another AS: a copied key used beside the owner's running program. Value 0 is the number of
   * overlaps counted (each at least a third of the window after the one before).
   */
  CONCURRENT_KEY_USE(
      "concurrent_key_use",
      "the session's API key was used %s times by another, older session of this account from"
          + " another AS, each within %s s of this session's request (window %s s): the key is"
          + " in two places at once",
      "overlaps",
      "seconds_since_other",
      "window_seconds"),
  // The exchange job's live signals (issue 12): appended, ordinals are stored. One code per kind
  // of evidence they are, so the two-kinds rule counts a wave on the session's network with the
  // network's other terms ({@code ExchangeEvidence}).
  /**
   * The session's network prefix or AS is the subject of a live credential-stuffing wave; value 2
   * is 1 when the term came with a successful login (a stuffing success).
   */
  EXCHANGE_SIGNAL(
      "exchange_signal",
      "the session's network or AS is in a credential-stuffing wave the exchange job sees across"
          + " %s accounts (signal score %s; a successful login from it: %s)",
      "accounts",
      "signal_score",
      "login_success"),
  /** The session's exact client fingerprint (user agent) is the subject of a live wave. */
  EXCHANGE_SIGNAL_CLIENT(
      "exchange_signal_client",
      "the session's client fingerprint is in a credential-stuffing wave the exchange job sees"
          + " across %s accounts (signal score %s; a successful login with it: %s)",
      "accounts",
      "signal_score",
      "login_success"),
  /** The request's withdrawal address is used by several accounts. */
  EXCHANGE_SIGNAL_ADDRESS(
      "exchange_signal_address",
      "the withdrawal address is shared by %s accounts, as the exchange job sees (signal score %s)",
      "accounts",
      "signal_score",
      "unused"),
  /** The session's API key or session id was presented by two accounts. */
  EXCHANGE_SIGNAL_CREDENTIAL(
      "exchange_signal_credential",
      "the session's API key or session id was presented by %s accounts, as the exchange job sees"
          + " (signal score %s)",
      "accounts",
      "signal_score",
      "unused"),
  /** A session on a fixed line moved to another fixed-line address block within minutes. */
  FIXED_LINE_HOP(
      "fixed_line_hop",
      "the session moved from one fixed-line address block to another %s s after its last request"
          + " on the first (window %s s): a home line keeps its address for the length of a"
          + " session, a copied cookie or token used from elsewhere does not",
      "seconds_since_last_request",
      "window_seconds",
      "unused"),
  /**
   * Not evidence of compromise but the reason of a flood throttle (LLR 0): the exchange job names
   * the session's network, client or account as driving an endpoint's request flood ({@code
   * FLOOD_SOURCE} signal); value 0 is 1 for the network, 2 the client, 3 the account.
   */
  FLOOD_SOURCE(
      "flood_source",
      "the session's source (1 network, 2 client, 3 account: %s) drives a request flood on an"
          + " endpoint, %s requests/s of it as the exchange job sees; the rate limit is tightened to"
          + " %s/s until the flood is over: a throttle for the volume, not a sign of compromise",
      "source",
      "source_requests_per_second",
      "limit_per_second");

  private static final EvidenceCode[] VALUES = values();

  private final String code;
  private final String template;
  private final String[] valueNames;

  EvidenceCode(String code, String template, String... valueNames) {
    this.code = code;
    this.template = template;
    this.valueNames = valueNames;
  }

  /** The stable wire code. */
  public String code() {
    return code;
  }

  public String template() {
    return template;
  }

  /**
   * The template for a term of this sign. A negative term points to the owner, and the words of the
   * familiarity codes must say so ("a network this account uses"), not read as an alarm.
   */
  public String template(double logLikelihoodRatio) {
    if (logLikelihoodRatio >= 0) {
      return template;
    }
    return switch (this) {
      case NEW_NETWORK ->
          "request from a network this account uses (AS %s, %s), which carried %s of the"
              + " account's recent sessions";
      case NEW_CLIENT ->
          "client software or API key this account uses: client family share %s, API key share"
              + " %s, exchange share %s";
      case CLIENT_LINEAGE ->
          "the client software is a known client on a new platform (lineage %s), which owners do"
              + " more often than thieves; build %s, the account's newest %s";
      default -> template;
    };
  }

  /**
   * The template for a term of this sign and these values: where the sign's words would read
   * against the numbers (a network "this account uses" that carried 0% of its sessions), the words
   * say what the term rests on instead.
   */
  public String template(double logLikelihoodRatio, double v0, double v1, double v2) {
    if (logLikelihoodRatio < 0) {
      if (this == NEW_NETWORK && v2 == 0) {
        return "request from an address block new to this account, in an AS or country it uses (AS"
            + " %s, %s); the block itself carried %s of the account's recent sessions";
      }
      if (this == NEW_CLIENT && v0 == 0 && v1 == 0) {
        return "client software and API key new to this account (client family share %s, API"
            + " key share %s) but common on the exchange (exchange share %s), which owners' new"
            + " devices are more often than thieves' tools";
      }
    }
    return template(logLikelihoodRatio);
  }

  /**
   * The name of the count behind this code's estimate (the audit record's value of that name): the
   * account's recent sessions, orders, withdrawals or requests that a share is taken of, decayed
   * like the profile (a session a half-life ago counts one half). Null when the code has none.
   */
  public String basisName() {
    return switch (this) {
      case NEW_NETWORK, SENSITIVE_FROM_FRESH_NETWORK, NEW_CLIENT, UNUSUAL_HOUR ->
          "account_sessions";
      case UNUSUAL_INSTRUMENT -> "account_orders";
      case NEW_WITHDRAWAL_ADDRESS -> "account_withdrawals";
      case UNUSUAL_TRANSITION -> "account_requests";
      default -> null;
    };
  }

  /** The independent source this evidence comes from (see {@link EvidenceKind}). */
  public EvidenceKind kind() {
    return EvidenceKind.of(this);
  }

  /** Name of value {@code i}; "unused" marks a slot that this code does not fill. */
  public String valueName(int i) {
    return valueNames[i];
  }

  public static EvidenceCode byOrdinal(int ordinal) {
    return VALUES[ordinal];
  }
}
