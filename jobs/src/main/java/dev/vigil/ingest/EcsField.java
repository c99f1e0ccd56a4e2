package dev.vigil.ingest;

/**
 * The ECS fields an access-log line may carry, each with the JSON type it must have and its length
 * cap (in UTF-16 chars; 0 = not a string). At most 64 constants: parsers keep a {@code long} bit
 * set of them.
 */
enum EcsField {
  TIMESTAMP("@timestamp", Kind.TIMESTAMP, true, 0),
  SESSION_ID("session.id", Kind.STRING, true, 256),
  USER_ID("user.id", Kind.STRING, true, 256),
  SOURCE_IP("source.ip", Kind.STRING, true, 0),
  METHOD("http.request.method", Kind.STRING, true, 16),
  PATH("url.path", Kind.STRING, true, 2048),
  STATUS("http.response.status_code", Kind.INTEGER, true, 0),
  EVENT_ID("event.id", Kind.STRING, false, 256),
  OUTCOME("event.outcome", Kind.OUTCOME, false, 0),
  DURATION("event.duration", Kind.INTEGER, false, 0),
  USER_AGENT("user_agent.original", Kind.STRING, false, 1024),
  AS_NUMBER("source.as.number", Kind.INTEGER, false, 0),
  AS_ORGANIZATION("source.as.organization.name", Kind.STRING, false, 256),
  COUNTRY("source.geo.country_iso_code", Kind.STRING, false, 2),
  LATITUDE("source.geo.location.lat", Kind.NUMBER, false, 0),
  LONGITUDE("source.geo.location.lon", Kind.NUMBER, false, 0),
  API_KEY_ID("exchange.api_key.id", Kind.STRING, false, 256),
  AUTH_METHOD("exchange.auth.method", Kind.AUTH_METHOD, false, 0),
  MFA("exchange.auth.mfa", Kind.BOOLEAN, false, 0),
  NONCE("exchange.request.nonce", Kind.NONCE, false, 256),
  CLIENT_TIMESTAMP("exchange.request.timestamp", Kind.INTEGER, false, 0),
  INSTRUMENT("exchange.order.instrument", Kind.STRING, false, 256),
  SIDE("exchange.order.side", Kind.SIDE, false, 0),
  NOTIONAL_USD("exchange.order.notional_usd", Kind.NUMBER, false, 0),
  WITHDRAWAL_ADDRESS("exchange.withdrawal.address", Kind.STRING, false, 256),
  GEO_ACCURACY_KM("source.geo.accuracy_radius_km", Kind.NUMBER, false, 0),
  NETWORK_TYPE("source.network.type", Kind.NETWORK_TYPE, false, 0);

  /** The JSON shape a field's value must have. */
  enum Kind {
    STRING,
    TIMESTAMP,
    /** A JSON integer that fits a long. */
    INTEGER,
    /** Any JSON number, read as a double. */
    NUMBER,
    BOOLEAN,
    /** A string, or a JSON integer of any size kept as its decimal text. */
    NONCE,
    OUTCOME,
    AUTH_METHOD,
    SIDE,
    /** A string; a text Vigil does not know is OTHER, not a rejection. */
    NETWORK_TYPE
  }

  static final EcsField[] ALL = values();

  /** Bits of the fields a record must carry. */
  static final long REQUIRED_MASK;

  static {
    long mask = 0;
    for (EcsField f : ALL) {
      if (f.required) {
        mask |= f.bit;
      }
    }
    REQUIRED_MASK = mask;
  }

  final String ecsName;
  final Kind kind;
  final boolean required;
  final int maxLength;
  final long bit;

  EcsField(String ecsName, Kind kind, boolean required, int maxLength) {
    this.ecsName = ecsName;
    this.kind = kind;
    this.required = required;
    this.maxLength = maxLength;
    this.bit = 1L << ordinal();
  }
}
