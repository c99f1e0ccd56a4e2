package dev.vigil.ingest;

import static dev.vigil.ingest.AccessLogs.INGESTED_AT;
import static dev.vigil.ingest.AccessLogs.bytes;
import static dev.vigil.ingest.AccessLogs.line;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.schema.DeadLetterReason;
import org.junit.jupiter.api.Test;

/**
 * The parser's first pass skips Jackson's duplicate-key check; these are the lines that pass only
 * because of that skip unless the parser reads them again strictly: an object key given twice when
 * one of its values is null or they hold different fields, and counts of unknown keys.
 */
class AccessLogParserTwoPassTest {
  private final AccessLogParser parser = new AccessLogParser(IngestLimits.defaults());

  @Test
  void anObjectKeyGivenTwiceWithANullFirstIsADuplicate() {
    IngestResult r =
        parser.parse(
            bytes(line("\"source\":null", "\"source\":{\"as\":{\"number\":64500}}")), INGESTED_AT);
    assertThat(r.reason()).isEqualTo(DeadLetterReason.DUPLICATE_FIELD);
    assertThat(r.field()).isEqualTo("source");
  }

  @Test
  void anObjectKeyGivenTwiceWithDifferentFieldsIsADuplicate() {
    IngestResult r =
        parser.parse(
            bytes(
                line(
                    "\"exchange\":{\"auth\":{\"mfa\":true}}",
                    "\"exchange\":{\"order\":{\"side\":\"buy\"}}")),
            INGESTED_AT);
    assertThat(r.reason()).isEqualTo(DeadLetterReason.DUPLICATE_FIELD);
    assertThat(r.field()).isEqualTo("exchange");
  }

  @Test
  void aCleanLineWithObjectsIsAcceptedAndUnknownKeysAreCountedOnceWhenReadTwice() {
    assertThat(
            parser
                .parse(
                    bytes(
                        line(
                            "\"exchange\":{\"auth\":{\"mfa\":true},\"order\":{\"side\":\"buy\"}}")),
                    INGESTED_AT)
                .isAccepted())
        .isTrue();
    assertThat(parser.unknownFieldCount()).isZero();
    assertThat(
            parser
                .parse(bytes(line("\"extra\":1", "\"more\":{\"k\":2}")), INGESTED_AT)
                .isAccepted())
        .isTrue();
    assertThat(parser.unknownFieldCount()).isEqualTo(2);
  }
}
