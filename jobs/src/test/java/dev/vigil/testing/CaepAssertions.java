package dev.vigil.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Base64;

/** Checks a CAEP Security Event Token against RFC 8417, SSF 1.0 and CAEP 1.0. */
public final class CaepAssertions {
  private static final ObjectMapper JSON = new ObjectMapper();
  public static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";

  private CaepAssertions() {}

  /** The decoded claims of a compact JWS, after checking its header says it is a SET. */
  public static JsonNode claimsOf(String jws) {
    String[] parts = jws.split("\\.");
    assertThat(parts).hasSize(3);
    JsonNode header = decode(parts[0]);
    assertThat(header.get("typ").asText()).isEqualTo("secevent+jwt");
    assertThat(header.get("alg").asText()).isIn("HS256", "ES256");
    return decode(parts[1]);
  }

  /** RFC 8417 §2.2 required claims; SSF: sub_id, no sub; and no exp; one CAEP event. */
  public static void assertValidSet(JsonNode set) {
    assertThat(set.hasNonNull("iss")).as("iss").isTrue();
    assertThat(set.hasNonNull("iat")).as("iat").isTrue();
    assertThat(set.hasNonNull("jti")).as("jti").isTrue();
    assertThat(set.has("sub")).as("no sub").isFalse();
    assertThat(set.has("exp")).as("no exp").isFalse();
    JsonNode events = set.get("events");
    assertThat(events.isObject()).isTrue();
    assertThat(events.size()).isEqualTo(1);
    assertThat(events.fieldNames().next()).startsWith(CAEP);
    JsonNode subject = set.get("sub_id");
    assertThat(subject.get("format").asText()).isEqualTo("complex");
    assertThat(subject.get("session").get("format").asText()).isEqualTo("opaque");
    assertThat(subject.get("session").get("id").asText()).isNotBlank();
    assertThat(subject.get("user").get("id").asText()).isNotBlank();
  }

  private static JsonNode decode(String part) {
    try {
      return JSON.readTree(Base64.getUrlDecoder().decode(part));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
