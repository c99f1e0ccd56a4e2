package dev.vigil.core.sketch;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HashingTest {
  @Test
  void ipv4AddressesInTheSameSlash24ShareAPrefix() {
    assertThat(Hashing.ipPrefix("81.250.10.23")).isEqualTo(Hashing.ipPrefix("81.250.10.200"));
    assertThat(Hashing.ipPrefix("81.250.10.23")).isNotEqualTo(Hashing.ipPrefix("81.250.11.23"));
  }

  @Test
  void ipv6AddressesInTheSameSlash48ShareAPrefix() {
    assertThat(Hashing.ipPrefix("2001:db8:1:2::1"))
        .isEqualTo(Hashing.ipPrefix("2001:db8:1:ffff::9"));
    assertThat(Hashing.ipPrefix("2001:db8:1:2::1"))
        .isNotEqualTo(Hashing.ipPrefix("2001:db8:2:2::1"));
    assertThat(Hashing.ipPrefix("2001:db8::1")).isEqualTo(Hashing.ipPrefix("2001:db8::2"));
  }

  @Test
  void endpointsDifferingOnlyInNumericIdsAreOneEndpoint() {
    assertThat(Hashing.endpoint("GET", "/api/v1/orders/123"))
        .isEqualTo(Hashing.endpoint("GET", "/api/v1/orders/98765"));
    assertThat(Hashing.endpoint("GET", "/api/v1/orders/1"))
        .isNotEqualTo(Hashing.endpoint("POST", "/api/v1/orders/1"));
  }

  @Test
  void userAgentVersionUpgradesKeepTheFamily() {
    assertThat(Hashing.userAgentFamily("Mozilla/5.0 Chrome/120.0.1"))
        .isEqualTo(Hashing.userAgentFamily("Mozilla/5.0 Chrome/121.0.7"));
    assertThat(Hashing.userAgentFamily("python-requests/2.31"))
        .isNotEqualTo(Hashing.userAgentFamily("curl/8.1"));
  }

  @Test
  void absentIsReservedForNull() {
    assertThat(Hashing.of(null)).isEqualTo(Hashing.ABSENT);
    assertThat(Hashing.of("")).isNotEqualTo(Hashing.ABSENT);
  }
}
