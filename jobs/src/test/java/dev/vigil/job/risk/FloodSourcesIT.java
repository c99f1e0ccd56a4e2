package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.exchange.ExchangeJob;
import dev.vigil.job.exchange.ExchangePipeline;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.Reason;
import dev.vigil.schema.SessionCommand;
import dev.vigil.schema.SignalKind;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

/**
 * An endpoint flood from a few networks tightens their limits and not the bots' (issue 12,
 * acceptance), with both jobs on the real broker and a MiniCluster: simulator traffic of retail
 * users and trading bots (80 accounts, 150 minutes, seed 12), plus eight minutes of a flood on the
 * bots' busiest endpoint from three sessions on three TEST-NET networks, each at twice the
 * endpoint's usual volume. The exchange job reads it all (bounded: its finish is the completion
 * signal) and names the drivers; the session risk job then reads the signals and the same traffic.
 * It is released only once a probe from a flooding network is throttled (so the signals are in),
 * and is done when its consumer group has committed the end of its input ({@link #consumed}).
 */
class FloodSourcesIT extends RiskJobITSupport {
  private static final String MIX =
      "{\"populations\": {\"retail\": 0.5, \"bot\": 0.5, \"market_maker\": 0,"
          + " \"institutional\": 0}, \"scenarios\": {}, \"hard_cases\": {}}";
  private static final String[] NETWORKS = {"198.51.100", "203.0.113", "192.0.2"};
  private static final long MINUTE = 60_000L;
  private static final int FLOOD_FROM = 135;
  private static final int FLOOD_MINUTES = 8;

  private static boolean floodReason(SessionCommand c) {
    return c.getReasons().stream().map(Reason::getCode).anyMatch("flood_source"::contentEquals);
  }

  /** A copy of a bot's request on {@code template}'s endpoint, from a flooding session. */
  private static String floodLine(ObjectNode template, int k, long t, long nonce) {
    ObjectNode e = template.deepCopy();
    List<String> where = new ArrayList<>();
    e.fieldNames()
        .forEachRemaining(
            n -> where.add(n.startsWith("source.geo") || n.startsWith("source.as") ? n : ""));
    e.remove(where);
    e.put("@timestamp", Instant.ofEpochMilli(t).toString());
    e.put("event.id", "flood-" + k + "-" + nonce);
    e.put("session.id", "flood-session-" + k);
    e.put("user.id", "flooder-" + k);
    e.put("source.ip", NETWORKS[k] + "." + (10 + nonce % 200));
    e.put("user_agent.original", "floodgate/3.1");
    e.put("exchange.api_key.id", "flood-key-" + k);
    e.put("exchange.request.nonce", nonce);
    e.put("exchange.request.timestamp", t);
    e.put("http.response.status_code", 200);
    e.put("event.outcome", "success");
    return e.toString();
  }

