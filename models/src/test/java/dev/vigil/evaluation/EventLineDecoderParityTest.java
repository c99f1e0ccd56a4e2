package dev.vigil.evaluation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.AuthMethod;
import dev.vigil.schema.NetworkType;
import dev.vigil.schema.OrderSide;
import dev.vigil.schema.Outcome;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.avro.AvroRuntimeException;
import org.junit.jupiter.api.Test;

/**
 * The decoder's direct path against the Avro-builder decoding it replaced, kept here as the
 * reference.
 */
class EventLineDecoderParityTest {
  private final EventLineDecoder decoder = new EventLineDecoder();

  @Test
  void everySimulatedLineDecodesToTheBuildersEvent() throws Exception {
    AtomicInteger lines = new AtomicInteger();
    new Simulator(
            new SimulationConfig(
                    40,
                    Duration.ofHours(1).toMillis(),
                    9,
                    SimulationConfig.DEFAULT_START,
                    ScenarioMix.defaults())
                .withWarmup(Duration.ofDays(1).toMillis(), Duration.ofHours(2).toMillis()))
        .run(
            (json, length, t, user) -> {
              AccessEvent direct = decoder.decode(json, length);
              assertThat(direct).isEqualTo(viaBuilder(json, length));
              assertThat(direct.getTimestamp()).isEqualTo(t);
              lines.incrementAndGet();
            });
    assertThat(lines.get()).isGreaterThan(10_000);
  }

  @Test
  void aLineWithoutARequiredFieldFailsAsTheBuilderFails() {
    byte[] line =
        ("{\"@timestamp\":\"2026-11-02T00:00:00.006+01:00\",\"event.id\":\"e-1\","
                + "\"session.id\":\"s\",\"user.id\":\"u\",\"source.ip\":\"198.19.98.254\","
                + "\"http.request.method\":\"GET\",\"url.path\":\"/api\"}")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> decoder.decode(line, line.length))
        .isInstanceOf(AvroRuntimeException.class)
        .hasMessageContaining("status");
  }

  /** The decoding the decoder replaced: every field through {@link AccessEvent.Builder}. */
  private static AccessEvent viaBuilder(byte[] line, int length) {
    AccessEvent.Builder b = AccessEvent.newBuilder().setIngestedAt(0L);
    try (JsonParser p = new JsonFactory().createParser(line, 0, length)) {
      assertThat(p.nextToken()).isEqualTo(JsonToken.START_OBJECT);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        if (p.nextToken() == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (name) {
          case "@timestamp" -> {
            long t = Instant.parse(p.getText()).toEpochMilli();
            b.setTimestamp(t).setIngestedAt(t);
          }
          case "event.id" -> b.setEventId(p.getText());
          case "session.id" -> b.setSessionId(p.getText());
          case "user.id" -> b.setAccountId(p.getText());
          case "source.ip" -> b.setSourceIp(p.getText());
          case "source.as.number" -> b.setAsNumber(p.getLongValue());
          case "source.as.organization.name" -> b.setAsOrganization(p.getText());
          case "source.geo.country_iso_code" -> b.setCountry(p.getText());
          case "source.geo.location" -> {
            while (p.nextToken() == JsonToken.FIELD_NAME) {
              String key = p.currentName();
              p.nextToken();
              if ("lat".equals(key)) {
                b.setLatitude(p.getDoubleValue());
              } else if ("lon".equals(key)) {
                b.setLongitude(p.getDoubleValue());
              } else {
                p.skipChildren();
              }
            }
          }
          case "source.geo.accuracy_radius_km" -> b.setGeoAccuracyKm(p.getDoubleValue());
          case "source.network.type" -> b.setNetworkType(networkType(p.getText()));
          case "http.request.method" -> b.setMethod(p.getText());
          case "url.path" -> b.setPath(p.getText());
          case "http.response.status_code" -> b.setStatus(p.getIntValue());
          case "event.outcome" -> b.setOutcome(Outcome.valueOf(upper(p.getText())));
          case "event.duration" -> b.setDurationNanos(p.getLongValue());
          case "user_agent.original" -> b.setUserAgent(p.getText());
          case "exchange.api_key.id" -> b.setApiKeyId(p.getText());
          case "exchange.auth.method" -> b.setAuthMethod(AuthMethod.valueOf(upper(p.getText())));
          case "exchange.auth.mfa" -> b.setMfa(p.getBooleanValue());
          case "exchange.request.nonce" -> b.setNonce(p.getText());
          case "exchange.request.timestamp" -> b.setClientTimestamp(p.getLongValue());
          case "exchange.order.instrument" -> b.setInstrument(p.getText());
          case "exchange.order.side" -> b.setSide(OrderSide.valueOf(upper(p.getText())));
          case "exchange.order.notional_usd" -> b.setNotionalUsd(p.getDoubleValue());
          case "exchange.withdrawal.address" -> b.setWithdrawalAddress(p.getText());
          default -> p.skipChildren();
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return b.build();
  }

  private static NetworkType networkType(String text) {
    for (NetworkType t : NetworkType.values()) {
      if (t.name().equalsIgnoreCase(text)) {
        return t;
      }
    }
    return NetworkType.OTHER;
  }

  private static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
