package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Utf8Test {

  @ParameterizedTest
  @ValueSource(
      strings = {
        "C3 28", // lead byte followed by ASCII
        "C0 AF", // overlong '/'
        "C1 BF",
        "E0 80 AF", // overlong, three bytes
        "F0 80 80 AF", // overlong, four bytes
        "ED A0 80", // lone high surrogate U+D800
        "ED BF BF", // U+DFFF
        "F4 90 80 80", // U+110000
        "F5 80 80 80",
        "FF",
        "80", // stray continuation
        "E2 82", // truncated
        "F0 9F 98" // truncated emoji
      })
  void rejectsIllFormedSequences(String hex) {
    byte[] b = hex(hex);
    assertThat(Utf8.isValid(b, 0, b.length)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "41",
        "C2 80",
        "DF BF",
        "E0 A0 80",
        "ED 9F BF",
        "EE 80 80",
        "F0 90 80 80",
        "F4 8F BF BF"
      })
  void acceptsBoundaryCodePoints(String hex) {
    byte[] b = hex(hex);
    assertThat(Utf8.isValid(b, 0, b.length)).isTrue();
  }

  @Test
  void checksOnlyTheGivenSlice() {
    byte[] b = {(byte) 0xFF, 'a', 'b', (byte) 0xC3};
    assertThat(Utf8.isValid(b, 1, 2)).isTrue();
    assertThat(Utf8.isValid(b, 1, 3)).isFalse();
    assertThat(Utf8.isValid(b, 2, 3)).isFalse();
    assertThat(Utf8.isValid(null, 0, 0)).isFalse();
  }

  @Property(tries = 3000)
  void agreesWithAStrictCharsetDecoder(@ForAll("mostlyText") byte[] bytes) {
    assertThat(Utf8.isValid(bytes, 0, bytes.length)).isEqualTo(strictlyDecodes(bytes));
  }

  @Provide
  Arbitrary<byte[]> mostlyText() {
    Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(24);
    Arbitrary<byte[]> text =
        Arbitraries.strings().all().ofMaxLength(12).map(s -> s.getBytes(StandardCharsets.UTF_8));
    Arbitrary<byte[]> corrupted =
        Arbitraries.strings()
            .all()
            .ofMinLength(1)
            .ofMaxLength(12)
            .flatMap(
                s -> {
                  byte[] b = s.getBytes(StandardCharsets.UTF_8);
                  return Arbitraries.integers()
                      .between(0, b.length - 1)
                      .flatMap(
                          i ->
                              Arbitraries.bytes()
                                  .map(
                                      x -> {
                                        byte[] c = b.clone();
                                        c[i] = x;
                                        return c;
                                      }));
                });
    return Arbitraries.frequencyOf(Tuple.of(1, random), Tuple.of(1, text), Tuple.of(2, corrupted));
  }

  private static boolean strictlyDecodes(byte[] bytes) {
    try {
      StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes));
      return true;
    } catch (CharacterCodingException e) {
      return false;
    }
  }

  private static byte[] hex(String hex) {
    if (hex.isBlank()) {
      return new byte[0];
    }
    String[] parts = hex.trim().split(" ");
    byte[] b = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      b[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    return b;
  }
}
