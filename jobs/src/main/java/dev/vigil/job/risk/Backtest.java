package dev.vigil.job.risk;

import dev.vigil.core.engine.IssueClock;
import dev.vigil.job.cases.CaseOrigin;
import dev.vigil.job.ingest.IngestSettings;
import dev.vigil.job.ingest.IngestStage;
import dev.vigil.job.ingest.JsonLinesFormat;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * The session risk job run bounded on a file of JSON access logs (what {@code vigil score} does):
 * the same graph as the streaming job, a file source instead of Kafka, the outputs collected;
 * commands are issued at their trigger's event time ({@link IssueClock#EVENT_TIME}). Results are
 * sorted so that two runs on the same input compare line by line.
 */
public final class Backtest {
  /**
   * What a backtest produced.
   *
   * @param caseOrigins the network and withdrawal-address keys of the decisions that may join a
   *     case ({@link CaseOrigins}), for the cross-account cases of {@code CaseFiles}
   */
  public record Result(
      List<SessionCommand> commands,
      List<RiskDecision> decisions,
      List<DeadLetter> deadLetters,
      List<CaseOrigin> caseOrigins) {
    public Result(
        List<SessionCommand> commands, List<RiskDecision> decisions, List<DeadLetter> deadLetters) {
      this(commands, decisions, deadLetters, List.of());
    }
  }

  /**
   * What a running backtest has collected so far, for a progress line; safe to read anytime. {@code
   * read}: the input records read, counted by {@link FileBacktest} (the job's are in its counters).
   */
  public record Progress(
      AtomicLong commands, AtomicLong decisions, AtomicLong deadLetters, AtomicLong read) {
    public Progress() {
      this(new AtomicLong(), new AtomicLong(), new AtomicLong(), new AtomicLong());
    }
  }

  private Backtest() {}

  public static Result run(
      StreamExecutionEnvironment env,
      Path input,
      byte[] model,
      IngestSettings ingest,
      RiskSettings risk)
      throws Exception {
    return run(env, input, model, ingest, risk, new Progress());
  }

  public static Result run(
      StreamExecutionEnvironment env,
      Path input,
      byte[] model,
      IngestSettings ingest,
      RiskSettings risk,
      Progress progress)
      throws Exception {
    FileSource<dev.vigil.job.ingest.Ingested> file =
        FileSource.forRecordStreamFormat(
                new JsonLinesFormat(ingest, input.getFileName().toString()),
                new org.apache.flink.core.fs.Path(input.toUri()))
            .build();
    // A backtest's commands are never enforced: issued at their event's time, so a run does not
    // depend on when it ran (ids and sequences are the stream's either way).
    RiskStreams streams =
        RiskJob.build(
            env,
            List.of(new IngestStage.NamedSource("file", file)),
            null,
            model,
            ingest,
            risk.withCommandClock(IssueClock.EVENT_TIME));
    CloseableIterator<SessionCommand> commands = streams.commands().collectAsync();
    CloseableIterator<RiskDecision> decisions = streams.decisions().collectAsync();
    CloseableIterator<DeadLetter> deadLetters = streams.deadLetters().collectAsync();
    CloseableIterator<CaseOrigin> origins = streams.caseOrigins().collectAsync();
    env.executeAsync("vigil-score");
    // Drain all three at once: a collect sink waits for its reader.
    var c = CompletableFuture.supplyAsync(() -> drain(commands, progress.commands()));
    var d = CompletableFuture.supplyAsync(() -> drain(decisions, progress.decisions()));
    var l = CompletableFuture.supplyAsync(() -> drain(deadLetters, progress.deadLetters()));
    var o = CompletableFuture.supplyAsync(() -> drain(origins, new AtomicLong()));
    return sorted(c.get(), d.get(), l.get(), o.get());
  }

  /**
   * The three outputs in the order both backtests write them (commands by issue time, audit records
   * by event time, each then by id; dead letters by line).
   */
  static Result sorted(
      List<SessionCommand> commands,
      List<RiskDecision> decisions,
      List<DeadLetter> deadLetters,
      List<CaseOrigin> caseOrigins) {
    List<SessionCommand> cs = new ArrayList<>(commands);
    List<RiskDecision> ds = new ArrayList<>(decisions);
    List<DeadLetter> ls = new ArrayList<>(deadLetters);
    cs.sort(
        Comparator.comparingLong(SessionCommand::getIssuedAt)
            .thenComparing(SessionCommand::getCommandId));
    ds.sort(
        Comparator.comparingLong(RiskDecision::getEventTime)
            .thenComparing(RiskDecision::getDecisionId));
    ls.sort(
        Comparator.comparing(
            (DeadLetter x) -> x.getSourceOffset() == null ? -1L : x.getSourceOffset()));
    return new Result(cs, ds, ls, caseOrigins);
  }

  private static <T> List<T> drain(CloseableIterator<T> it, AtomicLong count) {
    List<T> out = new ArrayList<>();
    try (it) {
      it.forEachRemaining(
          x -> {
            out.add(x);
            count.incrementAndGet();
          });
    } catch (Exception e) {
      throw new IllegalStateException("collecting results failed", e);
    }
    return out;
  }
}
