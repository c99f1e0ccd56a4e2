package dev.vigil.job.risk;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.OrderSide;
import dev.vigil.schema.Outcome;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * An {@link AccessEvent} on the wire between two of the job's tasks (the keyBy by account), written
 * field by field: a bit set of the optional fields present, then the fields in schema order
 * (strings as a length and UTF-8 bytes, enums as their ordinal). Never used for state or Kafka, so
 * its format may change with any release (both ends of a network channel run the same code); the
 * Avro schema stays the contract of the topics.
 *
 * <p>Why not Avro's own serializer: Flink's {@code AvroSerializer} resolves every union through the
 * schema, sets fields through {@code put(int, Object)} and decodes strings via {@code Utf8}; the
 * session risk operator's thread spent 14% of its time there in {@code vigil bench} (JFR, issue
 * 13). Every field of the schema is written ({@code AccessEventSerializerTest} fills every field
 * the schema declares and fails when one does not survive the round trip); the constructor refuses
 * a schema with another number of fields.
 *
 * <p>Bounds: a string is at most {@link Integer#MAX_VALUE} bytes (the ingest limits keep them to a
 * few KiB); reading reuses one buffer per serializer instance, grown to the longest string read, so
 * an instance is not thread-safe ({@link #duplicate}).
 */
final class AccessEventSerializer {
  /** The fields this serializer writes; the schema must declare exactly these many. */
  static final int FIELDS = 28;

  private static final Outcome[] OUTCOMES = Outcome.values();
  private static final AuthMethod[] AUTH_METHODS = AuthMethod.values();
  private static final OrderSide[] SIDES = OrderSide.values();
  private static final NetworkType[] NETWORK_TYPES = NetworkType.values();

  private byte[] buffer = new byte[256];

  AccessEventSerializer() {
    int declared = AccessEvent.getClassSchema().getFields().size();
    if (declared != FIELDS) {
      throw new IllegalStateException(
          "AccessEvent declares "
              + declared
              + " fields and AccessEventSerializer writes "
              + FIELDS
              + ": add the new fields to it");
    }
  }

  AccessEventSerializer duplicate() {
    return new AccessEventSerializer();
  }

  /** A copy sharing the field values (strings, boxes and enums are immutable). */
  static AccessEvent copy(AccessEvent e) {
    AccessEvent c = new AccessEvent();
    for (int i = 0; i < FIELDS; i++) {
      c.put(i, e.get(i));
    }
    return c;
  }

  void serialize(AccessEvent e, DataOutputView out) throws IOException {
    int present = 0;
    present |= bit(e.getOutcome(), 0);
    present |= bit(e.getDurationNanos(), 1);
    present |= bit(e.getUserAgent(), 2);
    present |= bit(e.getAsNumber(), 3);
    present |= bit(e.getAsOrganization(), 4);
    present |= bit(e.getCountry(), 5);
    present |= bit(e.getLatitude(), 6);
    present |= bit(e.getLongitude(), 7);
    present |= bit(e.getApiKeyId(), 8);
    present |= bit(e.getAuthMethod(), 9);
    present |= bit(e.getMfa(), 10);
    present |= bit(e.getNonce(), 11);
    present |= bit(e.getClientTimestamp(), 12);
    present |= bit(e.getInstrument(), 13);
    present |= bit(e.getSide(), 14);
    present |= bit(e.getNotionalUsd(), 15);
    present |= bit(e.getWithdrawalAddress(), 16);
    present |= bit(e.getGeoAccuracyKm(), 17);
    present |= bit(e.getNetworkType(), 18);
    out.writeInt(present);
    writeString(e.getEventId(), out);
    out.writeLong(e.getTimestamp());
    out.writeLong(e.getIngestedAt());
    writeString(e.getSessionId(), out);
    writeString(e.getAccountId(), out);
    writeString(e.getSourceIp(), out);
    writeString(e.getMethod(), out);
    writeString(e.getPath(), out);
    out.writeInt(e.getStatus());
    if (has(present, 0)) {
      out.writeByte(e.getOutcome().ordinal());
    }
    if (has(present, 1)) {
      out.writeLong(e.getDurationNanos());
    }
    if (has(present, 2)) {
      writeString(e.getUserAgent(), out);
    }
    if (has(present, 3)) {
      out.writeLong(e.getAsNumber());
    }
    if (has(present, 4)) {
      writeString(e.getAsOrganization(), out);
    }
    if (has(present, 5)) {
      writeString(e.getCountry(), out);
    }
    if (has(present, 6)) {
      out.writeDouble(e.getLatitude());
    }
    if (has(present, 7)) {
      out.writeDouble(e.getLongitude());
    }
    if (has(present, 8)) {
      writeString(e.getApiKeyId(), out);
    }
    if (has(present, 9)) {
      out.writeByte(e.getAuthMethod().ordinal());
    }
    if (has(present, 10)) {
      out.writeBoolean(e.getMfa());
    }
    if (has(present, 11)) {
      writeString(e.getNonce(), out);
    }
    if (has(present, 12)) {
      out.writeLong(e.getClientTimestamp());
    }
    if (has(present, 13)) {
      writeString(e.getInstrument(), out);
    }
    if (has(present, 14)) {
      out.writeByte(e.getSide().ordinal());
    }
    if (has(present, 15)) {
      out.writeDouble(e.getNotionalUsd());
    }
    if (has(present, 16)) {
      writeString(e.getWithdrawalAddress(), out);
    }
    if (has(present, 17)) {
      out.writeDouble(e.getGeoAccuracyKm());
    }
    if (has(present, 18)) {
      out.writeByte(e.getNetworkType().ordinal());
    }
  }

  AccessEvent deserialize(DataInputView in) throws IOException {
    AccessEvent e = new AccessEvent();
    int present = in.readInt();
    e.setEventId(readString(in));
    e.setTimestamp(in.readLong());
    e.setIngestedAt(in.readLong());
    e.setSessionId(readString(in));
    e.setAccountId(readString(in));
    e.setSourceIp(readString(in));
    e.setMethod(readString(in));
    e.setPath(readString(in));
    e.setStatus(in.readInt());
    if (has(present, 0)) {
      e.setOutcome(OUTCOMES[in.readByte()]);
    }
    if (has(present, 1)) {
      e.setDurationNanos(in.readLong());
    }
    if (has(present, 2)) {
      e.setUserAgent(readString(in));
    }
    if (has(present, 3)) {
      e.setAsNumber(in.readLong());
    }
    if (has(present, 4)) {
      e.setAsOrganization(readString(in));
    }
    if (has(present, 5)) {
      e.setCountry(readString(in));
    }
    if (has(present, 6)) {
      e.setLatitude(in.readDouble());
    }
    if (has(present, 7)) {
      e.setLongitude(in.readDouble());
    }
    if (has(present, 8)) {
      e.setApiKeyId(readString(in));
    }
    if (has(present, 9)) {
      e.setAuthMethod(AUTH_METHODS[in.readByte()]);
    }
    if (has(present, 10)) {
      e.setMfa(in.readBoolean());
    }
    if (has(present, 11)) {
      e.setNonce(readString(in));
    }
    if (has(present, 12)) {
      e.setClientTimestamp(in.readLong());
    }
    if (has(present, 13)) {
      e.setInstrument(readString(in));
    }
    if (has(present, 14)) {
      e.setSide(SIDES[in.readByte()]);
    }
    if (has(present, 15)) {
      e.setNotionalUsd(in.readDouble());
    }
    if (has(present, 16)) {
      e.setWithdrawalAddress(readString(in));
    }
    if (has(present, 17)) {
      e.setGeoAccuracyKm(in.readDouble());
    }
    if (has(present, 18)) {
      e.setNetworkType(NETWORK_TYPES[in.readByte()]);
    }
    return e;
  }

  private static int bit(Object value, int index) {
    return value == null ? 0 : 1 << index;
  }

  private static boolean has(int present, int index) {
    return (present & (1 << index)) != 0;
  }

  private static void writeString(String s, DataOutputView out) throws IOException {
    byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
    out.writeInt(bytes.length);
    out.write(bytes);
  }

  private String readString(DataInputView in) throws IOException {
    int length = in.readInt();
    if (length > buffer.length) {
      buffer = new byte[Math.max(length, buffer.length * 2)];
    }
    in.readFully(buffer, 0, length);
    return new String(buffer, 0, length, StandardCharsets.UTF_8);
  }
}
