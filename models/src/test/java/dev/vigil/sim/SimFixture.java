package dev.vigil.sim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Runs a simulation in memory and parses what it wrote, as a consumer of the files would; keeps a
 * compact view of each event (a full JSON tree per event would not fit a test heap).
 */
final class SimFixture {
  static final ObjectMapper JSON = new ObjectMapper();

  /** The fields the tests look at. */
  record Ev(
      long time,
      String id,
      String session,
      String user,
      String ip,
      String country,
      long asn,
      String path,
      int status,
      String auth,
      String apiKey,
      Long nonce,
      Long clientTimestamp) {}

  final Simulator simulator;
  final SimulationResult result;
  final List<Ev> events = new ArrayList<>();
  final Map<String, JsonNode> labels = new LinkedHashMap<>();
  final Map<String, Account> accounts = new LinkedHashMap<>();

  SimFixture(SimulationConfig config) {
    this(config, e -> {});
  }

  /**
   * @param eachEvent sees every parsed event line
   */
  SimFixture(SimulationConfig config, Consumer<JsonNode> eachEvent) {
    try {
      simulator = new Simulator(config);
      result =
          simulator.run(
              (json, length, time, user) -> {
                JsonNode e = JSON.readTree(json, 0, length);
                eachEvent.accept(e);
                events.add(compact(e));
              });
      ByteArrayOutputStream labelBytes = new ByteArrayOutputStream();
      LabelWriter.write(simulator.sessions(), config.seed(), labelBytes);
      for (String line : labelBytes.toString(StandardCharsets.UTF_8).split("\n")) {
        JsonNode l = JSON.readTree(line);
        labels.put(l.get("session.id").asText(), l);
      }
      for (Account a : simulator.accounts()) {
        accounts.put(a.id(), a);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Ev compact(JsonNode e) {
    return new Ev(
        Instant.parse(e.get("@timestamp").asText()).toEpochMilli(),
        e.get("event.id").asText(),
        e.get("session.id").asText(),
        e.get("user.id").asText(),
        e.get("source.ip").asText(),
        e.path("source.geo.country_iso_code").asText(null),
        e.path("source.as.number").asLong(),
        e.get("url.path").asText(),
        e.get("http.response.status_code").intValue(),
        e.path("exchange.auth.method").asText(null),
        e.path("exchange.api_key.id").asText(null),
        e.has("exchange.request.nonce") ? e.get("exchange.request.nonce").longValue() : null,
        e.has("exchange.request.timestamp")
            ? e.get("exchange.request.timestamp").longValue()
            : null);
  }

  static ScenarioMix mix(String json) {
    return ScenarioMix.parse(json, "test");
  }

  JsonNode label(Ev e) {
    return labels.get(e.session());
  }

  boolean benign(Ev e) {
    return label(e).get("label").asText().equals("benign");
  }

  /** Events grouped by session, in file order. */
  Map<String, List<Ev>> bySession() {
    Map<String, List<Ev>> m = new LinkedHashMap<>();
    for (Ev e : events) {
      m.computeIfAbsent(e.session(), k -> new ArrayList<>()).add(e);
    }
    return m;
  }

  /** Kolmogorov-Smirnov statistic of {@code sorted} against the CDF {@code f}. */
  static double ks(double[] sorted, java.util.function.DoubleUnaryOperator f) {
    double d = 0;
    int n = sorted.length;
    for (int i = 0; i < n; i++) {
      double fx = f.applyAsDouble(sorted[i]);
      d = Math.max(d, Math.max(Math.abs((i + 1.0) / n - fx), Math.abs(fx - (double) i / n)));
    }
    return d;
  }

  /** KS critical value at significance 0.001 (asymptotic, c = 1.949). */
  static double ksCritical(int n) {
    return 1.949 / Math.sqrt(n);
  }
}
