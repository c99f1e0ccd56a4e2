package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.SessionLabel;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import dev.vigil.job.exchange.ExchangeJob;
import dev.vigil.job.exchange.ExchangePipeline;
import dev.vigil.kafka.TopicAdmin;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SecurityCase;
import dev.vigil.schema.SessionCommand;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Issue 12's acceptance for a credential-stuffing wave, at job level on the real broker and a
 * MiniCluster: simulator traffic (80 accounts, one hour after two days of benign history) in which
 * the first stuffing campaign is sent from one /24 and one AS (as in {@code ExchangeJobIT}: the
 * simulator's stuffers rotate through proxies all over the world, which no network key can see).
 *
 * <p><b>With the exchange job.</b> The exchange job and the session risk job run together on the
 * same access topic, the risk job reading the exchange job's {@code signals} topic back. Both run
 * concurrently, so a wave signal could reach the risk job before or after the next logins,
 * depending on scheduling. To make the order deterministic and faithful to event time, the test
 * feeds the topic in steps: everything before the wave at once, then the wave one stuffing login at
 * a time, and after each step waits until the exchange job has committed the topic's end (so any
 * signal the login raised is in Kafka: its sink flushes at the checkpoint that commits), then until
 * the risk job has committed the ends of both the access topic and the signals topic (so the risk
 * operator has scored the login and applied the signal). A signal raised by a login thus reaches
 * the risk job before the next request and never before the login that raised it: no look-ahead,
 * and no latency either (the best case of a deployment, stated as such).
 *
 * <p><b>Without.</b> The risk job alone (no signals topic) over the same records, all at once.
 *
 * <p>Asserted: the wave is exactly one case (one case id) grouped by its network on the cases
 * topic, naming every account the wave succeeded on; every successful stuffing login's session is
 * stepped up or killed at an earlier or equal request with the exchange job than without, and at
 * least one strictly earlier. The per-session request numbers are printed.
 */
class StuffingWaveIT extends RiskJobITSupport {
  private static final String MIX =
      "{\"populations\": {\"retail\": 0.85, \"bot\": 0.15, \"market_maker\": 0,"
          + " \"institutional\": 0}, \"scenarios\": {\"credential_stuffing\": 0.02}}";
  private static final String NETWORK = "203.0.113.0/24";
  private static final Pattern SESSION = Pattern.compile("\"session\\.id\":\"([^\"]+)\"");
  private static final Pattern TIMESTAMP = Pattern.compile("\"@timestamp\":\"([^\"]+)\"");
  private static final Pattern EVENT = Pattern.compile("\"event\\.id\":\"([^\"]+)\"");
  private static final long NEVER = Long.MAX_VALUE;

  /** The first campaign's sessions (all of them, and those whose login succeeded). */
  private record Wave(Set<String> sessions, Map<String, String> compromised) {}

