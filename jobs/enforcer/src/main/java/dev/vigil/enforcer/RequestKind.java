package dev.vigil.enforcer;

/** What a request does, as far as enforcement cares (the gateway maps its endpoints to these). */
public enum RequestKind {
  /** Anything not below: trading, reading, account changes. */
  ORDINARY,
  /** A withdrawal to an address that was on the whitelist before this session. */
  WITHDRAWAL,
  /**
   * A withdrawal to an address this session added to the whitelist: held under either hold scope
   * ({@code ADDRESSES_ADDED_IN_SESSION} or {@code ALL}).
   */
  WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION,
  /** The step-up exchange itself: never blocked by a pending step-up. */
  STEP_UP_EXCHANGE,
  /** Logout: never blocked by a pending step-up. */
  LOGOUT;

  boolean withdrawal() {
    return this == WITHDRAWAL || this == WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION;
  }

  boolean passesStepUp() {
    return this == STEP_UP_EXCHANGE || this == LOGOUT;
  }
}
