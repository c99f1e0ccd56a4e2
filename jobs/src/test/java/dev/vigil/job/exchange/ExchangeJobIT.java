package dev.vigil.job.exchange;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.engine.Events;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import dev.vigil.testing.KafkaExtension;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The exchange job on the real broker and a MiniCluster, over simulator traffic (300 accounts, two
 * hours, seed 21) with credential-stuffing campaigns. The simulator's stuffers rotate through
 * residential proxies and VPNs all over the world, one address per try, which no network key can
 * see; here their tries are sent from one /24 and one AS instead (the campaign of a stuffer with
 * one rented subnet), everything else untouched, plus one record that is not an access event. The
 * job reads the topic to its end (bounded) and finishes: its completion is the signal the test
 * waits on.
 */
class ExchangeJobIT {
  @RegisterExtension static final KafkaExtension KAFKA = new KafkaExtension();

  @RegisterExtension
  static final MiniClusterExtension FLINK =
      new MiniClusterExtension(
          new MiniClusterResourceConfiguration.Builder()
              .setNumberTaskManagers(1)
              .setNumberSlotsPerTaskManager(2)
              .build());

  private static final String MIX =
      "{\"populations\": {\"retail\": 0.8, \"bot\": 0.2, \"market_maker\": 0,"
          + " \"institutional\": 0}, \"scenarios\": {\"credential_stuffing\": 0.01}}";
  private static final String ATTACK_NETWORK = "203.0.113.0/24";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String BENIGN_MIX =
      "{\"populations\": {\"retail\": 0.7, \"bot\": 0.15, \"market_maker\": 0,"
          + " \"institutional\": 0.15}}";
  private static final String ADDRESS_FIELD = "\"exchange.withdrawal.address\"";
  private static final String SHARED_ADDRESS = "bc1qcashout0000000000000000000000000000000";

  @TempDir static Path dir;