  @Test
  void aStuffingWaveIsOneCaseOfItsNetworkAndItsSuccessfulLoginsAreSteppedUpNoLaterWithTheSignals()
      throws Exception {
    Path sim = dir.resolve("wave-sim");
    Simulator.generate(
        new SimulationConfig(
                80,
                Duration.ofHours(1).toMillis(),
                31,
                SimulationConfig.DEFAULT_START,
                ScenarioMix.parse(MIX, "stuffing mix"))
            .withWarmup(Duration.ofDays(2).toMillis(), Duration.ofHours(2).toMillis()),
        sim);
    Wave wave = firstCampaign(EvaluationFiles.readLabels(sim.resolve("labels.jsonl")));
    assertThat(wave.sessions()).as("stuffing logins of the first campaign").hasSizeGreaterThan(20);
    assertThat(new TreeSet<>(wave.compromised().values()))
        .as("accounts the wave succeeded on")
        .hasSizeGreaterThanOrEqualTo(2);
    List<String> lines = fromOneNetwork(Files.readAllLines(sim.resolve("events.jsonl")), wave);
    Map<String, List<String>> requests = requestsBySession(lines, wave.compromised().keySet());
    Map<String, Long> loginTimes = new HashMap<>();
    for (String line : lines) {
      Matcher m = TIMESTAMP.matcher(line);
      if (requests.containsKey(sessionOf(line)) && m.find()) {
        loginTimes.putIfAbsent(sessionOf(line), Instant.parse(m.group(1)).toEpochMilli());
      }
    }

    // With the exchange job: both jobs on wave.access-logs, the risk job reading wave.signals.
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      KafkaTestSupport.createTopic(KAFKA.clientProperties(), "wave.signals", 1);
      KafkaTestSupport.createTopic(KAFKA.clientProperties(), "wave.cases", 1);
      KafkaTestSupport.createTopic(KAFKA.clientProperties(), "wave.findings", 1);
      JobConfig cfg =
          config(
              "wave",
              "inputs.avro=false",
              "topics.signals=wave.signals",
              "risk.signals-topic=wave.signals",
              "topics.cases=wave.cases",
              "topics.findings=wave.findings",
              "cases.enabled=true");
      JobClient exchange = startExchange(cfg);
      JobClient risk = start(cfg);
      List<JobClient> jobs = List.of(exchange, risk);
      try {
        String topic = "wave.access-logs";
        List<Outgoing> step = new ArrayList<>();
        Set<String> loggedIn = new HashSet<>();
        int steps = 0;
        for (String line : lines) {
          step.add(new Outgoing(line.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis()));
          // A wave session's first request is its login (the simulator's stuffers log in first).
          if (wave.sessions().contains(sessionOf(line)) && loggedIn.add(sessionOf(line))) {
            KafkaTestSupport.sendAll(KAFKA.clientProperties(), topic, step);
            step.clear();
            steps++;
            awaitJobs(jobs, () -> caughtUp(admin, "wave" + ExchangePipeline.GROUP_SUFFIX, topic));
            awaitJobs(
                jobs,
                () ->
                    caughtUp(admin, "wave", topic)
                        && caughtUp(admin, "wave-signals", "wave.signals"));
          }
        }
        KafkaTestSupport.sendAll(KAFKA.clientProperties(), topic, step);
        awaitJobs(jobs, () -> caughtUp(admin, "wave", topic));
        System.out.printf("wave fed in %d steps (one per stuffing login)%n", steps);
      } finally {
        for (JobClient j : jobs) {
          j.cancel().get(60, TimeUnit.SECONDS);
        }
      }
    }
    // Without: the risk job alone over the same records.
    JobConfig alone = config("alone", "inputs.avro=false", "risk.signals-topic=");
    KafkaTestSupport.sendAll(
        KAFKA.clientProperties(),
        "alone.access-logs",
        lines.stream()
            .map(l -> new Outgoing(l.getBytes(StandardCharsets.UTF_8), System.currentTimeMillis()))
            .toList());
    runUntil(alone, () -> consumed("alone", "alone.access-logs"));

    List<SecurityCase> cases =
        read("wave.cases", v -> decode(() -> SecurityCase.getDecoder().decode(v)));
    List<SecurityCase> networkCases =
        cases.stream()
            .filter(c -> c.getGroupedBy() == CaseGrouping.NETWORK)
            .filter(c -> c.getGroupKey().equals(NETWORK))
            .toList();
    Set<String> caseIds =
        networkCases.stream().map(SecurityCase::getCaseId).collect(Collectors.toSet());
    SecurityCase last = networkCases.isEmpty() ? null : networkCases.get(networkCases.size() - 1);
    System.out.printf(
        "cases: %d revisions on the topic, %d of the wave's network in %d case(s); last: %s%n",
        cases.size(),
        networkCases.size(),
        caseIds.size(),
        last == null
            ? "none"
            : "r"
                + last.getRevision()
                + " "
                + last.getStatus()
                + " accounts "
                + last.getAccounts()
                + " (+"
                + last.getAccountsOmitted()
                + " omitted)");
    assertThat(caseIds).as("cases of the wave's network").hasSize(1);
    assertThat(last.getAccounts()).containsAll(wave.compromised().values());

