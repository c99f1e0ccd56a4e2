package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** The parser answers every input with an acceptance or a rejection, and never throws. */
class AccessLogParserPropertiesTest {

  private static final List<String> TOKENS =
      List.of(
          "{",
          "}",
          "[",
          "]",
          ":",
          ",",
          " ",
          "\"",
          "\\",
          "\\u0000",
          "\\ud800",
          "null",
          "true",
          "-1",
          "0",
          "200",
          "1e400",
          "99999999999999999999",
          "NaN",
          "0.5",
          "\"@timestamp\"",
          "\"2026-01-31T12:00:00Z\"",
          "\"session.id\"",
          "\"session\"",
          "\"id\"",
          "\"user.id\"",
          "\"source\"",
          "\"ip\"",
          "\"source.ip\"",
          "\"::1\"",
          "\"1.2.3.4\"",
          "\"http.request.method\"",
          "\"GET\"",
          "\"url.path\"",
          "\"/\"",
          "\"http.response.status_code\"",
          "\"geo\"",
          "\"location\"",
          "\"lat\"",
          "\"exchange.auth.method\"",
          "\"hmac\"",
          "\"exchange.request.nonce\"",
          "\"x\"",
          "é",
          "\u0001");

  private final AccessLogParser parser = new AccessLogParser(IngestLimits.defaults());

  @Property(tries = 2000)
  void neverThrowsOnArbitraryBytes(@ForAll byte[] value) {
    assertAnswered(parser.parse(value, 0L));
  }

  @Property(tries = 3000)
  void neverThrowsOnJsonLikeText(@ForAll("jsonLike") String text) {
    assertAnswered(parser.parse(text.getBytes(StandardCharsets.UTF_8), 0L));
  }

  @Property(tries = 1000)
  void neverThrowsOnAValidRecordWithOneByteChanged(
      @ForAll("positions") int position, @ForAll byte replacement) {
    byte[] record =
        AccessLogs.bytes(AccessLogs.line("\"source.geo.location\":{\"lat\":1,\"lon\":2}"));
    record[position % record.length] = replacement;

    assertAnswered(parser.parse(record, AccessLogs.INGESTED_AT));
  }

  @Provide
  Arbitrary<String> jsonLike() {
    return Arbitraries.of(TOKENS).list().ofMaxSize(40).map(tokens -> String.join("", tokens));
  }

  @Provide
  Arbitrary<Integer> positions() {
    return Arbitraries.integers().between(0, 10_000);
  }

  private static void assertAnswered(IngestResult result) {
    assertThat(result).isNotNull();
    if (result.isAccepted()) {
      assertThat(result.event()).isNotNull();
      assertThat(result.reason()).isNull();
    } else {
      assertThat(result.reason()).isNotNull();
      assertThat(result.message()).isNotBlank();
    }
  }
}
