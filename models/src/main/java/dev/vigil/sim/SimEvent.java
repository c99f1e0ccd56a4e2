package dev.vigil.sim;

/**
 * One request under construction; reused for every event so that the hot loop allocates nothing.
 */
final class SimEvent {
  static final long NONE = Long.MIN_VALUE;

  long time;
  Session session;

  /** Made by the attacker (or, in abuse scenarios, part of the abuse). */
  boolean attacker;

  Endpoint endpoint;

  /** The method and path JSON; an instrument's order book overrides the endpoint's. */
  byte[] endpointJson;

  int status;
  long durationNanos;
  Origin origin;
  Device device;
  byte[] apiKeyJson;
  AuthMethod auth;

  /** -1 absent, 0 false, 1 true. */
  int mfa;

  long nonce;
  long clientTimestamp;
  Instrument instrument;

  /** 0 absent, 1 buy, 2 sell. */
  int side;

  long notionalCents;
  byte[] withdrawalJson;

  void clear() {
    session = null;
    attacker = false;
    endpoint = null;
    endpointJson = null;
    status = 200;
    durationNanos = -1;
    origin = null;
    device = null;
    apiKeyJson = null;
    auth = null;
    mfa = -1;
    nonce = NONE;
    clientTimestamp = NONE;
    instrument = null;
    side = 0;
    notionalCents = -1;
    withdrawalJson = null;
  }

  SimEvent request(Endpoint e) {
    endpoint = e;
    endpointJson = e.json;
    return this;
  }
}
