package dev.vigil.ingest;

import dev.vigil.schema.AccessEvent;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Generators of hostile Avro single-object records of AccessEvent for the fuzz suites: random
 * bytes, wrong fingerprints, cut and corrupted bodies, trailing bytes, strings past the record cap,
 * far-off and extreme timestamps, and headers followed by zeros; a share of well-formed events
 * whose fields are mostly, not always, valid.
 */
final class HostileAvroInputs {
  private static final long BASE = HostileInputs.BASE;

  private HostileAvroInputs() {}

  /** Hostile Avro single-object records of AccessEvent. */
  public static Arbitrary<HostileInputs.Hostile> records() {
    Arbitrary<AccessEvent> events = events();
    return Arbitraries.frequencyOf(
        Tuple.of(
            2,
            HostileInputs.tagged(
                "random_bytes", Arbitraries.bytes().array(byte[].class).ofMaxSize(300))),
        Tuple.of(3, events.map(e -> new HostileInputs.Hostile("valid_shape", encode(e)))),
        Tuple.of(
            2,
            Combinators.combine(events, Arbitraries.longs())
                .as(
                    (e, f) -> {
                      byte[] b = encode(e);
                      for (int i = 0; i < 8; i++) {
                        b[2 + i] = (byte) (f >>> (8 * i));
                      }
                      return new HostileInputs.Hostile("wrong_fingerprint", b);
                    })),
        Tuple.of(
            3,
            Combinators.combine(events, Arbitraries.doubles().between(0, 1))
                .as(
                    (e, cut) -> {
                      byte[] b = encode(e);
                      return new HostileInputs.Hostile(
                          "truncated", Arrays.copyOf(b, (int) (b.length * cut)));
                    })),
        Tuple.of(
            3,
            Combinators.combine(
                    events, Arbitraries.integers().between(10, 1_000), Arbitraries.bytes())
                .as(
                    (e, at, value) -> {
                      byte[] b = encode(e);
                      b[10 + at % (b.length - 10)] = value;
                      return new HostileInputs.Hostile("corrupted_body", b);
                    })),
        Tuple.of(
            1,
            Combinators.combine(
                    events, Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(20))
                .as(
                    (e, tail) ->
                        new HostileInputs.Hostile(
                            "trailing_bytes", HostileInputs.concat(encode(e), tail)))),
        Tuple.of(
            2,
            Combinators.combine(events, Arbitraries.integers().between(0, 2_100_000))
                .as(
                    (e, n) -> {
                      e.setPath("/" + "p".repeat(n % 70_000));
                      return new HostileInputs.Hostile("huge_string", encode(e));
                    })),
        Tuple.of(
            2,
            Combinators.combine(
                    events,
                    Arbitraries.of(
                        Long.MIN_VALUE,
                        Long.MAX_VALUE,
                        0L,
                        -1L,
                        253_402_300_799_999L,
                        BASE - 3_653L * 86_400_000,
                        BASE + 301_000))
                .as(
                    (e, t) -> {
                      e.setTimestamp(t);
                      return new HostileInputs.Hostile("far_timestamp", encode(e));
                    })),
        Tuple.of(
            1,
            Arbitraries.integers()
                .between(0, 200_000)
                .map(
                    n -> {
                      byte[] b = new byte[n + 10];
                      b[0] = (byte) 0xC3;
                      b[1] = 0x01;
                      return new HostileInputs.Hostile("header_only_or_zeros", b);
                    })));
  }

  private static Arbitrary<AccessEvent> events() {
    return Combinators.combine(
            Arbitraries.longs().between(-86_400_000, 60_000),
            Arbitraries.frequencyOf(
                Tuple.of(3, Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(30)),
                Tuple.of(1, Arbitraries.strings().ofMinLength(0).ofMaxLength(30))),
            Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of("198.51.100.7", "2001:DB8::1", "::ffff:1.2.3.4")),
                Tuple.of(1, Arbitraries.of("fe80::1%eth0", "1.2.3", "x", "01.2.3.4"))),
            Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.of(200, 401, 599)),
                Tuple.of(1, Arbitraries.integers().between(-1, 1_000))),
            Arbitraries.frequencyOf(
                Tuple.of(4, Arbitraries.doubles().between(-90, 90)),
                Tuple.of(1, Arbitraries.doubles().between(-200, 200)),
                Tuple.of(
                    1, Arbitraries.of(Double.NaN, Double.NEGATIVE_INFINITY, -0.0, 90.000_000_1))))
        .as(
            (dt, session, ip, status, lat) ->
                AccessEvent.newBuilder()
                    .setEventId("e-" + dt)
                    .setTimestamp(BASE + dt)
                    .setIngestedAt(BASE + dt)
                    .setSessionId(session)
                    .setAccountId("acct-1")
                    .setSourceIp(ip)
                    .setMethod("GET")
                    .setPath("/api/v3/order")
                    .setStatus(status)
                    .setLatitude(lat)
                    .setLongitude(lat == null ? null : -lat)
                    .build());
  }

  static byte[] encode(AccessEvent e) {
    try {
      ByteBuffer b = e.toByteBuffer();
      byte[] out = new byte[b.remaining()];
      b.get(out);
      return out;
    } catch (IOException x) {
      throw new UncheckedIOException(x);
    }
  }
}
