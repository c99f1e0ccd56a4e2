package dev.vigil.core.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.sketch.Hashing;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The simulator's user agents, and real browsers, get a useful family, platform and build. */
class ClientLineageParserTest {

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "DerivXApp/5.12.3 (iPhone; iOS 18.1; Scale/3.00)|derivxapp|ios|5|12|3",
        "okhttp/4.12.0 DerivXApp/5.9.1 (Android 14; SM-S921B)|derivxapp|android|5|9|1",
        "ccxt/4.4.12 python-requests/2.32.3|ccxt||4|4|12",
        "python-requests/2.31.0|python-requests||2|31|0",
        "Go-http-client/2.0|go-http-client||2|0|0",
        "hummingbot/2.3.0|hummingbot||2|3|0",
        "Apache-HttpClient/5.3.1 (Java/17.0.12)|apache-httpclient||5|3|1",
        "oms-connector/3.4 (.NET 8.0)|oms-connector||3|4|0",
        "curl/8.5.0|curl||8|5|0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/131.0.0.0 Safari/537.36|chrome|windows|131|0|0",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
            + " Version/18.1 Safari/605.1.15|safari|mac os x|18|1|0",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0"
            + "|firefox|windows|133|0|0",
      })
  void familyPlatformAndBuild(
      String ua, String family, String platform, int major, int minor, int patch) {
    ClientLineageParser.Lineage l = ClientLineageParser.parse(ua, Hashing.of(ua));
    assertThat(l.family).as("family of %s", ua).isEqualTo(Hashing.of(family));
    assertThat(l.platform)
        .as("platform of %s", ua)
        .isEqualTo(platform == null ? Hashing.ABSENT : Hashing.of(platform));
    assertThat(l.version)
        .as("build of %s", ua)
        .isEqualTo(ClientLineageParser.pack(major, minor, patch));
  }

  @Test
  void buildsCompareAsNumbersNotText() {
    assertThat(ClientLineageParser.version("5.12.3", 0, 6))
        .isGreaterThan(ClientLineageParser.version("5.9.9", 0, 5));
    assertThat(ClientLineageParser.version("x", 0, 1))
        .isEqualTo(ClientLineageParser.VERSION_UNKNOWN);
  }

  @Test
  void theCacheReturnsTheSameLineageWithoutParsingAgain() {
    String ua = "DerivXApp/5.12.3 (iPhone; iOS 18.1; Scale/3.00)";
    long h = Hashing.of(ua);
    ClientLineageParser.Lineage first = ClientLineageParser.lineage(ua, h);
    assertThat(ClientLineageParser.lineage(ua, h)).isSameAs(first);
    assertThat(ClientLineageParser.lineage(null, Hashing.ABSENT)).isNull();
  }

  /**
   * User agents whose hashes share the cache's set stay cached side by side (the direct-mapped
   * cache parsed {@code axios/1.6.4} and {@code axios/1.6.8} again on every alternation); beyond
   * the set's ways the oldest leaves. The hashes are chosen to share a set (the low bits), not
   * computed.
   */
  @Test
  void userAgentsSharingACacheSetDoNotEvictEachOther() {
    long base = 0x5EED_0000_0000_0000L | 1234; // a set no other test's hash uses, in all likelihood
    String[] uas = new String[ClientLineageParser.CACHE_WAYS + 1];
    long[] hashes = new long[uas.length];
    ClientLineageParser.Lineage[] first = new ClientLineageParser.Lineage[uas.length];
    for (int i = 0; i < ClientLineageParser.CACHE_WAYS; i++) {
      uas[i] = "axios/1.6." + i;
      hashes[i] = base + ((long) (i + 1) << 32); // same low bits: the same set
      first[i] = ClientLineageParser.lineage(uas[i], hashes[i]);
    }
    for (int round = 0; round < 3; round++) {
      for (int i = 0; i < ClientLineageParser.CACHE_WAYS; i++) {
        assertThat(ClientLineageParser.lineage(uas[i], hashes[i])).as(uas[i]).isSameAs(first[i]);
      }
    }
    int last = ClientLineageParser.CACHE_WAYS;
    uas[last] = "axios/1.7.0";
    hashes[last] = base + ((long) (last + 1) << 32);
    first[last] = ClientLineageParser.lineage(uas[last], hashes[last]);
    assertThat(ClientLineageParser.lineage(uas[last], hashes[last])).isSameAs(first[last]);
    assertThat(ClientLineageParser.lineage(uas[0], hashes[0]))
        .as("the oldest of a full set is parsed again")
        .isNotSameAs(first[0])
        .usingRecursiveComparison()
        .isEqualTo(first[0]);
  }

  @Test
  void oddTextNeverFailsTheParser() {
    for (String ua : new String[] {"", "/", "//1", "(((", ")x/1", "a/", "Mozilla/", " / / "}) {
      ClientLineageParser.Lineage l = ClientLineageParser.parse(ua, 1L);
      assertThat(l).as(ua).isNotNull();
    }
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "okhttp/4.12.0 DerivXApp/5.9.1 (Android 14; SM-S921B)|samsung sm-s921b|true",
        "okhttp/4.12.0 DerivXApp/5.9.1 (Android 14; Pixel 8 Pro)|pixel 8 pro|true",
        "Mozilla/5.0 (Linux; Android 13; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/112.0.0.0 Mobile Safari/537.36|samsung sm-g991b|true",
        "DerivXApp/5.12.3 (iPhone; iOS 18.1; Scale/3.00)|iphone|false",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko)"
            + " Chrome/120.0.0.0 Mobile Safari/537.36||false",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)"
            + " Version/18.1 Safari/605.1.15|mac|false",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0||false",
        "ccxt/4.4.12 python-requests/2.32.3||false",
      })
  void aDeviceModelOrClassWhereTheUserAgentNamesOne(String ua, String device, boolean model) {
    ClientLineageParser.Lineage l = ClientLineageParser.parse(ua, Hashing.of(ua));
    assertThat(l.device)
        .as("device of %s", ua)
        .isEqualTo(device == null ? Hashing.ABSENT : Hashing.of(device));
    assertThat(l.deviceIsModel).as("a model in %s", ua).isEqualTo(model);
  }

  @Test
  void theOperatingSystemVersionWhereTheUserAgentGivesOne() {
    String ios = "DerivXApp/5.12.3 (iPhone; iOS 18.1; Scale/3.00)";
    assertThat(ClientLineageParser.parse(ios, Hashing.of(ios)).osVersion)
        .isEqualTo(ClientLineageParser.pack(18, 1, 0));
    String lib = "ccxt/4.4.12 python-requests/2.32.3";
    assertThat(ClientLineageParser.parse(lib, Hashing.of(lib)).osVersion)
        .isEqualTo(ClientLineageParser.VERSION_UNKNOWN);
  }
}
