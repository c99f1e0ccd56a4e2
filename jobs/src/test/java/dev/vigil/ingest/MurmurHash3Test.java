package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class MurmurHash3Test {

  /** Expected values computed with Guava 33.4.8 {@code Hashing.murmur3_128().hashBytes(..)}. */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "''|00000000000000000000000000000000",
        "a|897859f6655555855a890e51483ab5e6",
        "hello|029bbd41b3a7d8cb191dae486a901e5b",
        "The quick brown fox jumps over the lazy dog|6c1b07bc7bbc4be347939ac4a93c437a",
        "0123456789abcdef|a7d14acf946de04bda08a7635c5bc387",
        "0123456789abcdefX|f7d670b5acd2ebcd274b10829711728f",
        "{\"session.id\":\"s1\"}|db56a83e9d6c6072606adbf917270df0"
      })
  void matchesAnIndependentImplementation(String input, String hex) {
    assertThat(hex(input.getBytes(StandardCharsets.UTF_8), 0, input.length())).isEqualTo(hex);
  }

  @Property
  void hashesASliceLikeACopyOfIt(
      @ForAll byte[] data,
      @ForAll @IntRange(max = 20) int from,
      @ForAll @IntRange(max = 40) int length) {
    int off = Math.min(from, data.length);
    int len = Math.min(length, data.length - off);

    assertThat(hex(data, off, len))
        .isEqualTo(hex(Arrays.copyOfRange(data, off, off + len), 0, len));
  }

  private static String hex(byte[] data, int off, int len) {
    long[] h = new long[2];
    MurmurHash3.hash128(data, off, len, 0, h);
    char[] out = new char[32];
    MurmurHash3.appendHex(h, out, 0);
    return new String(out);
  }
}
