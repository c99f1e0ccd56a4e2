package dev.vigil.sim;

/**
 * The REST endpoints of a derivatives exchange, with a typical server latency (median of a
 * log-normal, in ms). Order-book paths that name an instrument are built by {@link Instrument}.
 */
public enum Endpoint {
  LOGIN("POST", "/api/v3/auth/login", 120),
  MFA("POST", "/api/v3/auth/mfa", 80),
  LOGOUT("POST", "/api/v3/auth/logout", 15),
  OAUTH_TOKEN("POST", "/api/v3/oauth/token", 60),
  OAUTH_REFRESH("POST", "/api/v3/oauth/token/refresh", 40),
  MARKETS("GET", "/api/v3/markets", 12),
  TICKERS("GET", "/api/v3/markets/tickers", 10),
  ORDERBOOK("GET", "/api/v3/markets/orderbook", 6),
  PUBLIC_TRADES("GET", "/api/v3/markets/trades", 9),
  OPTIONS_CHAIN("GET", "/api/v3/options/chain", 35),
  POSITIONS("GET", "/api/v3/positions", 14),
  BALANCES("GET", "/api/v3/account/balances", 12),
  OPEN_ORDERS("GET", "/api/v3/orders/open", 11),
  ORDER_HISTORY("GET", "/api/v3/orders/history", 40),
  TRADE_HISTORY("GET", "/api/v3/account/trades", 45),
  PLACE_ORDER("POST", "/api/v3/orders", 4),
  CANCEL_ORDER("DELETE", "/api/v3/orders", 3),
  REPLACE_ORDER("PUT", "/api/v3/orders", 4),
  WITHDRAWALS("GET", "/api/v3/wallet/withdrawals", 20),
  WITHDRAW("POST", "/api/v3/wallet/withdrawals", 150),
  WHITELIST("GET", "/api/v3/wallet/whitelist", 15),
  WHITELIST_ADD("POST", "/api/v3/wallet/whitelist", 90),
  API_KEYS("GET", "/api/v3/account/api-keys", 15),
  API_KEY_CREATE("POST", "/api/v3/account/api-keys", 70),
  SUBACCOUNT_TRANSFER("POST", "/api/v3/subaccounts/transfer", 60),
  TRADES_EXPORT("GET", "/api/v3/account/trades/export", 250);

  final byte[] json;
  private final String method;
  private final String path;
  private final double medianMillis;

  Endpoint(String method, String path, double medianMillis) {
    this.method = method;
    this.path = path;
    this.medianMillis = medianMillis;
    this.json = render(method, path);
  }

  static byte[] render(String method, String path) {
    return new ByteBuf(96)
        .ascii(",\"http.request.method\":")
        .string(method)
        .ascii(",\"url.path\":")
        .string(path)
        .toArray();
  }

  public String method() {
    return method;
  }

  public String path() {
    return path;
  }

  public double medianMillis() {
    return medianMillis;
  }

  /** Whether it places, cancels or replaces an order (carries instrument, side and notional). */
  public boolean isOrder() {
    return this == PLACE_ORDER || this == CANCEL_ORDER || this == REPLACE_ORDER;
  }
}
