package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.job.config.JobConfig;
import java.io.EOFException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.runtime.client.JobInitializationException;
import org.apache.flink.util.SerializedThrowable;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.errors.TransactionalIdAuthorizationException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What {@code vigil run} says about a failed job, on the cause chains Flink hands over (serialized,
 * so only class names and messages survive): a missing ACL names the principal, the operation and
 * the resource; a checkpoint that cannot be restored names itself and the ways on; anything else
 * its innermost cause.
 */
class RunFailureTest {
  @TempDir Path dir;

  private static final Properties JOB = new Properties();

  static {
    JOB.setProperty("security.protocol", "SASL_SSL");
    JOB.setProperty(
        "sasl.jaas.config",
        "org.apache.kafka.common.security.scram.ScramLoginModule required username=\"job\""
            + " password=\"secret\";");
  }

  private static Throwable wrapped(Throwable cause) {
    return new SerializedThrowable(new RuntimeException("task failed", cause));
  }

  @Test
  void aRefusedTopicNamedByTheClientGivesTheOperationTheJobNeedsOnIt() throws Exception {
    JobConfig cfg = JobConfig.load(null, List.of());
    String msg =
        RunFailure.explain(
            wrapped(
                new TopicAuthorizationException(
                    "Not authorized to access topics: [vigil.session-commands]")),
            null,
            JOB,
            cfg,
            1);
    assertThat(msg)
        .startsWith("Kafka refused the job's principal User:job: it needs WRITE on topic")
        .contains("vigil.session-commands")
        .contains("stopped after 1 restart ")
        .doesNotContain("secret");
  }

  @Test
  void aRefusedGroupOrTransactionalIdNamesTheGroupAndThePrefix() throws Exception {
    JobConfig cfg = JobConfig.load(null, List.of("kafka.group-id=risk-7"));
    assertThat(
            RunFailure.explain(
                wrapped(new GroupAuthorizationException("Not authorized to access group: risk-7")),
                null,
                JOB,
                cfg,
                0))
        .contains("READ on group risk-7");
    assertThat(
            RunFailure.explain(
                wrapped(new TransactionalIdAuthorizationException("denied")), null, JOB, cfg, 0))
        .contains("WRITE on the transactional ids prefixed risk-7-risk-decisions");
  }

  @Test
  void theExchangeJobsRefusalNamesItsOwnTopicsAndGroupNotTheRiskJobs() throws Exception {
    JobConfig cfg = JobConfig.load(null, List.of("inputs.avro=false"));
    RunFailure.Access exchange = RunFailure.Access.exchangeJob(cfg);
    assertThat(exchange.topics())
        .containsExactly(
            Map.entry("vigil.access-logs", AclOperation.READ),
            Map.entry("vigil.signals", AclOperation.WRITE),
            Map.entry("vigil.dead-letter", AclOperation.WRITE));
    // The risk job reads the signals topic; the exchange job writes it.
    Throwable signals =
        wrapped(
            new TopicAuthorizationException("Not authorized to access topics: [vigil.signals]"));
    assertThat(RunFailure.explain(signals, null, JOB, exchange, 0))
        .contains("it needs WRITE on topic vigil.signals (");
    assertThat(RunFailure.explain(signals, null, JOB, cfg, 0))
        .contains("it needs READ on topic vigil.signals (");
    assertThat(
            RunFailure.explain(
                wrapped(
                    new GroupAuthorizationException(
                        "Not authorized to access group: vigil-risk-exchange")),
                null,
                JOB,
                exchange,
                0))
        .contains("READ on group vigil-risk-exchange")
        .doesNotContain("session-commands");
    // It has no transactional ids, so none is named.
    assertThat(
            RunFailure.explain(
                wrapped(new TransactionalIdAuthorizationException("denied")),
                null,
                JOB,
                exchange,
                0))
        .contains("it needs an ACL it lacks")
        .doesNotContain("prefixed");
  }

  @Test
  void thePrincipalIsReadThroughAConfigProviderReference() throws Exception {
    Path secrets = dir.resolve("secrets.properties");
    Files.writeString(
        secrets,
        "jaas=org.apache.kafka.common.security.scram.ScramLoginModule required"
            + " username=\"gw\" password=\"p\";\n");
    Properties client = new Properties();
    client.setProperty("config.providers", "file");
    client.setProperty(
        "config.providers.file.class",
        "org.apache.kafka.common.config.provider.FileConfigProvider");
    client.setProperty("sasl.jaas.config", "${file:" + secrets + ":jaas}");
    assertThat(RunFailure.principal(client)).isEqualTo("User:gw");
    assertThat(RunFailure.principal(new Properties())).startsWith("User:ANONYMOUS (PLAINTEXT");
  }

  @Test
  void aCheckpointThatCannotBeRestoredIsNamedWithTheWaysOn() throws Exception {
    String chk = "/data/checkpoints/abc/chk-12";
    Throwable failure =
        new SerializedThrowable(
            new JobInitializationException(
                new org.apache.flink.api.common.JobID(),
                "Could not start the JobMaster.",
                new EOFException()));
    String msg = RunFailure.explain(failure, chk, JOB, JobConfig.load(null, List.of()), 0);
    assertThat(msg)
        .startsWith("could not restore from " + chk + " (EOFException)")
        .contains("older retained checkpoint (another chk-N directory under /data/checkpoints/abc)")
        .contains("without --from-savepoint");
  }

  @Test
  void anyOtherFailureGivesItsInnermostCause() throws Exception {
    String msg =
        RunFailure.explain(
            wrapped(new IllegalStateException("disk full")),
            null,
            JOB,
            JobConfig.load(null, List.of()),
            3);
    assertThat(msg)
        .isEqualTo(
            "the job failed (IllegalStateException: disk full); the log in"
                + " .vigil/logs says more");
    assertThat(RunFailure.isAuthorization(wrapped(new IllegalStateException("x")))).isFalse();
  }
}
