package dev.vigil.cases;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class NetworkPrefixTest {
  @Test
  void anIpv4AddressBelongsToItsSlash24() {
    assertThat(NetworkPrefix.of("203.0.113.77")).isEqualTo("203.0.113.0/24");
  }

  @Test
  void anIpv6AddressBelongsToItsSlash48() {
    assertThat(NetworkPrefix.of("2001:db8:abcd:12::1")).isEqualTo("2001:db8:abcd::/48");
    assertThat(NetworkPrefix.of("2001:db8::1")).isEqualTo("2001:db8:0::/48");
  }

  @Test
  void textThatIsNoAddressHasNoPrefix() {
    assertThat(NetworkPrefix.of(null)).isNull();
    assertThat(NetworkPrefix.of("")).isNull();
    assertThat(NetworkPrefix.of("example.com")).isNull();
    assertThat(NetworkPrefix.of("300.1.2.3")).isNull();
    assertThat(NetworkPrefix.of("1.2.3")).isNull();
  }
}
