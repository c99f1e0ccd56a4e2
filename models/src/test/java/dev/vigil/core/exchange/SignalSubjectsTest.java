package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.SignalSubject;
import org.junit.jupiter.api.Test;

/** A subject's canonical text and the event feature it names give the same table key. */
class SignalSubjectsTest {
  private final long[] keys = new long[SignalSubjects.MAX_KEYS];

  private long[] keysOf(SignalSubject type, String subject) {
    int n = SignalSubjects.keys(type, subject, keys);
    long[] out = new long[n];
    System.arraycopy(keys, 0, out, 0, n);
    return out;
  }

  private static long net(String ip) {
    return SignalSubjects.key(SignalSubject.NETWORK, Hashing.ipPrefix(ip));
  }

  @Test
  void anIpv4SlashTwentyFourMeetsEveryAddressInIt() {
    assertThat(keysOf(SignalSubject.NETWORK, "203.0.113.0/24"))
        .containsExactly(net("203.0.113.7"))
        .doesNotContain(net("203.0.114.7"));
  }

  @Test
  void anIpv6SlashFortyEightMeetsAddressesWhetherTheyCompressWithinItOrNot() {
    assertThat(keysOf(SignalSubject.NETWORK, "2001:db8:1::/48"))
        .containsExactlyInAnyOrder(net("2001:db8:1:5::1"), net("2001:db8:1::5"));
    assertThat(keysOf(SignalSubject.NETWORK, "2001:db8::/48"))
        .containsExactlyInAnyOrder(net("2001:db8:0:5::1"), net("2001:db8::5"));
  }

  @Test
  void theOtherSubjectsMeetTheEventsHashesAndEndpointsAreNotEvidence() {
    assertThat(keysOf(SignalSubject.AUTONOMOUS_SYSTEM, "AS64500"))
        .containsExactly(
            SignalSubjects.key(SignalSubject.AUTONOMOUS_SYSTEM, Hashing.ofLong(64500, 1)));
    assertThat(keysOf(SignalSubject.API_KEY, "ak_1"))
        .containsExactly(SignalSubjects.key(SignalSubject.API_KEY, Hashing.of("ak_1")));
    // Salted by type: the same text as a session id is another key.
    assertThat(keysOf(SignalSubject.SESSION, "ak_1"))
        .doesNotContain(keysOf(SignalSubject.API_KEY, "ak_1"));
    assertThat(keysOf(SignalSubject.ENDPOINT, "GET /api/v3/order")).isEmpty();
    assertThat(keysOf(SignalSubject.AUTONOMOUS_SYSTEM, "ASxyz")).isEmpty();
  }

  private long[] floodKeysOf(SignalSubject type, String subject) {
    int n = SignalSubjects.floodKeys(type, subject, keys);
    long[] out = new long[n];
    System.arraycopy(keys, 0, out, 0, n);
    return out;
  }

  @Test
  void floodSourcesMeetTheEventsHashesUnderKeysApartFromTheEvidence() {
    assertThat(floodKeysOf(SignalSubject.NETWORK, "203.0.113.0/24"))
        .containsExactly(
            SignalSubjects.floodKey(SignalSubject.NETWORK, Hashing.ipPrefix("203.0.113.7")))
        .doesNotContain(net("203.0.113.7"));
    assertThat(floodKeysOf(SignalSubject.NETWORK, "2001:db8:1::/48"))
        .containsExactlyInAnyOrder(
            SignalSubjects.floodKey(SignalSubject.NETWORK, Hashing.ipPrefix("2001:db8:1:5::1")),
            SignalSubjects.floodKey(SignalSubject.NETWORK, Hashing.ipPrefix("2001:db8:1::5")));
    // The exchange job's client fingerprint meets every build of the client (its family hash).
    String ua = "python-requests/2.31.0";
    assertThat(floodKeysOf(SignalSubject.CLIENT, Subjects.client(ua)))
        .containsExactly(
            SignalSubjects.floodKey(
                SignalSubject.CLIENT, Hashing.userAgentFamily("python-requests/2.32.3")));
    assertThat(floodKeysOf(SignalSubject.ACCOUNT, "acct-9"))
        .containsExactly(SignalSubjects.floodKey(SignalSubject.ACCOUNT, Hashing.of("acct-9")));
    // An account is no evidence subject, and a flood source of another type is none.
    assertThat(keysOf(SignalSubject.ACCOUNT, "acct-9")).isEmpty();
    assertThat(floodKeysOf(SignalSubject.API_KEY, "ak_1")).isEmpty();
    assertThat(floodKeysOf(SignalSubject.ENDPOINT, "GET /api/v3/order")).isEmpty();
  }
}