  @Test
  void aStuffingCampaignFromOneNetworkIsALoginWaveOfThatNetworkAndNoBenignNetworkRaisesOne()
      throws Exception {
    SimulationConfig simulation =
        new SimulationConfig(
            300,
            Duration.ofHours(2).toMillis(),
            21,
            SimulationConfig.DEFAULT_START,
            ScenarioMix.parse(MIX, "stuffing mix"));
    Path sim = dir.resolve("stuffing-sim");
    Simulator.generate(simulation, sim);
    List<SessionLabel> stuffingLabels =
        EvaluationFiles.readLabels(sim.resolve("labels.jsonl")).stream()
            .filter(l -> "credential_stuffing".equals(l.label()))
            .toList();
    Set<String> stuffing =
        stuffingLabels.stream().map(SessionLabel::sessionId).collect(Collectors.toSet());
    Set<String> targets =
        stuffingLabels.stream().map(SessionLabel::userId).collect(Collectors.toSet());
    assertThat(stuffing).as("stuffing sessions in the simulation").hasSizeGreaterThan(20);

    String prefix = "exchange";
    createTopics(prefix);
    List<Outgoing> lines = new ArrayList<>();
    int moved = 0;
    for (String line : Files.readAllLines(sim.resolve("events.jsonl"))) {
      ObjectNode e = (ObjectNode) JSON.readTree(line);
      if (stuffing.contains(e.path("session.id").asText())) {
        e.put("source.ip", "203.0.113." + (1 + moved++ % 254));
        e.put("source.as.number", 64500);
        e.put("source.as.organization.name", "Example Proxy Ltd");
        line = JSON.writeValueAsString(e);
      }
      lines.add(new Outgoing(line.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis()));
    }
    assertThat(moved).isGreaterThan(20);
    // One record that is not an access event: it goes to the dead-letter topic, not to the floor.
    lines.add(
        new Outgoing(
            "{\"@timestamp\": \"yesterday\"}".getBytes(StandardCharsets.UTF_8),
            System.currentTimeMillis()));
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), prefix + ".access-logs", lines);

    List<ExchangeSignal> signals = runToEnd(prefix, "inputs.avro=false");
    assertThat(KafkaTestSupport.readAll(KAFKA.clientProperties(), prefix + ".dead-letter"))
        .hasSize(1);
    List<ExchangeSignal> waves =
        signals.stream().filter(s -> s.getKind() == SignalKind.LOGIN_WAVE).toList();
    List<ExchangeSignal> networkWaves =
        waves.stream().filter(s -> s.getSubjectType() == SignalSubject.NETWORK).toList();
    assertThat(networkWaves).isNotEmpty().allMatch(s -> s.getSubject().equals(ATTACK_NETWORK));
    assertThat(
            waves.stream()
                .filter(s -> s.getSubjectType() == SignalSubject.AUTONOMOUS_SYSTEM)
                .map(ExchangeSignal::getSubject))
        .containsOnly("AS64500");
    // The login endpoint's error series sees the stuffing too; no other endpoint alarms.
    assertThat(
            signals.stream()
                .filter(w -> w.getKind() == SignalKind.ENDPOINT_VOLUME)
                .map(ExchangeSignal::getSubject))
        .containsOnly("POST /api/v3/auth/login");
    // Every wave, of any subject (the stuffers' clients too), names stuffing targets only.
    assertThat(waves).allSatisfy(w -> assertThat(w.getSampleAccounts()).isSubsetOf(targets));
    ExchangeSignal first = networkWaves.get(0);
    assertThat(first.getAccounts()).isGreaterThanOrEqualTo(20);
    assertThat(first.getFailures()).isGreaterThanOrEqualTo(20);
    assertThat(first.getSampleAccounts()).hasSize(10);
    assertThat(first.getExpiresAt()).isEqualTo(first.getWindowEnd() + 30 * 60_000L);
    System.out.printf(
        "signals: %d (%s); client waves %s; endpoint signals %s; network waves %d, first %s%n",
        signals.size(),
        signals.stream()
            .collect(
                Collectors.groupingBy(
                    s -> s.getKind() + "/" + s.getSubjectType(), Collectors.counting())),
        waves.stream()
            .filter(w -> w.getSubjectType() == SignalSubject.CLIENT)
            .map(ExchangeSignal::getSubject)
            .toList(),
        signals.stream()
            .filter(w -> w.getKind() == SignalKind.ENDPOINT_VOLUME)
            .map(w -> w.getSubject() + " " + w.getPopulation() + ": " + w.getBasis())
            .toList(),
        networkWaves.size(),
        first.getBasis());
  }

  /**
   * Several accounts cashed out to one address: four accounts of simulated benign traffic (retail,
   * bots and institutional clients, whose withdrawals and whitelist additions each name the
   * account's own address) add one address to their whitelist and withdraw to it, a few minutes
   * apart. The simulator has no attack that sends several victims to one address (each takeover
   * draws its own), so these eight requests are crafted here and sent as Avro events beside the
   * simulated JSON logs, both inputs of the job.
   */
  @Test
  void accountsPayingToOneAddressRaiseOneSharedAddressSignalAndBenignWithdrawalsNone()
      throws Exception {
    SimulationConfig simulation =
        new SimulationConfig(
            200,
            Duration.ofHours(2).toMillis(),
            22,
            SimulationConfig.DEFAULT_START,
            ScenarioMix.parse(BENIGN_MIX, "benign mix"));
    Path sim = dir.resolve("benign-sim");
    Simulator.generate(simulation, sim);
    List<String> benign = Files.readAllLines(sim.resolve("events.jsonl"));
    long benignWithdrawals = benign.stream().filter(l -> l.contains(ADDRESS_FIELD)).count();
    assertThat(benignWithdrawals).as("benign requests naming an address").isPositive();
    List<String> cashedOut =
        EvaluationFiles.readLabels(sim.resolve("labels.jsonl")).stream()
            .filter(l -> "retail".equals(l.population()))
            .map(SessionLabel::userId)
            .distinct()
            .limit(4)
            .toList();
    assertThat(cashedOut).hasSize(4);

    String prefix = "address";
    List<Outgoing> crafted = new ArrayList<>();
    long t = SimulationConfig.DEFAULT_START + Duration.ofMinutes(30).toMillis();
    for (String account : cashedOut) {
      for (String[] request :
          List.of(
              new String[] {"POST", "/api/v3/wallet/whitelist"},
              new String[] {"POST", "/api/v3/wallet/withdrawals"})) {
        t += Duration.ofMinutes(3).toMillis();
        AccessEvent e =
            Events.attacker("cash-out-" + account, t)
                .setAccountId(account)
                .setMethod(request[0])
                .setPath(request[1])
                .setWithdrawalAddress(SHARED_ADDRESS)
                .build();
        ByteBuffer b = e.toByteBuffer();
        byte[] bytes = new byte[b.remaining()];
        b.get(bytes);
        crafted.add(new Outgoing(bytes, System.currentTimeMillis()));
      }
    }
    createTopics(prefix);
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), prefix + ".access-events", crafted);
    List<Outgoing> lines = new ArrayList<>();
    for (String line : benign) {
      lines.add(new Outgoing(line.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis()));
    }
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), prefix + ".access-logs", lines);

    List<ExchangeSignal> shared =
        runToEnd(prefix, "inputs.avro=true").stream()
            .filter(s -> s.getKind() == SignalKind.SHARED_WITHDRAWAL_ADDRESS)
            .toList();
    System.out.printf(
        "shared-address signals: %s; benign requests naming an address: %d%n",
        shared.stream().map(s -> s.getSubject() + " " + s.getBasis()).toList(), benignWithdrawals);
    assertThat(shared).hasSize(1);
    ExchangeSignal signal = shared.get(0);
    assertThat(signal.getSubjectType()).isEqualTo(SignalSubject.WITHDRAWAL_ADDRESS);
    assertThat(signal.getSubject()).isEqualTo(SHARED_ADDRESS);
    assertThat(signal.getAccounts()).isEqualTo(3); // raised at the third account (the default)
    assertThat(signal.getSampleAccounts()).isSubsetOf(cashedOut).hasSize(3);
  }

  /** Creates the job's topics under {@code prefix}. */
  private static void createTopics(String prefix) throws Exception {
    for (String t : List.of("access-logs", "access-events", "dead-letter", "signals")) {
      KafkaTestSupport.createTopic(KAFKA.clientProperties(), prefix + "." + t, 1);
    }
  }

  /** Runs the job, bounded, over its topics under {@code prefix}; returns its signals. */
  private static List<ExchangeSignal> runToEnd(String prefix, String inputsAvro) throws Exception {
    JobConfig cfg =
        JobConfig.load(
            null,
            List.of(
                "topics.access-logs=" + prefix + ".access-logs",
                "topics.access-events=" + prefix + ".access-events",
                "topics.dead-letter=" + prefix + ".dead-letter",
                "topics.signals=" + prefix + ".signals",
                "kafka.group-id=" + prefix,
                inputsAvro,
                "parallelism=1",
                "checkpoint.interval=1s"));
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    ExchangePipeline.build(env, KAFKA.clientProperties(), cfg, true);
    // Bounded: returns when the job has read the topics to their end and finished.
    env.execute(ExchangeJob.NAME);
    List<ExchangeSignal> signals = new ArrayList<>();
    for (ConsumerRecord<byte[], byte[]> r :
        KafkaTestSupport.readAll(KAFKA.clientProperties(), prefix + ".signals")) {
      signals.add(ExchangeSignal.getDecoder().decode(r.value()));
    }
    return signals;
  }
}