  @Test
  void anEndpointFloodFromThreeNetworksThrottlesTheirSessionsAndNoBot() throws Exception {
    long start = SimulationConfig.DEFAULT_START;
    SimulationConfig simulation =
        new SimulationConfig(
            80, Duration.ofMinutes(150).toMillis(), 12, start, ScenarioMix.parse(MIX, "flood mix"));
    Path sim = dir.resolve("flood-sim");
    Simulator.generate(simulation, sim);
    List<ObjectNode> events = new ArrayList<>();
    for (String line : Files.readAllLines(sim.resolve("events.jsonl"))) {
      events.add((ObjectNode) JSON.readTree(line));
    }
    // The bots' busiest endpoint, and its usual volume a minute.
    Map<String, Long> botPaths =
        events.stream()
            .filter(e -> "hmac".equals(e.path("exchange.auth.method").asText()))
            .collect(
                Collectors.groupingBy(
                    e -> e.path("http.request.method").asText() + " " + e.path("url.path").asText(),
                    Collectors.counting()));
    String flooded =
        botPaths.entrySet().stream().max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    ObjectNode template =
        events.stream()
            .filter(
                e ->
                    "hmac".equals(e.path("exchange.auth.method").asText())
                        && flooded.equals(
                            e.path("http.request.method").asText()
                                + " "
                                + e.path("url.path").asText()))
            .findFirst()
            .orElseThrow();
    Set<String> botSessions =
        events.stream()
            .filter(e -> "hmac".equals(e.path("exchange.auth.method").asText()))
            .map(e -> e.path("session.id").asText())
            .collect(Collectors.toSet());
    int perNetworkPerMinute = (int) Math.max(480, 2 * botPaths.get(flooded) / 150);
    long nonce = 1;
    for (int m = FLOOD_FROM; m < FLOOD_FROM + FLOOD_MINUTES; m++) {
      for (int j = 0; j < perNetworkPerMinute * NETWORKS.length; j++) {
        long t = start + m * MINUTE + j * MINUTE / (perNetworkPerMinute * NETWORKS.length);
        events.add(
            (ObjectNode) JSON.readTree(floodLine(template, j % NETWORKS.length, t, nonce++)));
      }
    }
    Function<ObjectNode, Instant> time = e -> Instant.parse(e.path("@timestamp").asText());
    events.sort(Comparator.comparing(time));
    List<Outgoing> lines = new ArrayList<>();
    for (ObjectNode e : events) {
      lines.add(
          new Outgoing(e.toString().getBytes(StandardCharsets.UTF_8), System.currentTimeMillis()));
    }

    // The exchange job, bounded: it returns when it has read the whole input.
    for (String t : List.of("access-logs", "access-events", "dead-letter", "signals")) {
      KafkaTestSupport.createTopic(KAFKA.clientProperties(), "fx." + t, 1);
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "fx.access-logs", lines);
    JobConfig exchange =
        JobConfig.load(
            null,
            List.of(
                "topics.access-logs=fx.access-logs",
                "topics.access-events=fx.access-events",
                "topics.dead-letter=fx.dead-letter",
                "topics.signals=fx.signals",
                "kafka.group-id=fx",
                "inputs.avro=false",
                "parallelism=1",
                "checkpoint.interval=1s"));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(exchange));
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    ExchangePipeline.build(env, KAFKA.clientProperties(), exchange, true);
    env.execute(ExchangeJob.NAME);
    List<ExchangeSignal> floods = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), "fx.signals")) {
      ExchangeSignal s = ExchangeSignal.getDecoder().decode(r.value());
      if (s.getKind() == SignalKind.FLOOD_SOURCE) {
        floods.add(s);
      }
    }
    assertThat(floods.stream().map(s -> s.getSubjectType() + " " + s.getSubject()))
        .as("the flood's drivers and nothing else")
        .contains("NETWORK 198.51.100.0/24", "NETWORK 203.0.113.0/24", "NETWORK 192.0.2.0/24")
        .allMatch(
            s ->
                s.startsWith("NETWORK ")
                    || s.equals("CLIENT floodgate/")
                    || s.startsWith("ACCOUNT flooder-"));

    // The session risk job, released once a probe from a flooding network is throttled.
    JobConfig cfg = config("fl", "inputs.avro=false", "risk.signals-topic=fx.signals");
    long[] probes = {0};
    boolean[] released = {false};
    runUntil(
        cfg,
        () -> {
          if (!released[0]) {
            if (commands("fl").stream().anyMatch(FloodSourcesIT::floodReason)) {
              released[0] = true;
              KafkaTestSupport.sendAll(KAFKA.clientProperties(), "fl.access-logs", lines);
            } else {
              long t = start - MINUTE + probes[0]++;
              ObjectNode probe = (ObjectNode) JSON.readTree(floodLine(template, 0, t, probes[0]));
              probe.put("session.id", "probe-" + probes[0]);
              probe.put("user.id", "prober");
              KafkaTestSupport.sendAll(
                  KAFKA.clientProperties(),
                  "fl.access-logs",
                  List.of(
                      new Outgoing(
                          probe.toString().getBytes(StandardCharsets.UTF_8),
                          System.currentTimeMillis())));
            }
            return false;
          }
          return consumed("fl", "fl.access-logs");
        },
        () -> readProgress("fl", "fl.access-logs"));

    List<SessionCommand> commands = commands("fl");
    Set<String> throttled =
        commands.stream()
            .filter(FloodSourcesIT::floodReason)
            .map(c -> c.getSessionId().toString())
            .collect(Collectors.toSet());
    System.out.printf(
        "flooded %s at %d requests a minute per network (bots: %d a minute); %d flood-source"
            + " signals; throttled for the flood: %s; commands %d%n",
        flooded,
        perNetworkPerMinute,
        botPaths.get(flooded) / 150,
        floods.size(),
        throttled,
        commands.size());
    assertThat(throttled)
        .contains("flood-session-0", "flood-session-1", "flood-session-2")
        .allMatch(s -> s.startsWith("flood-session-") || s.startsWith("probe-"))
        .doesNotContainAnyElementsOf(botSessions);
    assertThat(commands)
        .filteredOn(FloodSourcesIT::floodReason)
        .allMatch(c -> c.getAction() == CommandAction.SET_RATE_LIMIT)
        .allMatch(c -> c.getParameters().getRequestsPerSecond() > 0)
        // No longer valid than the signal: at most its 5 minutes after the flood's minute.
        .allMatch(c -> c.getExpiresAt() - c.getIssuedAt() <= 6 * MINUTE);
    assertThat(commands)
        .as("nobody is stepped up or killed for the flood")
        .filteredOn(c -> c.getSessionId().toString().startsWith("flood-session-"))
        .noneMatch(
            c -> c.getAction() == CommandAction.STEP_UP || c.getAction() == CommandAction.KILL);
  }
}
