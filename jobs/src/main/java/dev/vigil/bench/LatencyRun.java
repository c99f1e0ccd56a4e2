package dev.vigil.bench;

import dev.vigil.runtime.LocalFlink;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.SessionCommand;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;
import org.apache.flink.api.common.JobID;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Event-to-command latency of the production job ({@link BenchJobs#live}) at fixed offered loads.
 * The benchmark's records are copied from the throughput topic to the live job's input at a paced
 * rate, a warm-up first and then each load for the same length of time; each command's latency is
 * its append time on the commands topic minus the append time of the input record that triggered it
 * (both broker clocks, {@code LogAppendTime}), recorded in an HdrHistogram per load. Commands that
 * a timer issued (no input record) are not counted. The run ends when the job has committed its
 * input offsets to the end (a checkpoint after the last record: every command it issued is then
 * flushed), then the job is cancelled.
 */
public final class LatencyRun {
  private static final Duration POLL = Duration.ofMillis(200);

  private LatencyRun() {}

  /** One offered load: the rate asked for, what was sent, and the latency of its commands. */
  public record Level(
      double share,
      double offeredPerSecond,
      long sent,
      double seconds,
      long samples,
      double p50Ms,
      double p99Ms,
      double p999Ms,
      double maxMs) {}

  /** The levels, and the live job's state in its last checkpoint. */
  public record Latency(List<Level> levels, long checkpointBytes, long commands) {}

  /** A stretch of the copy: its rate and when it ran (wall clock, for the broker's times). */
  private record Stretch(double share, double rate, long sent, long startMs, long endMs) {}

  /**
   * @param source the throughput run's input topic, copied from its beginning
   * @param available records in {@code source}
   * @param maxRate the full job's measured throughput, events per second
   * @param shares the loads as shares of {@code maxRate}, lowest first
   * @param levelLength how long each load is offered at most (less when records run short)
   */
  public static Latency run(
      LocalFlink flink,
      StreamExecutionEnvironment env,
      BenchTopics topics,
      Properties client,
      String source,
      long available,
      double maxRate,
      double[] shares,
      Duration levelLength,
      Duration warmup)
      throws Exception {
    JobID job = flink.submit(env, "vigil-bench-" + topics.run());
    try {
      while (!flink.allTasksRunning(job)) {
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(50)); // polling the job's state
      }
      // Each load lasts the same time; records shared out so that all loads get their time.
      double sum = shares[0] * warmup.toMillis() / (double) levelLength.toMillis();
      for (double s : shares) {
        sum += s;
      }
      double seconds = Math.min(levelLength.toMillis() / 1000.0, available / (maxRate * sum));
      double warmSeconds = seconds * warmup.toMillis() / (double) levelLength.toMillis();
      List<Stretch> stretches =
          copy(client, source, topics.input(), maxRate, shares, seconds, warmSeconds);
      awaitConsumed(client, "bench-" + topics.run(), topics.input());
      long checkpoint = flink.checkpointedStateSize(job);
      flink.cancel(job);
      Map<String, Long> commandTimes = commandTimes(client, topics.commands());
      List<Histogram> histograms = histograms(client, topics.input(), commandTimes, stretches);
      List<Level> levels = new ArrayList<>();
      for (int i = 1; i < stretches.size(); i++) {
        Stretch s = stretches.get(i);
        Histogram h = histograms.get(i);
        levels.add(
            new Level(
                s.share(),
                s.rate(),
                s.sent(),
                (s.endMs() - s.startMs()) / 1000.0,
                h.getTotalCount(),
                h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(50),
                h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99),
                h.getTotalCount() == 0 ? Double.NaN : h.getValueAtPercentile(99.9),
                h.getTotalCount() == 0 ? Double.NaN : h.getMaxValue()));
      }
      return new Latency(levels, checkpoint, commandTimes.size());
    } finally {
      if (!flink.status(job).isTerminalState()) {
        flink.cancel(job);
      }
    }
  }

  /**
   * Copies records from {@code source} to {@code target}, paced: a warm-up at the lowest share,
   * then each share for {@code seconds}. Pacing parks the thread until each record is due.
   */
  private static List<Stretch> copy(
      Properties client,
      String source,
      String target,
      double maxRate,
      double[] shares,
      double seconds,
      double warmSeconds)
      throws Exception {
    Properties p = new Properties();
    p.putAll(client);
    p.put("linger.ms", "0");
    p.put("compression.type", "lz4");
    AtomicReference<Exception> failure = new AtomicReference<>();
    List<Stretch> stretches = new ArrayList<>();
    try (KafkaConsumer<byte[], byte[]> in = BenchTopics.consumer(client);
        KafkaProducer<byte[], byte[]> out =
            new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      List<TopicPartition> parts = new ArrayList<>();
      for (var pi : in.partitionsFor(source)) {
        parts.add(new TopicPartition(source, pi.partition()));
      }
      in.assign(parts);
      in.seekToBeginning(parts);
      var buffered =
          new java.util.ArrayDeque<
              org.apache.kafka.clients.consumer.ConsumerRecord<byte[], byte[]>>();
      for (int level = -1; level < shares.length; level++) {
        double share = shares[Math.max(0, level)];
        double rate = share * maxRate;
        long count = (long) (rate * (level < 0 ? warmSeconds : seconds));
        long start = System.nanoTime();
        long startMs = System.currentTimeMillis();
        long sent = 0;
        while (sent < count) {
          if (buffered.isEmpty()) {
            in.poll(POLL).forEach(buffered::add);
            if (buffered.isEmpty() && endReached(in, parts)) {
              break;
            }
            continue;
          }
          long due = start + (long) (sent * 1e9 / rate);
          long wait = due - System.nanoTime();
          if (wait > 0) {
            LockSupport.parkNanos(wait); // pacing the offered load
          }
          var r = buffered.poll();
          out.send(
              new ProducerRecord<>(target, r.key(), r.value()),
              (meta, e) -> {
                if (e != null) {
                  failure.compareAndSet(null, e);
                }
              });
          sent++;
        }
        out.flush();
        if (failure.get() != null) {
          throw new IllegalStateException("copying the records failed", failure.get());
        }
        stretches.add(new Stretch(share, rate, sent, startMs, System.currentTimeMillis()));
      }
    }
    return stretches;
  }

  private static boolean endReached(KafkaConsumer<byte[], byte[]> in, List<TopicPartition> parts) {
    var ends = in.endOffsets(parts);
    for (TopicPartition tp : parts) {
      if (in.position(tp) < ends.get(tp)) {
        return false;
      }
    }
    return true;
  }

  /** Waits until the job's consumer group has committed every input offset (a checkpoint). */
  private static void awaitConsumed(Properties client, String group, String input)
      throws Exception {
    Map<TopicPartition, Long> ends = BenchTopics.ends(client, List.of(input));
    try (Admin admin = Admin.create(client)) {
      while (true) {
        var committed =
            admin
                .listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS);
        boolean done = true;
        for (var end : ends.entrySet()) {
          var c = committed.get(end.getKey());
          if (end.getValue() > 0 && (c == null || c.offset() < end.getValue())) {
            done = false;
          }
        }
        if (done) {
          return;
        }
        LockSupport.parkNanos(POLL.toNanos()); // polling the committed offsets
      }
    }
  }

  /** The earliest append time of a command for each trigger event id. */
  private static Map<String, Long> commandTimes(Properties client, String topic) throws Exception {
    Map<String, Long> times = new HashMap<>();
    scan(
        client,
        topic,
        (value, time) -> {
          SessionCommand c = SessionCommand.fromByteBuffer(ByteBuffer.wrap(value));
          if (c.getTriggerEventId() != null) {
            times.merge(c.getTriggerEventId(), time, Math::min);
          }
        });
    return times;
  }

  /** Latencies per stretch (index 0 the warm-up), for input records that triggered a command. */
  private static List<Histogram> histograms(
      Properties client, String input, Map<String, Long> commandTimes, List<Stretch> stretches)
      throws Exception {
    List<Histogram> out = new ArrayList<>();
    for (int i = 0; i < stretches.size(); i++) {
      out.add(new Histogram(3_600_000L, 3));
    }
    scan(
        client,
        input,
        (value, time) -> {
          String id = AccessEvent.fromByteBuffer(ByteBuffer.wrap(value)).getEventId();
          Long command = commandTimes.get(id);
          if (command == null) {
            return;
          }
          for (int i = stretches.size() - 1; i >= 0; i--) {
            if (time >= stretches.get(i).startMs()) {
              out.get(i).recordValue(Math.max(0, Math.min(3_600_000L, command - time)));
              return;
            }
          }
        });
    return out;
  }

  private interface RecordVisitor {
    void visit(byte[] value, long appendTime) throws Exception;
  }

  /** Reads {@code topic} from its beginning to its current end. */
  private static void scan(Properties client, String topic, RecordVisitor visitor)
      throws Exception {
    Map<TopicPartition, Long> ends = BenchTopics.ends(client, List.of(topic));
    try (KafkaConsumer<byte[], byte[]> in = BenchTopics.consumer(client)) {
      List<TopicPartition> parts = new ArrayList<>(ends.keySet());
      in.assign(parts);
      in.seekToBeginning(parts);
      while (true) {
        boolean done = true;
        for (TopicPartition tp : parts) {
          done &= in.position(tp) >= ends.get(tp);
        }
        if (done) {
          return;
        }
        for (var r : in.poll(POLL)) {
          visitor.visit(r.value(), r.timestamp());
        }
      }
    }
  }
}
