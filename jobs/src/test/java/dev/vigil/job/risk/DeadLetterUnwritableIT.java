package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.config.JobConfig;
import dev.vigil.sim.ScenarioMix;
import dev.vigil.sim.SimulationConfig;
import dev.vigil.sim.Simulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.jobmaster.JobResult;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.util.ExceptionUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "a full dead-letter topic": the broker refuses every write to {@code vigil.dead-letter}
 * (its {@code max.message.bytes} set to 64, smaller than any dead letter, so each is refused with
 * {@link RecordTooLargeException}, as a topic out of quota or space would refuse it). One line of
 * the input is not JSON. The job must not drop that line silently: it fails after {@code
 * restart.attempts} (1) with the broker's refusal in its cause, and the input offset committed for
 * its group stays at or before the bad line, so a restarted job reads it again. The completion
 * signal is the job's result (FAILED), bounded by {@link FaultWaits#BOUND}.
 */
class DeadLetterUnwritableIT extends RiskJobITSupport {
  @Test
  void aDeadLetterTheBrokerRefusesFailsTheJobAndTheLineIsNotMarkedRead(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    Path sim = dir.resolve("dlu-sim");
    Simulator.generate(
        new SimulationConfig(
            5,
            Duration.ofHours(1).toMillis(),
            17,
            SimulationConfig.DEFAULT_START,
            ScenarioMix.parse(TaskManagerLossIT.MIX, "dead-letter mix")),
        sim);
    List<String> good = Files.readAllLines(sim.resolve("events.jsonl"));
    int bad = Math.min(200, good.size() / 2);
    List<String> lines = new ArrayList<>(good.subList(0, bad));
    lines.add("this line is not JSON");
    lines.addAll(good.subList(bad, good.size()));
    JobConfig cfg =
        config(
            "dlu",
            "inputs.avro=false",
            "caep.enabled=false",
            "checkpoint.interval=1s",
            "restart.attempts=1");
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      admin
          .incrementalAlterConfigs(
              Map.of(
                  new ConfigResource(ConfigResource.Type.TOPIC, "dlu.dead-letter"),
                  List.of(
                      new AlterConfigOp(
                          new ConfigEntry("max.message.bytes", "64"), AlterConfigOp.OpType.SET))))
          .all()
          .get(60, TimeUnit.SECONDS);
    }
    FaultWaits.send(KAFKA.clientProperties(), "dlu.access-logs", lines);

    JobID job = SavepointRestoreIT.submit(cluster, cfg, null);
    JobResult result =
        cluster.requestJobResult(job).get(FaultWaits.BOUND.toSeconds(), TimeUnit.SECONDS);
    Throwable cause =
        result
            .getSerializedThrowable()
            .map(t -> t.deserializeError(getClass().getClassLoader()))
            .orElse(null);
    Map<TopicPartition, OffsetAndMetadata> committed;
    try (Admin admin = Admin.create(KAFKA.clientProperties())) {
      committed =
          admin
              .listConsumerGroupOffsets("dlu")
              .partitionsToOffsetAndMetadata()
              .get(60, TimeUnit.SECONDS);
    }
    OffsetAndMetadata read = committed.get(new TopicPartition("dlu.access-logs", 0));
    System.out.printf(
        "dead letter refused: job %s after %d line(s) of %d, the bad one at offset %d; committed"
            + " offset %s; cause: %s%n",
        result.getApplicationStatus(),
        bad,
        lines.size(),
        bad,
        read == null ? "none" : read.offset(),
        cause == null
            ? "none"
            : ExceptionUtils.stringifyException(cause)
                .lines()
                .filter(l -> l.contains("RecordTooLarge"))
                .findFirst()
                .orElse(cause.toString())
                .strip());
    assertThat(result.isSuccess()).as("the job must not finish as if nothing were lost").isFalse();
    assertThat(cause).isNotNull();
    assertThat(ExceptionUtils.stringifyException(cause))
        .contains(RecordTooLargeException.class.getSimpleName());
    assertThat(read == null ? 0 : read.offset()).isLessThanOrEqualTo(bad);
    assertThat(deadLetters("dlu")).isEmpty();
  }
}
