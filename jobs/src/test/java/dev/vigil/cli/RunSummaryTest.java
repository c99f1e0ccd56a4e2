package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.runtime.LocalCounters;
import dev.vigil.runtime.LocalFlink;
import java.nio.file.Path;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code vigil run}'s Ctrl-C summary names what the chosen job writes, with its counts. */
class RunSummaryTest {
  @Test
  void theExchangeJobsSummaryCountsSignalsAndDeadLettersNotCommandsOrAudit(@TempDir Path tmp)
      throws Exception {
    try (LocalFlink flink =
        LocalFlink.start(1, "0", tmp, LocalCounters.enable(new Configuration()))) {
      // The exchange job's operator names: its ingest split, its two sinks.
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      DataStream<Long> read =
          env.fromSequence(1, 1_000).map(x -> x).uid("split").name("validate-and-split");
      read.filter(x -> x % 10 == 0).sinkTo(new DiscardingSink<>()).uid("signals").name("signals");
      read.filter(x -> x % 4 == 0)
          .sinkTo(new DiscardingSink<>())
          .uid("dead-letter")
          .name("dead-letter");
      JobID job = flink.submit(env, "exchange-like");
      assertThat(flink.awaitResult(job).isSuccess()).isTrue();

      String summary = RunCommand.soFar(job.toString(), RunCommand.Job.exchange);

      assertThat(summary).isEqualTo("1,000 records read; 100 signals, 250 dead letters written");
      LocalCounters.forget(job.toString());
    }
  }

  @Test
  void theRiskJobsSummaryStillCountsCommandsAuditRecordsAndDeadLetters() {
    String summary = RunCommand.soFar(new JobID().toString(), RunCommand.Job.risk);

    assertThat(summary)
        .isEqualTo("0 records read; 0 commands, 0 audit records, 0 dead letters written");
  }
}
