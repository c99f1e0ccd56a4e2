package dev.vigil.sim;

import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Renders a {@link SimEvent} as one line of the events.jsonl contract (dotted ECS names). Constant
 * fragments are pre-rendered; the timestamp's date-and-second prefix is cached per second.
 */
final class EventJsonWriter {
  private static final byte[] OK = bytes(",\"event.outcome\":\"success\"");
  private static final byte[] FAILED = bytes(",\"event.outcome\":\"failure\"");
  private static final byte[] BUY = bytes(",\"exchange.order.side\":\"buy\"");
  private static final byte[] SELL = bytes(",\"exchange.order.side\":\"sell\"");

  private final ByteBuf out = new ByteBuf(1024);
  private final byte[] eventIdPrefix;
  private long cachedSecond = Long.MIN_VALUE;
  private final byte[] secondPrefix = new byte[20];

  private final GeoFields geo;

  EventJsonWriter(long seed, WorldParameters world, long windowStartMs) {
    eventIdPrefix = bytes(",\"event.id\":\"" + EventIds.prefix(seed));
    geo = new GeoFields(world, seed, world.geoBrokenFrom().at(windowStartMs));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  ByteBuf buffer() {
    return out;
  }

  /** Renders {@code e} with its event counter, followed by a newline, into {@link #buffer()}. */
  void render(SimEvent e, long counter) {
    ByteBuf b = out;
    b.reset();
    b.ascii("{\"@timestamp\":\"");
    timestamp(e.time);
    b.put((byte) '"');
    b.put(eventIdPrefix).number(counter).put((byte) '"');
    b.put(e.session.json);
    geo.render(b, e.origin, counter, e.time);
    b.put(e.endpointJson);
    b.ascii(",\"http.response.status_code\":").number(e.status);
    b.put(e.status < 400 ? OK : FAILED);
    if (e.durationNanos >= 0) {
      b.ascii(",\"event.duration\":").number(e.durationNanos);
    }
    if (e.device != null) {
      b.put(e.device.json);
    }
    if (e.apiKeyJson != null) {
      b.put(e.apiKeyJson);
    }
    if (e.auth != null) {
      b.put(e.auth.json);
    }
    if (e.mfa >= 0) {
      b.ascii(e.mfa == 1 ? ",\"exchange.auth.mfa\":true" : ",\"exchange.auth.mfa\":false");
    }
    if (e.nonce != SimEvent.NONE) {
      b.ascii(",\"exchange.request.nonce\":").number(e.nonce);
    }
    if (e.clientTimestamp != SimEvent.NONE) {
      b.ascii(",\"exchange.request.timestamp\":").number(e.clientTimestamp);
    }
    if (e.instrument != null) {
      b.put(e.instrument.json());
    }
    if (e.side != 0) {
      b.put(e.side == 1 ? BUY : SELL);
    }
    if (e.notionalCents >= 0) {
      b.ascii(",\"exchange.order.notional_usd\":").fixed2(e.notionalCents);
    }
    if (e.withdrawalJson != null) {
      b.put(e.withdrawalJson);
    }
    b.ascii("}\n");
  }

  private void timestamp(long epochMillis) {
    long second = Math.floorDiv(epochMillis, 1000);
    if (second != cachedSecond) {
      cachedSecond = second;
      LocalDateTime t = LocalDateTime.ofEpochSecond(second, 0, ZoneOffset.UTC);
      ByteBuf p = new ByteBuf(20);
      p.padded(t.getYear(), 4).put((byte) '-').padded(t.getMonthValue(), 2).put((byte) '-');
      p.padded(t.getDayOfMonth(), 2).put((byte) 'T').padded(t.getHour(), 2).put((byte) ':');
      p.padded(t.getMinute(), 2).put((byte) ':').padded(t.getSecond(), 2).put((byte) '.');
      System.arraycopy(p.array(), 0, secondPrefix, 0, 20);
    }
    out.put(secondPrefix);
    out.padded((int) Math.floorMod(epochMillis, 1000), 3).put((byte) 'Z');
  }
}
