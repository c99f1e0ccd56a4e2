package dev.vigil.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpAddressesTest {

  @ParameterizedTest
  @CsvSource({
    "192.0.2.1, 192.0.2.1",
    "0.0.0.0, 0.0.0.0",
    "255.255.255.255, 255.255.255.255",
    "::, ::",
    "::1, ::1",
    "1::, 1::",
    "2001:DB8::1, 2001:db8::1",
    "2001:db8:0:0:1:0:0:1, 2001:db8::1:0:0:1",
    "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
    "2001:0db8:0000:0000:0000:0000:0002:0001, 2001:db8::2:1",
    "1:0:0:2:0:0:0:3, 1:0:0:2::3",
    "1:2:3:4:5:6:7::, 1:2:3:4:5:6:7:0",
    "::ffff:192.0.2.1, ::ffff:192.0.2.1",
    "::FFFF:c000:201, ::ffff:192.0.2.1",
    "::192.0.2.1, ::c000:201",
    "64:ff9b::192.0.2.33, 64:ff9b::c000:221",
    "fe80::1:2:3:4, fe80::1:2:3:4"
  })
  void rendersCanonicalText(String text, String canonical) {
    assertThat(IpAddresses.canonical(text)).isEqualTo(canonical);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        " 1.2.3.4",
        "1.2.3.4 ",
        "1.2.3",
        "1.2.3.4.5",
        "1.2.3.",
        "256.1.1.1",
        "999.1.1.1",
        "01.2.3.4",
        "1.2.3.00",
        "1.2.3.-4",
        "0x7f.0.0.1",
        "localhost",
        "example.com",
        "fe80::1%eth0",
        "fe80::1%1",
        "[::1]",
        "[::1]:443",
        "1.2.3.4:80",
        "::1/128",
        ":::",
        ":1::",
        "1:::2",
        "1::2::3",
        "12345::",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "1:2:3:4:5:6:7:8::",
        "::1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:7:",
        ":1:2:3:4:5:6:7",
        "g::1",
        "::ffff:1.2.3",
        "::ffff:1.2.3.256",
        "::ffff:01.2.3.4",
        "1:2:3:4:5:6:7:1.2.3.4",
        "::1.2.3.4:5",
        "1.2.3.4::"
      })
  void rejectsAnythingButAStrictLiteral(String text) {
    assertThat(IpAddresses.canonical(text)).isNull();
  }

  @Test
  void rejectsOverlongAndNullInput() {
    assertThat(IpAddresses.canonical(null)).isNull();
    assertThat(IpAddresses.canonical("0000:".repeat(8) + "1")).isNull();
  }

  @Property
  void ipv4AgreesWithInetAddress(@ForAll @Size(4) byte[] bytes) throws UnknownHostException {
    String reference = InetAddress.getByAddress(bytes).getHostAddress();

    assertThat(IpAddresses.canonical(reference)).isEqualTo(reference);
    byte[] parsed = new byte[16];
    assertThat(IpAddresses.parse(reference, parsed)).isEqualTo(4);
    assertThat(java.util.Arrays.copyOf(parsed, 4)).isEqualTo(bytes);
  }

  @Property
  void ipv6AgreesWithInetAddressInEveryTextualForm(
      @ForAll("ipv6Addresses") byte[] bytes, @ForAll("forms") int form)
      throws UnknownHostException {
    String text = render(bytes, form);
    String expected = rfc5952(bytes);

    assertThat(IpAddresses.canonical(text)).as(text).isEqualTo(expected);
    byte[] parsed = new byte[16];
    assertThat(IpAddresses.parse(text, parsed)).as(text).isEqualTo(16);
    assertThat(parsed).as(text).isEqualTo(bytes);
  }

  @Property
  void canonicalIsIdempotent(@ForAll("ipv6Addresses") byte[] bytes, @ForAll("forms") int form) {
    String once = IpAddresses.canonical(render(bytes, form));

    assertThat(IpAddresses.canonical(once)).isEqualTo(once);
  }

  @Property
  void arbitraryTextNeverThrowsAndAnyAcceptedTextIsStable(@ForAll("ipLikeText") String text) {
    String once = IpAddresses.canonical(text);
    if (once != null) {
      assertThat(IpAddresses.canonical(once)).isEqualTo(once);
    }
  }

  @Provide
  Arbitrary<byte[]> ipv6Addresses() {
    // Whole zero groups are common in real addresses and drive the "::" logic, so favour them.
    Arbitrary<Integer> group =
        Arbitraries.frequencyOf(
            net.jqwik.api.Tuple.of(5, Arbitraries.just(0)),
            net.jqwik.api.Tuple.of(1, Arbitraries.just(0xFFFF)),
            net.jqwik.api.Tuple.of(4, Arbitraries.integers().between(0, 0xFFFF)));
    Arbitrary<byte[]> generic = group.list().ofSize(8).map(IpAddressesTest::toBytes);
    Arbitrary<byte[]> mapped =
        Arbitraries.bytes()
            .array(byte[].class)
            .ofSize(4)
            .map(
                v4 -> {
                  byte[] b = new byte[16];
                  b[10] = (byte) 0xFF;
                  b[11] = (byte) 0xFF;
                  System.arraycopy(v4, 0, b, 12, 4);
                  return b;
                });
    return Arbitraries.frequencyOf(
        net.jqwik.api.Tuple.of(8, generic), net.jqwik.api.Tuple.of(1, mapped));
  }

  @Provide
  Arbitrary<Integer> forms() {
    return Arbitraries.integers().between(0, 5);
  }

  @Provide
  Arbitrary<String> ipLikeText() {
    return Arbitraries.strings().withChars("0123456789abcdefABCDEF:.%[]/ g").ofMaxLength(48);
  }

  /**
   * Textual forms of one address: 0 Java's own rendering, 1 full with leading zeros, 2 upper case,
   * 3 a randomly chosen (not necessarily longest) zero run compressed, 4 dotted IPv4 tail, 5
   * leading zeros plus the longest run compressed in upper case.
   */
  private static String render(byte[] b, int form) {
    int[] g = groups(b);
    switch (form) {
      case 0:
        return javaText(b);
      case 1:
        return join(g, "%04x", -1, 0);
      case 2:
        return join(g, "%X", -1, 0);
      case 3:
        {
          int start = -1;
          int length = 0;
          for (int i = 7; i >= 0; i--) {
            if (g[i] == 0) {
              int k = i;
              while (k > 0 && g[k - 1] == 0) {
                k--;
              }
              start = k;
              length = i - k + 1;
              break;
            }
          }
          return join(g, "%x", start, length);
        }
      case 4:
        {
          StringBuilder s = new StringBuilder();
          for (int i = 0; i < 6; i++) {
            s.append(Integer.toHexString(g[i])).append(':');
          }
          return s.append(b[12] & 0xFF)
              .append('.')
              .append(b[13] & 0xFF)
              .append('.')
              .append(b[14] & 0xFF)
              .append('.')
              .append(b[15] & 0xFF)
              .toString();
        }
      default:
        {
          int[] run = longestZeroRun(g);
          return join(g, "%04X", run[0], run[1]);
        }
    }
  }

  /** Expected RFC 5952 text, built from the JDK's uncompressed rendering. */
  private static String rfc5952(byte[] b) throws UnknownHostException {
    InetAddress address = InetAddress.getByAddress(b);
    if (address instanceof Inet4Address) {
      return "::ffff:" + address.getHostAddress(); // the JDK unwraps IPv4-mapped addresses
    }
    String[] parts = address.getHostAddress().split(":");
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = Integer.parseInt(parts[i], 16);
    }
    int[] run = longestZeroRun(g);
    List<String> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      if (i == run[0]) {
        out.add(i == 0 ? ":" : "");
        i += run[1] - 1;
        if (i == 7) {
          out.add("");
        }
        continue;
      }
      out.add(parts[i]);
    }
    return String.join(":", out);
  }

  private static int[] longestZeroRun(int[] g) {
    int best = -1;
    int bestLength = 1;
    for (int i = 0; i < 8; i++) {
      int k = i;
      while (k < 8 && g[k] == 0) {
        k++;
      }
      if (k - i > bestLength) {
        best = i;
        bestLength = k - i;
      }
    }
    return new int[] {best, best < 0 ? 0 : bestLength};
  }

  private static String join(int[] g, String format, int gapStart, int gapLength) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      if (i == gapStart && gapLength > 0) {
        s.append("::");
        i += gapLength - 1;
        continue;
      }
      if (s.length() > 0 && !(gapLength > 0 && i == gapStart + gapLength)) {
        s.append(':');
      }
      s.append(String.format(Locale.ROOT, format, g[i]));
    }
    return s.toString();
  }

  private static String javaText(byte[] b) {
    try {
      InetAddress a = InetAddress.getByAddress(b);
      return a instanceof Inet4Address ? "::ffff:" + a.getHostAddress() : a.getHostAddress();
    } catch (UnknownHostException e) {
      throw new AssertionError(e);
    }
  }

  private static int[] groups(byte[] b) {
    int[] g = new int[8];
    for (int i = 0; i < 8; i++) {
      g[i] = ((b[2 * i] & 0xFF) << 8) | (b[2 * i + 1] & 0xFF);
    }
    return g;
  }

  private static byte[] toBytes(List<Integer> groups) {
    byte[] b = new byte[16];
    for (int i = 0; i < 8; i++) {
      b[2 * i] = (byte) (groups.get(i) >>> 8);
      b[2 * i + 1] = (byte) (int) groups.get(i);
    }
    return b;
  }
}
