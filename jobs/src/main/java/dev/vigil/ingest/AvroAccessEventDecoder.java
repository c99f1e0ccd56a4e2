package dev.vigil.ingest;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetterReason;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;

/**
 * Reads {@link AccessEvent}s in Avro single-object encoding (Avro specification, "Single object
 * encoding": {@code C3 01}, the writer schema's 8-byte little-endian CRC-64-AVRO fingerprint, then
 * the binary body), as {@code AccessEvent.toByteBuffer()} writes them, and passes each through the
 * same {@link AccessEventValidator} as JSON logs. Never throws on any input.
 *
 * <p>Known writer schemas live in a {@link SchemaStore.Cache}: the current AccessEvent schema plus
 * any given to the constructor (older versions, resolved to the current one by Avro's schema
 * resolution). The framing is read here rather than by {@code BinaryMessageDecoder} because that
 * class can neither report trailing bytes nor bound allocation by the record's size (see {@link
 * BoundedBinaryDecoder}).
 *
 * <p>The record's own {@code ingestedAt} is kept (it was set when Vigil first accepted the event);
 * {@code ingestedAtMillis} anchors the event-time bounds only ({@link IngestLimits#timeProblem}).
 * Enum symbol OTHER is accepted for forward compatibility. Not thread-safe: one per parallel
 * instance.
 */
public final class AvroAccessEventDecoder {

  private static final int HEADER_BYTES = 10;

  private final IngestLimits limits;
  private final AccessEventValidator validator;
  private final SchemaStore.Cache writerSchemas = new SchemaStore.Cache();
  private final long[] fingerprints;
  private final List<SpecificDatumReader<AccessEvent>> readers = new ArrayList<>();
  private final BoundedBinaryDecoder body = new BoundedBinaryDecoder();

  /** Accepts the current AccessEvent schema and every released one ({@link #RELEASED_WRITERS}). */
  public AvroAccessEventDecoder(IngestLimits limits) {
    this(limits, releasedWriterSchemas());
  }

  /**
   * Class-path copies of the AccessEvent schemas of earlier releases, which gateways may still
   * write with: v1 (before {@code geoAccuracyKm} and {@code networkType}).
   */
  static final List<String> RELEASED_WRITERS = List.of("AccessEvent-v1.avsc");

  static List<Schema> releasedWriterSchemas() {
    List<Schema> schemas = new ArrayList<>();
    for (String name : RELEASED_WRITERS) {
      try (InputStream in = AvroAccessEventDecoder.class.getResourceAsStream(name)) {
        if (in == null) {
          throw new IllegalStateException("missing class-path resource " + name);
        }
        schemas.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + name, e);
      }
    }
    return schemas;
  }

  /**
   * @param olderWriterSchemas further AccessEvent writer schemas to accept; each must be readable
   *     as the current schema
   * @throws IllegalArgumentException if one cannot be resolved to the current schema
   */
  public AvroAccessEventDecoder(IngestLimits limits, Collection<Schema> olderWriterSchemas) {
    this.limits = limits;
    this.validator = new AccessEventValidator(limits);
    Schema current = AccessEvent.getClassSchema();
    SpecificData model = new AccessEvent().getSpecificData();
    List<Schema> all = new ArrayList<>();
    all.add(current);
    all.addAll(olderWriterSchemas);
    long[] known = new long[all.size()];
    int n = 0;
    for (Schema writer : all) {
      SchemaCompatibility.SchemaPairCompatibility compatibility =
          SchemaCompatibility.checkReaderWriterCompatibility(current, writer);
      if (compatibility.getType() != SchemaCompatibility.SchemaCompatibilityType.COMPATIBLE) {
        throw new IllegalArgumentException(
            "writer schema cannot be read as the current AccessEvent schema: "
                + compatibility.getDescription());
      }
      long fingerprint = SchemaNormalization.parsingFingerprint64(writer);
      if (writerSchemas.findByFingerprint(fingerprint) != null) {
        continue; // the same schema twice
      }
      writerSchemas.addSchema(writer);
      known[n++] = fingerprint;
      readers.add(new SpecificDatumReader<>(writer, current, model));
    }
    // A flat array beats the cache's boxed-Long map on the per-record lookup.
    fingerprints = Arrays.copyOf(known, n);
  }

  /** Decodes and validates one record value; {@code ingestedAtMillis} is the Kafka record time. */
  public IngestResult decode(byte[] value, long ingestedAtMillis) {
    IngestResult sizeProblem = limits.sizeProblem(value);
    if (sizeProblem != null) {
      return sizeProblem;
    }
    if (value.length < HEADER_BYTES || (value[0] & 0xFF) != 0xC3 || value[1] != 0x01) {
      return IngestResult.rejected(
          DeadLetterReason.NOT_SINGLE_OBJECT_AVRO,
          null,
          "record does not start with the Avro single-object header C3 01 and a fingerprint");
    }
    long fingerprint = 0;
    for (int i = 0; i < 8; i++) {
      fingerprint |= (value[2 + i] & 0xFFL) << (8 * i);
    }
    int reader = indexOf(fingerprints, fingerprints.length, fingerprint);
    if (reader < 0) {
      return IngestResult.rejected(
          DeadLetterReason.UNKNOWN_FINGERPRINT,
          null,
          "writer schema fingerprint " + Long.toHexString(fingerprint) + " is not known");
    }
    AccessEvent event;
    try {
      body.reset(value, HEADER_BYTES, value.length - HEADER_BYTES);
      event = readers.get(reader).read(null, body);
    } catch (EOFException e) {
      return IngestResult.rejected(
          DeadLetterReason.TRUNCATED_AVRO, null, "record ends before the AccessEvent does");
    } catch (Exception e) {
      // Avro reports bad union or enum indexes with assorted runtime exceptions.
      return IngestResult.rejected(
          DeadLetterReason.CORRUPT_AVRO, null, "record body is not a valid AccessEvent encoding");
    }
    if (body.remaining() != 0) {
      return IngestResult.rejected(
          DeadLetterReason.CORRUPT_AVRO,
          null,
          body.remaining() + " bytes follow the encoded AccessEvent");
    }
    return validator.validate(event, ingestedAtMillis);
  }

  private static int indexOf(long[] values, int n, long value) {
    for (int i = 0; i < n; i++) {
      if (values[i] == value) {
        return i;
      }
    }
    return -1;
  }
}
