package dev.vigil.job.risk;

import dev.vigil.core.engine.IssueClock;
import dev.vigil.ingest.AccessLogParser;
import dev.vigil.job.cases.CaseOrigin;
import dev.vigil.job.ingest.DeadLetterRaw;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.Ingested;
import dev.vigil.job.ingest.LineBlocks;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.runtime.state.KeyGroupRangeAssignment;

/**
 * {@code vigil score} without a Flink cluster: the session risk job's result on a file of JSON
 * access logs, the same as {@link Backtest#run} gives at the same parallelism ({@code
 * FileBacktestParityIT} compares them), several times faster.
 *
 * <p>How it stays the same: lines are read, numbered and validated as {@code JsonLinesFormat} does
 * ({@link LineBlocks}, the ingest parser); each event goes to the subtask Flink's {@code keyBy}
 * would send its account to ({@link KeyGroupRangeAssignment}, the same max parallelism), and each
 * subtask ({@link SubtaskReplay}) scores its events in file order with an engine of its own, as the
 * job's subtasks do; outputs are sorted as {@link Backtest} sorts them. The event-time watermark is
 * the job's (the largest valid event time so far less the allowed out-of-orderness, less 1 ms),
 * advanced after every event, where the job's advances every 200 ms of wall time: it only frees the
 * state of ended sessions (expiry is decided by event time, {@link SessionStore}) and marks audit
 * records of events older than it as late, so on a file whose events are in order within the
 * out-of-orderness, as the simulator writes them, nothing differs; on other files the job's own
 * late marks depend on its speed.
 *
 * <p>Threads: the caller's reads blocks of lines; {@code threads} workers parse them (the JSON
 * parse is most of the cost); one thread per subtask scores, taking the parsed blocks in file
 * order. Memory is bounded by the blocks in flight ({@value #IN_FLIGHT} per subtask queue, about 1
 * MiB of lines each with their events) plus the subtasks' state.
 */
public final class FileBacktest {
  private static final int IN_FLIGHT = 8;

  /** A backtest's result and the number of events it scored. */
  public record Result(Backtest.Result outputs, long events) {}

  private record Parsed(Ingested[] records, int[] subtasks) {}

  private FileBacktest() {}

  /**
   * @param parallelism the job's parallelism: one engine per subtask, as in the job
   * @param maxParallelism the key groups the accounts are hashed into (Flink's, for this
   *     parallelism)
   * @param threads parser threads (at least 1)
   * @param stop read on every block: true ends the run early (Ctrl-C) with a {@link
   *     CancellationException}
   */
  public static Result run(
      Path input,
      byte[] model,
      IngestSettings ingest,
      RiskSettings risk,
      int parallelism,
      int maxParallelism,
      int threads,
      Backtest.Progress progress,
      BooleanSupplier stop)
      throws Exception {
    RiskSettings settings = risk.withCommandClock(IssueClock.EVENT_TIME);
    long outOfOrderness = ingest.maxOutOfOrderness().toMillis();
    SubtaskReplay[] subtasks = new SubtaskReplay[parallelism];
    for (int i = 0; i < parallelism; i++) {
      subtasks[i] = new SubtaskReplay(settings, model);
    }
    List<DeadLetter> deadLetters = new ArrayList<>();
    ThreadLocal<AccessLogParser> parsers =
        ThreadLocal.withInitial(() -> new AccessLogParser(ingest.limits()));
    AtomicInteger threadIds = new AtomicInteger();
    ExecutorService parse =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "vigil-score-parse-" + threadIds.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    List<BlockingQueue<Future<Parsed>>> queues = new ArrayList<>();
    List<CompletableFuture<Long>> scorers = new ArrayList<>();
    Future<Parsed> end = CompletableFuture.completedFuture(null);
    try (InputStream in = Files.newInputStream(input)) {
      LineBlocks lines = new LineBlocks(in, ingest.limits(), input.getFileName().toString());
      for (int i = 0; i < parallelism; i++) {
        BlockingQueue<Future<Parsed>> queue = new ArrayBlockingQueue<>(IN_FLIGHT);
        queues.add(queue);
        int index = i;
        CompletableFuture<Long> scorer = new CompletableFuture<>();
        Thread t =
            new Thread(
                () -> {
                  try {
                    scorer.complete(
                        score(
                            queue,
                            end,
                            subtasks[index],
                            index,
                            outOfOrderness,
                            index == 0 ? deadLetters : null,
                            progress));
                  } catch (Throwable e) {
                    scorer.completeExceptionally(e);
                    drain(queue, end);
                  }
                },
                "vigil-score-subtask-" + i);
        t.setDaemon(true);
        t.start();
        scorers.add(scorer);
      }
      LineBlocks.Block block;
      while ((block = lines.next()) != null) {
        if (stop.getAsBoolean()) {
          throw new CancellationException("stopped after " + progress.read().get() + " lines");
        }
        progress.read().addAndGet(block.size());
        LineBlocks.Block b = block;
        Future<Parsed> parsed =
            parse.submit(() -> route(lines.parse(b, parsers.get()), parallelism, maxParallelism));
        for (BlockingQueue<Future<Parsed>> q : queues) {
          q.put(parsed);
        }
      }
    } finally {
      for (BlockingQueue<Future<Parsed>> q : queues) {
        q.put(end);
      }
      parse.shutdown();
    }
    long events = 0;
    for (CompletableFuture<Long> s : scorers) {
      try {
        events += s.get();
      } catch (ExecutionException e) {
        if (e.getCause() instanceof Exception x) {
          throw x;
        }
        throw e;
      }
    }
    List<SessionCommand> commands = new ArrayList<>();
    List<RiskDecision> decisions = new ArrayList<>();
    List<CaseOrigin> origins = new ArrayList<>();
    for (SubtaskReplay s : subtasks) {
      commands.addAll(s.commands());
      decisions.addAll(s.decisions());
      origins.addAll(s.caseOrigins());
    }
    if (!ingest.deadLetterRaw()) {
      deadLetters.replaceAll(DeadLetterRaw::withoutRaw);
    }
    return new Result(
        Backtest.sorted(
            asCollected(commands, SessionCommand.class),
            asCollected(decisions, RiskDecision.class),
            asCollected(deadLetters, DeadLetter.class),
            origins),
        events);
  }

