package dev.vigil.enforcer;

/**
 * What the gateway does with one request of a session ({@link ReferenceEnforcer#check}), strongest
 * last (README, "For gateway teams").
 */
public enum Decision {
  /** Serve the request. */
  ALLOW,
  /** The session's rate limit is spent: answer HTTP 429 with Retry-After. */
  THROTTLE,
  /**
   * A step-up is pending: answer with a challenge instead of serving (for bearer tokens HTTP 401,
   * {@code WWW-Authenticate: Bearer error="insufficient_user_authentication"}, RFC 9470).
   */
  CHALLENGE,
  /**
   * Refuse: the session was killed or has ended (timeout, failed or abandoned step-up), or the
   * request is a withdrawal under a hold.
   */
  DENY
}
