package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.OrderSide;
import dev.vigil.schema.Outcome;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class EventLineDecoderTest {
  private final EventLineDecoder decoder = new EventLineDecoder();

  private AccessEvent decode(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    return decoder.decode(b, b.length);
  }

  @Test
  void readsEveryFieldOfASimulatedOrderLine() {
    AccessEvent e =
        decode(
            "{\"@timestamp\":\"2026-11-02T00:00:01.250Z\",\"event.id\":\"e-7-1\","
                + "\"session.id\":\"s1\",\"user.id\":\"u1\",\"source.ip\":\"198.18.0.1\","
                + "\"source.as.number\":16509,\"source.as.organization.name\":\"AMAZON\","
                + "\"source.geo.country_iso_code\":\"US\","
                + "\"source.geo.location\":{\"lat\":39.5,\"lon\":-77.25},"
                + "\"http.request.method\":\"POST\",\"url.path\":\"/api/v3/orders\","
                + "\"http.response.status_code\":401,\"event.outcome\":\"failure\","
                + "\"event.duration\":1200,\"user_agent.original\":\"ccxt/4\","
                + "\"exchange.api_key.id\":\"ak_1\",\"exchange.auth.method\":\"hmac\","
                + "\"exchange.auth.mfa\":false,\"exchange.request.nonce\":1793577601250123,"
                + "\"exchange.request.timestamp\":1793577601200,"
                + "\"exchange.order.instrument\":\"BTC-PERP\",\"exchange.order.side\":\"sell\","
                + "\"exchange.order.notional_usd\":1234.56,\"unknown.key\":{\"x\":[1,2]}}\n");
    assertThat(e.getTimestamp()).isEqualTo(1_793_577_601_250L);
    assertThat(e.getEventId()).isEqualTo("e-7-1");
    assertThat(e.getAsNumber()).isEqualTo(16509L);
    assertThat(e.getLatitude()).isEqualTo(39.5);
    assertThat(e.getLongitude()).isEqualTo(-77.25);
    assertThat(e.getStatus()).isEqualTo(401);
    assertThat(e.getOutcome()).isEqualTo(Outcome.FAILURE);
    assertThat(e.getAuthMethod()).isEqualTo(AuthMethod.HMAC);
    assertThat(e.getMfa()).isFalse();
    assertThat(e.getNonce()).isEqualTo("1793577601250123");
    assertThat(e.getClientTimestamp()).isEqualTo(1_793_577_601_200L);
    assertThat(e.getSide()).isEqualTo(OrderSide.SELL);
    assertThat(e.getNotionalUsd()).isEqualTo(1234.56);
    assertThat(e.getWithdrawalAddress()).isNull();
  }

  @Test
  void readsTheGeoAccuracyRadiusAndNetworkTypeAndTakesUnknownTypesAsOther() {
    String line =
        "{\"@timestamp\":\"2026-11-02T00:00:01.250Z\",\"event.id\":\"e-7-2\","
            + "\"session.id\":\"s1\",\"user.id\":\"u1\",\"source.ip\":\"198.18.0.1\","
            + "\"http.request.method\":\"GET\",\"url.path\":\"/api/v3/markets\","
            + "\"http.response.status_code\":200,"
            + "\"source.geo.accuracy_radius_km\":50,\"source.network.type\":\"%s\"}";
    AccessEvent hosting = decode(String.format(line, "hosting"));
    assertThat(hosting.getGeoAccuracyKm()).isEqualTo(50.0);
    assertThat(hosting.getNetworkType()).isEqualTo(NetworkType.HOSTING);
    assertThat(decode(String.format(line, "Satellite")).getNetworkType())
        .isEqualTo(NetworkType.OTHER);
  }

  @Test
  void rejectsALineThatIsNotAnObject() {
    assertThatThrownBy(() -> decode("[1,2]")).isInstanceOf(IllegalArgumentException.class);
  }
}
