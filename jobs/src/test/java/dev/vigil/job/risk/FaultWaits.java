package dev.vigil.job.risk;

import dev.vigil.cli.VigilCli;
import dev.vigil.schema.RiskDecision;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.flink.api.common.JobID;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.runtime.execution.ExecutionState;
import org.apache.flink.runtime.executiongraph.AccessExecution;
import org.apache.flink.runtime.executiongraph.AccessExecutionGraph;
import org.apache.flink.runtime.executiongraph.AccessExecutionVertex;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.taskmanager.TaskManagerLocation;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * Completion signals and comparisons for the fault tests ({@link TaskManagerLossIT}): each wait
 * polls a signal (committed offsets, last stable offsets, task states) every half second and is
 * bounded at {@link #BOUND}, a guard against a run that can never get there, not a timing
 * assumption: on the shared 2-core build machine each of these signals came within seconds. A bound
 * that runs out fails with what the signal last showed.
 */
final class FaultWaits {
  static final Duration BOUND = Duration.ofMinutes(5);
  private final Properties client;

  FaultWaits(Properties client) {
    this.client = client;
  }

  /** Waits until {@code done} holds; fails naming {@code what} and what {@code seen} reports. */
  void until(String what, Callable<Boolean> done, Supplier<String> seen) {
    try {
      Awaitility.await()
          .atMost(BOUND)
          .pollInterval(Duration.ofMillis(500))
          .pollDelay(Duration.ZERO)
          .until(done);
    } catch (ConditionTimeoutException e) {
      throw new AssertionError(
          "waited " + BOUND + " for " + what + "; last seen: " + seen.get(), e);
    }
  }

  /**
   * Until the job has read all of {@code input} and checkpointed after it, and every audit
   * transaction holding records is committed (last stable offset = high watermark). A job that ends
   * first fails at once with its status.
   */
  void settled(MiniCluster cluster, JobID job, String group, String input, String audit) {
    until(
        "the input read, checkpointed and the audit committed",
        () -> {
          JobStatus s = cluster.getJobStatus(job).get(60, TimeUnit.SECONDS);
          if (s.isGloballyTerminalState()) {
            throw new AssertionError("the job ended " + s + " before it read its input");
          }
          return consumed(group, input) && committed(audit);
        },
        () -> progress(group, input) + "; audit offsets " + offsets(audit));
  }

  /**
   * True once {@code group} has committed the end offset of every partition of {@code topic}: the
   * source commits when a checkpoint completes, after the at-least-once sinks flushed (see {@link
   * RiskJobITSupport#consumed}).
   */
  boolean consumed(String group, String topic) throws Exception {
    try (Admin admin = Admin.create(client)) {
      var committed =
          admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(60, TimeUnit.SECONDS);
      for (var e : dev.vigil.kafka.TopicAdmin.endOffsets(admin, List.of(topic)).entrySet()) {
        var c = committed.get(e.getKey());
        if (c == null || c.offset() < e.getValue()) {
          return false;
        }
      }
      return true;
    }
  }

  /** The group's committed offsets against {@code topic}'s end offsets, for a message. */
  String progress(String group, String topic) {
    try (Admin admin = Admin.create(client)) {
      return "group "
          + group
          + " committed "
          + admin
              .listConsumerGroupOffsets(group)
              .partitionsToOffsetAndMetadata()
              .get(60, TimeUnit.SECONDS)
          + " of end offsets "
          + dev.vigil.kafka.TopicAdmin.endOffsets(admin, List.of(topic));
    } catch (Exception e) {
      return "offsets of group " + group + " unknown: " + e;
    }
  }

  /** The sum of {@code topic}'s high watermarks: records written, committed or not, and markers. */
  long highWatermark(String topic) throws Exception {
    return offsets(topic, IsolationLevel.READ_UNCOMMITTED).values().stream()
        .mapToLong(Long::longValue)
        .sum();
  }

  /** True when no partition of {@code topic} has an open transaction and something was written. */
  boolean committed(String topic) throws Exception {
    Map<TopicPartition, Long> stable = offsets(topic, IsolationLevel.READ_COMMITTED);
    Map<TopicPartition, Long> high = offsets(topic, IsolationLevel.READ_UNCOMMITTED);
    return stable.equals(high) && high.values().stream().mapToLong(Long::longValue).sum() > 0;
  }

  private String offsets(String topic) {
    try {
      return "stable "
          + offsets(topic, IsolationLevel.READ_COMMITTED)
          + ", high "
          + offsets(topic, IsolationLevel.READ_UNCOMMITTED);
    } catch (Exception e) {
      return "unknown: " + e;
    }
  }

  private Map<TopicPartition, Long> offsets(String topic, IsolationLevel level) throws Exception {
    try (Admin admin = Admin.create(client)) {
      int partitions =
          admin
              .describeTopics(List.of(topic))
              .allTopicNames()
              .get(60, TimeUnit.SECONDS)
              .get(topic)
              .partitions()
              .size();
      Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
      for (int p = 0; p < partitions; p++) {
        latest.put(new TopicPartition(topic, p), OffsetSpec.latest());
      }
      Map<TopicPartition, Long> out = new TreeMap<>(Comparator.PARTITION);
      admin
          .listOffsets(latest, new ListOffsetsOptions(level))
          .all()
          .get(60, TimeUnit.SECONDS)
          .forEach((tp, info) -> out.put(tp, info.offset()));
      return out;
    }
  }

  /** Orders partitions by number, for readable messages. */
  private enum Comparator implements java.util.Comparator<TopicPartition> {
    PARTITION;

    @Override
    public int compare(TopicPartition a, TopicPartition b) {
      return Integer.compare(a.partition(), b.partition());
    }
  }

  /** Sends JSON lines in order and waits for every acknowledgement. */
  static void send(Properties client, String topic, List<String> lines) throws Exception {
    long now = System.currentTimeMillis();
    KafkaTestSupport.sendEach(
        client,
        topic,
        lines.stream().map(l -> new Outgoing(l.getBytes(StandardCharsets.UTF_8), now)).iterator());
  }

  /**
   * The number of data records in {@code topic} read with {@code read_uncommitted}: committed ones
   * and those of aborted transactions (the transaction markers are not returned).
   */
  static int readUncommitted(Properties client, String topic) {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.deserializer", ByteArrayDeserializer.class.getName());
    props.put("value.deserializer", ByteArrayDeserializer.class.getName());
    props.put("isolation.level", "read_uncommitted");
    int n = 0;
    try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
      List<TopicPartition> partitions =
          consumer.partitionsFor(topic).stream()
              .map(p -> new TopicPartition(topic, p.partition()))
              .toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        n += consumer.poll(Duration.ofMillis(500)).count();
      }
    }
    return n;
  }

  /** The one TaskManager every task of the job runs on; fails when they are spread or unplaced. */
  static String onlyLocation(AccessExecutionGraph g) {
    Set<String> at = locations(g);
    if (at.size() != 1 || at.contains("none")) {
      throw new AssertionError("expected every task on one TaskManager: " + describe(g));
    }
    return at.iterator().next();
  }

  /** True when every task runs again, on a TaskManager other than {@code lost}. */
  static boolean restartedAway(AccessExecutionGraph g, String lost) {
    for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
      AccessExecution e = v.getCurrentExecutionAttempt();
      if (e.getState() != ExecutionState.RUNNING || location(e).equals(lost)) {
        return false;
      }
    }
    return true;
  }

  /** Each task's state, attempt and TaskManager, for a message. */
  static String describe(AccessExecutionGraph g) {
    StringBuilder b = new StringBuilder("job " + g.getState());
    for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
      AccessExecution e = v.getCurrentExecutionAttempt();
      b.append("; ")
          .append(v.getTaskNameWithSubtaskIndex())
          .append(' ')
          .append(e.getState())
          .append(" attempt ")
          .append(e.getAttemptNumber())
          .append(" on ")
          .append(location(e));
    }
    return b.toString();
  }

  /** The highest attempt number of any task: how often the job restarted its tasks. */
  static int restarts(AccessExecutionGraph g) {
    int max = 0;
    for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
      max = Math.max(max, v.getCurrentExecutionAttempt().getAttemptNumber());
    }
    return max;
  }

  private static Set<String> locations(AccessExecutionGraph g) {
    Set<String> out = new java.util.TreeSet<>();
    for (AccessExecutionVertex v : g.getAllExecutionVertices()) {
      out.add(location(v.getCurrentExecutionAttempt()));
    }
    return out;
  }

  private static String location(AccessExecution e) {
    TaskManagerLocation l = e.getAssignedResourceLocation();
    return l == null ? "none" : l.getResourceID().getResourceIdString();
  }

  /**
   * Each decision by id, as its fields without the wall-clock {@code decidedAt} and the chain link
   * (whose hash covers {@code decidedAt}): two runs over the same input must agree on the rest.
   * Duplicate ids keep one entry, so a caller compares the map's size with the list's.
   */
  static Map<String, String> byDecisionId(List<RiskDecision> decisions) {
    return decisions.stream()
        .collect(
            Collectors.toMap(
                RiskDecision::getDecisionId,
                d -> RiskDecision.newBuilder(d).setDecidedAt(0).setChain(null).build().toString(),
                (a, b) -> a));
  }

  /**
   * Each command by id, as all its fields but those of its issue: a command is issued at the job's
   * processing time (schema version 5), so {@code issuedAt}, {@code expiresAt}, {@code
   * lateBySeconds} and the signature over them differ between runs and between a stream and a
   * backtest (which issues at event time); everything else, the event time and the per-session
   * sequence included, is a function of the events, so the same decision on the same event gives an
   * equal command in any run. A command id sent twice (at-least-once after a replay) must carry
   * equal fields both times; two that differ fail here, naming the id.
   */
  static Map<String, String> byCommandId(List<dev.vigil.schema.SessionCommand> commands) {
    Map<String, String> out = new TreeMap<>();
    for (dev.vigil.schema.SessionCommand c : commands) {
      String fields =
          dev.vigil.schema.SessionCommand.newBuilder(c)
              .setIssuedAt(0)
              .setExpiresAt(0)
              .setLateBySeconds(0)
              .setSignature(null)
              .build()
              .toString();
      String before = out.putIfAbsent(c.getCommandId(), fields);
      if (before != null && !before.equals(fields)) {
        throw new AssertionError(
            "command " + c.getCommandId() + " sent twice, differently: " + before + " / " + fields);
      }
    }
    return out;
  }

  /**
   * What differs between two runs' decisions, compactly: duplicate ids in {@code got}, ids missing
   * from it, ids it has beyond {@code expected}, and decisions whose fields differ (the first three
   * of each, with the differing fields' values); empty when they agree.
   */
  static String diff(List<RiskDecision> expected, List<RiskDecision> got) {
    Map<String, String> want = byDecisionId(expected);
    Map<String, String> have = byDecisionId(got);
    List<String> out = new java.util.ArrayList<>();
    if (have.size() != got.size()) {
      out.add((got.size() - have.size()) + " duplicate decision ids");
    }
    List<String> missing =
        want.keySet().stream().filter(k -> !have.containsKey(k)).sorted().toList();
    List<String> extra = have.keySet().stream().filter(k -> !want.containsKey(k)).sorted().toList();
    List<String> changed =
        want.keySet().stream()
            .filter(k -> have.containsKey(k) && !have.get(k).equals(want.get(k)))
            .sorted()
            .toList();
    if (!missing.isEmpty()) {
      out.add(missing.size() + " missing, e.g. " + missing.subList(0, Math.min(3, missing.size())));
    }
    if (!extra.isEmpty()) {
      out.add(extra.size() + " not expected, e.g. " + extra.subList(0, Math.min(3, extra.size())));
    }
    if (!changed.isEmpty()) {
      StringBuilder b = new StringBuilder(changed.size() + " with other fields, e.g.");
      for (String k : changed.subList(0, Math.min(3, changed.size()))) {
        b.append(" [").append(k).append(": expected ").append(want.get(k)).append(" got ");
        b.append(have.get(k)).append(']');
      }
      out.add(b.toString());
    }
    return String.join("; ", out);
  }

  /** {@code vigil audit verify --from-genesis} over {@code topic}: its output and exit code. */
  static String verifyAudit(String bootstrap, String topic) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code =
        VigilCli.execute(
            new PrintWriter(out, true),
            new PrintWriter(err, true),
            "audit",
            "verify",
            "--topic",
            topic,
            "-b",
            bootstrap,
            "--from-genesis");
    return "exit " + code + ": " + out + err;
  }
}
