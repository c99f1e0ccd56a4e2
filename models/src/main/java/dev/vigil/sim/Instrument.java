package dev.vigil.sim;

import java.util.List;

/** A listed contract; {@code liquid} is false for deep out-of-the-money, long-dated options. */
public record Instrument(
    int index, String name, boolean liquid, byte[] json, byte[] orderbookJson) {

  public static final List<Instrument> ALL =
      List.of(
          of(0, "BTC-PERP", true),
          of(1, "ETH-PERP", true),
          of(2, "SOL-PERP", true),
          of(3, "XRP-PERP", true),
          of(4, "DOGE-PERP", true),
          of(5, "BTC-27NOV26", true),
          of(6, "ETH-27NOV26", true),
          of(7, "BTC-25DEC26", true),
          of(8, "BTC-27NOV26-95000-C", true),
          of(9, "BTC-27NOV26-95000-P", true),
          of(10, "BTC-27NOV26-100000-C", true),
          of(11, "ETH-27NOV26-3500-C", true),
          of(12, "ETH-27NOV26-3000-P", true),
          of(13, "BTC-25DEC26-110000-C", true),
          of(14, "ETH-26MAR27-9000-C", false),
          of(15, "BTC-26MAR27-250000-C", false),
          of(16, "SOL-26MAR27-600-C", false),
          of(17, "ETH-26MAR27-800-P", false));

  /** Liquid contracts: what benign traders mostly touch. */
  public static final int LIQUID = 14;

  private static Instrument of(int i, String name, boolean liquid) {
    return new Instrument(
        i,
        name,
        liquid,
        new ByteBuf(64).ascii(",\"exchange.order.instrument\":").string(name).toArray(),
        Endpoint.render("GET", "/api/v3/markets/" + name + "/orderbook"));
  }
}
