package dev.vigil.cli;

import dev.vigil.kafka.VigilTopic;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Sends the demo's traffic as {@link DemoPlan} says: the history unpaced, then a wait until the
 * jobs have read it (at most {@link DemoPlan#historyBound()}), then the live window paced over
 * {@code --duration}. Prints the live line every second ({@link DemoProgress}) and a line at each
 * phase's start and end; stops at Ctrl-C (the shutdown hook prints the summary).
 */
final class DemoSender {
  private static final long SECOND = 1_000_000_000L;

  private final PrintWriter out;
  private final DemoPlan plan;
  private final DemoFeed feed;
  private final DemoPhase phase;
  private final DemoProgress progress;
  private final DemoShutdown shutdown;
  private final AtomicLong sent;
  private long begin;
  private long nextReport;

  DemoSender(
      PrintWriter out,
      DemoPlan plan,
      DemoFeed feed,
      DemoPhase phase,
      DemoProgress progress,
      DemoShutdown shutdown,
      AtomicLong sent) {
    this.out = out;
    this.plan = plan;
    this.feed = feed;
    this.phase = phase;
    this.progress = progress;
    this.shutdown = shutdown;
    this.sent = sent;
  }

  /** Sends both phases to the demo broker's access-logs topic; {@code catchUp} ends the first. */
  void run(Properties client, DemoCatchUp catchUp) throws Exception {
    Properties props = new Properties();
    props.putAll(client);
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("linger.ms", "20");
    props.put("max.request.size", String.valueOf(8 << 20));
    String topic = VigilTopic.ACCESS_LOGS.topicName();
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      DemoFeed.Sink sink =
          (key, value) -> {
            producer.send(new ProducerRecord<>(topic, key, value));
            sent.incrementAndGet();
          };
      begin = System.nanoTime();
      nextReport = begin + SECOND;
      for (long i = 0; i < plan.historyLines(); i++) {
        sendOne(sink);
        if (i == 0) {
          progress.report(0, sent.get()); // the first line, once traffic flows
        }
      }
      producer.flush();
      long historySent = System.nanoTime();
      // The bound counts from the first record: the whole phase lasts at most historyBound.
      boolean caughtUp = awaitCatchUp(catchUp, begin + plan.historyBound().toNanos());
      say(historyEnded(caughtUp, System.nanoTime() - begin, historySent - begin));

      long liveBegin = System.nanoTime();
      for (long i = 0; i < plan.liveLines(); i++) {
        pace(liveBegin + plan.dueNanos(i));
        sendOne(sink);
      }
      producer.flush();
      pace(liveBegin + plan.endNanos());
    }
    progress.report(seconds(), sent.get());
    progress.finish();
  }

  /** The line that opens the history replay: what it holds and how long it can last. */
  static String historyStarts(DemoPlan plan) {
    return String.format(
        Locale.ROOT,
        "History replay: %,d events (%d days, no attacks in them: the profiles learn), sent"
            + " unpaced; it ends when the jobs have read them, after %s at most.",
        plan.historyLines(),
        DemoSimulation.HISTORY.toDays(),
        human(plan.historyBound()));
  }

  /** The line that closes the history replay. */
  private String historyEnded(boolean caughtUp, long elapsedNanos, long sentNanos) {
    String live =
        String.format(
            Locale.ROOT,
            "Live window: %,d events (%d hour, with the attacks) paced over %s (%,.0f a second).",
            plan.liveLines(),
            DemoSimulation.WINDOW.toHours(),
            human(plan.live()),
            plan.liveRate());
    return caughtUp
        ? String.format(
            Locale.ROOT,
            "History replayed in %ds (sent in %ds, read by the jobs). %s",
            elapsedNanos / SECOND,
            sentNanos / SECOND,
            live)
        : String.format(
            Locale.ROOT,
            "History not yet read by the jobs after %s: the live window starts anyway and the"
                + " jobs catch up in it. %s",
            human(plan.historyBound()),
            live);
  }

  private void sendOne(DemoFeed.Sink sink) throws Exception {
    checkInterrupt();
    String line = feed.sendNext(sink);
    if (line != null) {
      phase.sent(line);
    }
    tick();
  }

  /** Waits until {@code dueNanos}, still printing the live line every second. */
  private void pace(long dueNanos) throws InterruptedException {
    for (long now = System.nanoTime(); now < dueNanos; now = System.nanoTime()) {
      checkInterrupt();
      long wait = Math.min(dueNanos, nextReport) - now;
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000)); // pacing the replay
      }
      tick();
    }
  }

  private boolean awaitCatchUp(DemoCatchUp catchUp, long deadlineNanos) throws Exception {
    while (!catchUp.caughtUp(sent.get())) {
      if (System.nanoTime() >= deadlineNanos) {
        return false;
      }
      pace(Math.min(deadlineNanos, System.nanoTime() + 250_000_000L)); // polling, human-facing
    }
    return true;
  }

  private void tick() {
    long now = System.nanoTime();
    if (now >= nextReport) {
      while (nextReport <= now) {
        nextReport += SECOND;
      }
      progress.report(seconds(), sent.get());
    }
  }

  private void say(String line) {
    synchronized (out) {
      if (shutdown.interrupted()) {
        return;
      }
      progress.finish();
      out.println(line);
      out.flush();
    }
  }

  private void checkInterrupt() throws InterruptedException {
    if (shutdown.interrupted()) {
      throw new InterruptedException("Ctrl-C"); // the hook prints the summary and cleans up
    }
  }

  private long seconds() {
    return (System.nanoTime() - begin) / SECOND;
  }

  /** {@code 45s} as "45s", {@code 60s} as "60s", {@code 180s} as "3m", {@code 90s} as "1m30s". */
  static String human(Duration d) {
    long s = d.toSeconds();
    if (s <= 60) {
      return s + "s";
    }
    return s / 60 + "m" + (s % 60 == 0 ? "" : s % 60 + "s");
  }
}
