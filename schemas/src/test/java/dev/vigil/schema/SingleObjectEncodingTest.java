package dev.vigil.schema;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.MissingSchemaException;
import org.junit.jupiter.api.Test;

class SingleObjectEncodingTest {
  private static AccessEvent event() {
    return AccessEvent.newBuilder()
        .setEventId("req-1")
        .setTimestamp(1_764_400_000_000L)
        .setIngestedAt(1_764_400_000_050L)
        .setSessionId("sess-1")
        .setAccountId("acct-1")
        .setSourceIp("2001:db8::1")
        .setMethod("POST")
        .setPath("/api/v3/order")
        .setStatus(200)
        .setAuthMethod(AuthMethod.HMAC)
        .setNonce("1764400000000001")
        .build();
  }

  @Test
  void encodedRecordsStartWithTheMarkerAndTheWriterSchemaFingerprint() throws Exception {
    ByteBuffer encoded = event().toByteBuffer();

    assertThat(encoded.get(0)).isEqualTo((byte) 0xC3);
    assertThat(encoded.get(1)).isEqualTo((byte) 0x01);
    long fingerprint = encoded.order(ByteOrder.LITTLE_ENDIAN).getLong(2);
    assertThat(fingerprint)
        .isEqualTo(SchemaNormalization.parsingFingerprint64(AccessEvent.getClassSchema()));
  }

  @Test
  void roundTripsThroughTheGeneratedDecoder() throws Exception {
    AccessEvent original = event();

    assertThat(AccessEvent.fromByteBuffer(original.toByteBuffer())).isEqualTo(original);
  }

  @Test
  void aRecordOfAnotherTypeIsRecognisedByItsFingerprint() throws Exception {
    ByteBuffer otherType =
        DeadLetter.newBuilder()
            .setRaw(ByteBuffer.wrap(new byte[] {1}))
            .setReason(DeadLetterReason.EMPTY_RECORD)
            .setMessage("x")
            .setTime(0)
            .build()
            .toByteBuffer();

    assertThatThrownBy(() -> AccessEvent.fromByteBuffer(otherType))
        .isInstanceOf(MissingSchemaException.class);
  }
}