    Map<String, Long> with = steppedUpAt(commands("wave"), requests);
    Map<String, Long> without = steppedUpAt(commands("alone"), requests);
    // When the wave was first raised on its network, to tell each success's login before or after.
    List<ExchangeSignal> signals =
        read("wave.signals", v -> decode(() -> ExchangeSignal.getDecoder().decode(v)));
    long raised =
        signals.stream()
            .filter(x -> x.getKind() == SignalKind.LOGIN_WAVE)
            .filter(x -> x.getSubjectType() == SignalSubject.NETWORK)
            .mapToLong(ExchangeSignal::getWindowEnd)
            .min()
            .orElse(NEVER);
    System.out.printf(
        "signals: %s; the wave raised on %s at %s%n",
        signals.stream()
            .collect(
                Collectors.groupingBy(
                    x -> x.getKind() + "/" + x.getSubjectType(), Collectors.counting())),
        NETWORK,
        raised == NEVER ? "never" : Instant.ofEpochMilli(raised));
    List<RiskDecision> audit = decisions("wave");
    int earlier = 0;
    for (String s : requests.keySet()) {
      long w = with.getOrDefault(s, NEVER);
      long wo = without.getOrDefault(s, NEVER);
      earlier += w < wo ? 1 : 0;
      System.out.printf(
          "stuffing success %s (%s), login %+d s after the wave was raised: step-up or kill at"
              + " request %s with the exchange job, %s without%n",
          s, wave.compromised().get(s), (loginTimes.get(s) - raised) / 1000, show(w), show(wo));
      String login = requests.get(s).get(0);
      System.out.printf(
          "  its login's audit record with the exchange job: %s%n",
          audit.stream()
              .filter(d -> d.getEventId().equals(login))
              .map(
                  d ->
                      String.format(
                          "p=%.4f, %s",
                          d.getProbability(),
                          d.getEvidence().stream()
                              .map(
                                  r ->
                                      r.getCode()
                                          + String.format("=%.1f", r.getLogLikelihoodRatio()))
                              .toList()))
              .findFirst()
              .orElse("none (below the audit threshold)"));
    }
    System.out.printf(
        "%d of %d successful stuffing logins stepped up earlier with the exchange job%n",
        earlier, requests.size());
    assertThat(requests.keySet())
        .allSatisfy(
            s ->
                assertThat(with.getOrDefault(s, NEVER))
                    .as("request of %s's first step-up or kill, with vs without", s)
                    .isNotEqualTo(NEVER)
                    .isLessThanOrEqualTo(without.getOrDefault(s, NEVER)));
    assertThat(earlier).as("successful logins stepped up strictly earlier").isPositive();
  }

  /**
   * The first credential-stuffing campaign: stuffing sessions in time order, cut where two logins
   * are more than ten minutes apart (a campaign tries every 1.5 s on average).
   */
  private static Wave firstCampaign(List<SessionLabel> labels) {
    List<SessionLabel> stuffing =
        labels.stream()
            .filter(l -> "credential_stuffing".equals(l.label()))
            .sorted(Comparator.comparingLong(l -> l.attackerEventTimes()[0]))
            .toList();
    Set<String> sessions = new TreeSet<>();
    Map<String, String> compromised = new LinkedHashMap<>();
    long previous = Long.MIN_VALUE;
    for (SessionLabel l : stuffing) {
      long t = l.attackerEventTimes()[0];
      if (previous != Long.MIN_VALUE && t - previous > 10 * 60_000L) {
        break;
      }
      previous = t;
      sessions.add(l.sessionId());
      if ("compromise".equals(l.kind())) {
        compromised.put(l.sessionId(), l.userId());
      }
    }
    return new Wave(sessions, compromised);
  }

  /** The wave's requests sent from NETWORK and AS64500, every other line unchanged. */
  private static List<String> fromOneNetwork(List<String> lines, Wave wave) throws Exception {
    List<String> out = new ArrayList<>(lines.size());
    int moved = 0;
    for (String line : lines) {
      if (wave.sessions().contains(sessionOf(line))) {
        ObjectNode e = (ObjectNode) JSON.readTree(line);
        e.put("source.ip", "203.0.113." + (1 + moved++ % 254));
        e.put("source.as.number", 64500);
        e.put("source.as.organization.name", "Example Proxy Ltd");
        line = JSON.writeValueAsString(e);
      }
      out.add(line);
    }
    return out;
  }

  /** The event ids of each of {@code sessions}, in order. */
  private static Map<String, List<String>> requestsBySession(
      List<String> lines, Set<String> sessions) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    for (String line : lines) {
      String s = sessionOf(line);
      if (sessions.contains(s)) {
        Matcher m = EVENT.matcher(line);
        assertThat(m.find()).isTrue();
        out.computeIfAbsent(s, k -> new ArrayList<>()).add(m.group(1));
      }
    }
    return out;
  }

  /** For each session of {@code requests}, the request (1-based) of its first step-up or kill. */
  private static Map<String, Long> steppedUpAt(
      List<SessionCommand> commands, Map<String, List<String>> requests) {
    Map<String, Long> out = new HashMap<>();
    for (SessionCommand c : commands) {
      List<String> ids = requests.get(c.getSessionId());
      if (ids != null
          && (c.getAction() == CommandAction.STEP_UP || c.getAction() == CommandAction.KILL)) {
        long at = ids.indexOf(c.getTriggerEventId()) + 1L;
        assertThat(at).as("trigger of %s", c.getCommandId()).isPositive();
        out.merge(c.getSessionId(), at, Math::min);
      }
    }
    return out;
  }

  private static String sessionOf(String line) {
    Matcher m = SESSION.matcher(line);
    return m.find() ? m.group(1) : "";
  }

  private static String show(long request) {
    return request == NEVER ? "never" : String.valueOf(request);
  }

  private static JobClient startExchange(JobConfig cfg) throws Exception {
    StreamExecutionEnvironment env =
        StreamExecutionEnvironment.getExecutionEnvironment(JobSettings.flink(cfg));
    env.setParallelism(1);
    env.getConfig().enableObjectReuse();
    ExchangePipeline.build(env, KAFKA.clientProperties(), cfg, false);
    return env.executeAsync(ExchangeJob.NAME);
  }

  /**
   * True once {@code group} has committed the end offset of every non-empty partition of {@code
   * topic}: the source commits at a completed checkpoint, so its job has processed every record and
   * its at-least-once sinks have flushed.
   */
  private static boolean caughtUp(Admin admin, String group, String topic) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(60, TimeUnit.SECONDS);
    for (var e : TopicAdmin.endOffsets(admin, List.of(topic)).entrySet()) {
      OffsetAndMetadata c = committed.get(e.getKey());
      if (e.getValue() > 0 && (c == null || c.offset() < e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /**
   * Waits until {@code done} holds; a job that ends meanwhile fails the test at once. The bound
   * only stops a test whose jobs run on but never get there.
   */
  private static void awaitJobs(List<JobClient> jobs, Callable<Boolean> done) {
    Awaitility.await()
        .atMost(Duration.ofMinutes(10))
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              for (JobClient j : jobs) {
                var status = j.getJobStatus().get(60, TimeUnit.SECONDS);
                if (status.isGloballyTerminalState()) {
                  throw new AssertionError("job " + j.getJobID() + " ended " + status);
                }
              }
              return done.call();
            });
  }
}
