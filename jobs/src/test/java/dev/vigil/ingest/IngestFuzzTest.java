package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.ingest.HostileInputs.Hostile;
import dev.vigil.job.ingest.DeadLetterRaw;
import dev.vigil.job.ingest.Ingested;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The fuzz suite of issue 14 at unit level: 10,000 generated hostile JSON records and 10,000 Avro
 * records ({@link HostileInputs}) through the parser and the decoder. No exception escapes; every
 * input is either a valid event, inside the event-time bounds, or a dead letter with a reason, a
 * message, at most 64 KiB of its bytes, its exact length and its SHA-256; and the tally balances:
 * tried = valid + dead-lettered, per format. The figures are printed.
 */
class IngestFuzzTest {
  private static final Map<String, Tally> TALLIES = new TreeMap<>();
  private final AccessLogParser parser = new AccessLogParser(IngestLimits.defaults());
  private final AvroAccessEventDecoder decoder =
      new AvroAccessEventDecoder(IngestLimits.defaults());

  @Property(tries = 10_000)
  void everyHostileJsonRecordIsAnEventOrADeadLetterWithAReason(@ForAll("json") Hostile input) {
    IngestResult result = parser.parse(input.bytes(), HostileInputs.INGESTED_AT);
    check("json", input, result);
  }

  @Property(tries = 10_000)
  void everyHostileAvroRecordIsAnEventOrADeadLetterWithAReason(@ForAll("avro") Hostile input) {
    IngestResult result = decoder.decode(input.bytes(), HostileInputs.INGESTED_AT);
    check("avro", input, result);
  }

  @Provide
  Arbitrary<Hostile> json() {
    return HostileInputs.json();
  }

  @Provide
  Arbitrary<Hostile> avro() {
    return HostileAvroInputs.records();
  }

  private static void check(String format, Hostile input, IngestResult result) {
    assertThat(result).isNotNull();
    // What the job's sources emit for it: exactly one event or one dead letter.
    Ingested out = Ingested.of(result, input.bytes(), "fuzz", 0, 1L, HostileInputs.INGESTED_AT);
    Tally tally = TALLIES.computeIfAbsent(format, f -> new Tally());
    tally.tried.incrementAndGet();
    if (result.isAccepted()) {
      assertThat(out.deadLetter).isNull();
      AccessEvent e = out.event;
      assertThat(e.getTimestamp())
          .isBetween(
              HostileInputs.INGESTED_AT - IngestLimits.defaults().maxEventAgeMillis(),
              HostileInputs.INGESTED_AT + IngestLimits.defaults().maxClockSkewMillis());
      assertThat(e.getStatus()).isBetween(100, 599);
      tally.valid.incrementAndGet();
    } else {
      assertThat(out.event).isNull();
      DeadLetter d = out.deadLetter;
      assertThat(d.getReason()).isNotNull();
      assertThat(d.getMessage()).isNotBlank().hasSizeLessThanOrEqualTo(200);
      int length = input.bytes().length;
      assertThat(d.getRawLength()).isEqualTo(length);
      assertThat(d.getRaw().remaining()).isEqualTo(Math.min(length, DeadLetterRaw.MAX_RAW_BYTES));
      byte[] hash = new byte[d.getRawSha256().remaining()];
      d.getRawSha256().duplicate().get(hash);
      assertThat(hash).isEqualTo(DeadLetterRaw.sha256(input.bytes(), length));
      tally
          .deadByReason
          .computeIfAbsent(d.getReason().name(), r -> new AtomicLong())
          .incrementAndGet();
    }
    tally.byKind.computeIfAbsent(input.kind(), k -> new AtomicLong()).incrementAndGet();
  }

  @AfterContainer
  static void printAndBalance() {
    TALLIES.forEach(
        (format, t) -> {
          long dead = t.deadByReason.values().stream().mapToLong(AtomicLong::get).sum();
          System.out.printf(
              "fuzz %s: %,d tried = %,d valid + %,d dead-lettered %s; inputs by kind %s%n",
              format, t.tried.get(), t.valid.get(), dead, t.deadByReason, t.byKind);
          assertThat(t.valid.get() + dead).isEqualTo(t.tried.get());
        });
  }

  private static final class Tally {
    final AtomicLong tried = new AtomicLong();
    final AtomicLong valid = new AtomicLong();
    final Map<String, AtomicLong> deadByReason = new TreeMap<>();
    final Map<String, AtomicLong> byKind = new TreeMap<>();
  }
}
