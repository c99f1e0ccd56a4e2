package dev.vigil.core.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SubjectsTest {
  @Test
  void networksAreTheSlash24OfIpv4AndTheSlash48OfIpv6() {
    assertThat(Subjects.network("203.0.113.77")).isEqualTo("203.0.113.0/24");
    assertThat(Subjects.network("2001:db8:1:2::5")).isEqualTo("2001:db8:1::/48");
    assertThat(Subjects.network("2001:db8::1")).isEqualTo("2001:db8:0::/48");
    assertThat(Subjects.network("2001::1:2:3:4:5:6")).isEqualTo("2001:0:1::/48");
    assertThat(Subjects.network("::1")).isEqualTo("0:0:0::/48");
    assertThat(Subjects.network("2001:db8:zz::1")).isNull();
    assertThat(Subjects.network("")).isNull();
    assertThat(Subjects.network(null)).isNull();
  }

  @Test
  void clientFingerprintsIgnoreBuildNumbers() {
    assertThat(Subjects.client("curl/8.4.0")).isEqualTo(Subjects.client("curl/8.10.0"));
    assertThat(Subjects.client("python-requests/2.31.0")).isEqualTo("python-requests/");
    assertThat(Subjects.client(" ")).isNull();
    assertThat(Subjects.autonomousSystem(64500L)).isEqualTo("AS64500");
    assertThat(Subjects.autonomousSystem(null)).isNull();
  }

  @Test
  void endpointsAreTemplatesOfNamedPathsAndOneSeriesPerMethodForTheRest() {
    var roles = dev.vigil.core.model.EndpointRoles.defaults();
    assertThat(Subjects.endpoint(event("GET", "/api/v3/orders/12345"), roles))
        .isEqualTo("GET /api/v3/orders/{id}");
    assertThat(Subjects.endpoint(event("POST", "/api/v3/orders"), roles))
        .isEqualTo("POST /api/v3/orders");
    assertThat(Subjects.endpoint(event("GET", "/wp-admin/x" + "a".repeat(40)), roles))
        .isEqualTo("GET (unnamed)");
    assertThat(Subjects.population(event("GET", "/api/v3/orders"))).isEqualTo("human");
  }

  private static dev.vigil.schema.AccessEvent event(String method, String path) {
    return dev.vigil.schema.AccessEvent.newBuilder()
        .setEventId("e")
        .setTimestamp(0)
        .setIngestedAt(0)
        .setSessionId("s")
        .setAccountId("a")
        .setSourceIp("203.0.113.1")
        .setMethod(method)
        .setPath(path)
        .setStatus(200)
        .build();
  }
}