  /**
   * The records as the job's collect sink hands them over: written and read back with the
   * serializer Flink picks for their type, so that they print the same (a map built with {@code
   * Map.of} iterates in an order that changes from run to run; read back, it is a hash map).
   */
  static <T> List<T> asCollected(List<T> records, Class<T> type) throws IOException {
    TypeSerializer<T> serializer =
        TypeInformation.of(type).createSerializer(new SerializerConfigImpl());
    DataOutputSerializer out = new DataOutputSerializer(4096);
    DataInputDeserializer in = new DataInputDeserializer();
    List<T> copies = new ArrayList<>(records.size());
    for (T r : records) {
      out.clear();
      serializer.serialize(r, out);
      in.setBuffer(out.getSharedBuffer(), 0, out.length());
      copies.add(serializer.deserialize(in));
    }
    return copies;
  }

  /** Which subtask each event's account belongs to (-1 for a dead letter). */
  private static Parsed route(Ingested[] records, int parallelism, int maxParallelism) {
    int[] subtasks = new int[records.length];
    for (int i = 0; i < records.length; i++) {
      subtasks[i] =
          records[i].isEvent()
              ? KeyGroupRangeAssignment.assignKeyToParallelOperator(
                  records[i].event.getAccountId(), maxParallelism, parallelism)
              : -1;
    }
    return new Parsed(records, subtasks);
  }

  /**
   * A subtask's loop: every parsed block in file order, its own events scored, the watermark moved
   * by every valid event (the job's watermark is global). Returns the events scored.
   *
   * @param deadLetters where subtask 0 collects the dead letters, null for the others
   */
  private static long score(
      BlockingQueue<Future<Parsed>> queue,
      Future<Parsed> end,
      SubtaskReplay replay,
      int index,
      long outOfOrderness,
      List<DeadLetter> deadLetters,
      Backtest.Progress progress)
      throws Exception {
    long maxTimestamp = Long.MIN_VALUE + outOfOrderness + 1;
    long scored = 0;
    int commandsSeen = 0;
    int decisionsSeen = 0;
    while (true) {
      Future<Parsed> next = queue.take();
      if (next == end) {
        return scored;
      }
      Parsed p = next.get();
      Ingested[] records = p.records();
      for (int i = 0; i < records.length; i++) {
        AccessEvent e = records[i].event;
        if (e == null) {
          if (deadLetters != null) {
            deadLetters.add(records[i].deadLetter);
            progress.deadLetters().incrementAndGet();
          }
          continue;
        }
        if (p.subtasks()[i] == index) {
          replay.advanceWatermark(maxTimestamp - outOfOrderness - 1);
          replay.score(e);
          scored++;
        }
        maxTimestamp = Math.max(maxTimestamp, e.getTimestamp());
      }
      progress.commands().addAndGet(replay.commands().size() - commandsSeen);
      progress.decisions().addAndGet(replay.decisions().size() - decisionsSeen);
      commandsSeen = replay.commands().size();
      decisionsSeen = replay.decisions().size();
    }
  }

  /** After a subtask failed: takes what the reader still sends, so that the reader never blocks. */
  private static void drain(BlockingQueue<Future<Parsed>> queue, Future<Parsed> end) {
    try {
      while (queue.take() != end) {
        // discarded
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
