package dev.vigil.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.functions.sink.v2.DiscardingSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The records a named operator took in and gave out, read from a cluster in this JVM. */
class LocalCountersTest {
  @Test
  void countsWhatNamedOperatorsAndSinksHandledAndKeepsItAfterTheTasksEnded(@TempDir Path tmp)
      throws Exception {
    try (LocalFlink flink =
        LocalFlink.start(1, "0", tmp, LocalCounters.enable(new Configuration()))) {
      StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
      env.setParallelism(1);
      DataStream<Long> evens =
          env.fromSequence(1, 1_000).filter(x -> x % 2 == 0).uid("evens").name("evens");
      evens.sinkTo(new DiscardingSink<>()).uid("nowhere").name("nowhere");
      JobID job = flink.submit(env, "counted");

      assertThat(flink.awaitResult(job).isSuccess()).isTrue();

      String id = job.toString();
      assertThat(LocalCounters.recordsIn(id, "evens")).isEqualTo(1_000);
      assertThat(LocalCounters.recordsOut(id, "evens")).isEqualTo(500);
      assertThat(LocalCounters.recordsIn(id, "nowhere")).isEqualTo(500);
      assertThat(LocalCounters.recordsIn(new JobID().toString(), "evens")).isZero();
      LocalCounters.forget(id);
      assertThat(LocalCounters.recordsIn(id, "evens")).isZero();
    }
  }
}
