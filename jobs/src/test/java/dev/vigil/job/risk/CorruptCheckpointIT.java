package dev.vigil.job.risk;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.cli.VigilCli;
import dev.vigil.core.engine.Events;
import dev.vigil.job.config.JobConfig;
import dev.vigil.testing.KafkaTestSupport;
import dev.vigil.testing.KafkaTestSupport.Outgoing;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.junit.jupiter.api.Test;

/**
 * Issue 14, "a corrupt checkpoint directory": the job runs on the real broker with a checkpoint
 * directory and retained checkpoints until a checkpoint has completed after its input (the consumer
 * group's committed offsets are the signal), is cancelled, and the {@code _metadata} of the
 * retained checkpoint is cut to half its length. {@code vigil run --from-savepoint} on that
 * checkpoint must then:
 *
 * <ul>
 *   <li>exit {@link VigilCli#EXIT_FAILURE} with a message that names the checkpoint and both ways
 *       on (an older retained checkpoint, or starting without it and losing the state);
 *   <li>print no stack trace (a handful of lines on stderr, none a stack frame);
 *   <li>not start fresh: nothing is read (the group's committed offsets do not move although new
 *       input waits) and nothing is written to the audit or command topics.
 * </ul>
 *
 * The CLI run ends by itself: Flink refuses the checkpoint while creating the job, before any task
 * starts. About 20 s on the shared 2-core build machine.
 */
class CorruptCheckpointIT extends RiskJobITSupport {
  @Test
  void aDamagedRetainedCheckpointStopsTheRunWithAMessageNamingItAndNothingStartsFresh(
      @InjectMiniCluster MiniCluster cluster) throws Exception {
    Path checkpoints = dir.resolve("cc-checkpoints");
    String[] extra = {
      "checkpoint.dir=" + checkpoints,
      "checkpoint.retain-on-cancellation=true",
      "caep.enabled=false",
      "risk.audit-min-probability-change=0"
    };
    List<String> settings = settings("cc", extra);
    JobConfig cfg = JobConfig.load(null, settings);
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "cc.access-events", owner(0, 20));
    JobID job = SavepointRestoreIT.submit(cluster, cfg, null);
    FaultWaits waits = new FaultWaits(KAFKA.clientProperties());
    waits.settled(cluster, job, "cc", "cc.access-events", "cc.risk-decisions");
    cluster.cancelJob(job).get(60, TimeUnit.SECONDS);
    cluster.requestJobResult(job).get(60, TimeUnit.SECONDS);
    Path retained = lastCheckpoint(checkpoints.resolve(job.toHexString()));
    Path metadata = retained.resolve("_metadata");
    long length = Files.size(metadata);
    try (FileChannel f = FileChannel.open(metadata, StandardOpenOption.WRITE)) {
      f.truncate(length / 2);
    }
    int audited = decisions("cc").size();
    int commanded = commands("cc").size();
    String offsets = readProgress("cc", "cc.access-events");
    KafkaTestSupport.sendAll(KAFKA.clientProperties(), "cc.access-events", owner(20, 5));

    List<String> args =
        new ArrayList<>(
            List.of(
                "run",
                "-b",
                KAFKA.bootstrapServers(),
                "--insecure",
                "--from-savepoint",
                retained.toString(),
                "--web-ui-port",
                "0"));
    for (String s : settings) {
      args.add("--set");
      args.add(s);
    }
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    long started = System.nanoTime();
    int code =
        VigilCli.execute(
            new PrintWriter(out, true), new PrintWriter(err, true), args.toArray(String[]::new));
    double seconds = (System.nanoTime() - started) / 1e9;
    System.out.printf(
        "corrupt checkpoint: _metadata of %s cut from %d to %d bytes; vigil run exited %d after"
            + " %.1f s: %s%n",
        retained.getFileName(), length, length / 2, code, seconds, err.toString().strip());

    assertThat(code).as(out + "\n" + err).isEqualTo(VigilCli.EXIT_FAILURE);
    assertThat(err.toString())
        .contains(retained.toString())
        .contains("older retained checkpoint")
        .contains("without --from-savepoint")
        .doesNotContain("\tat ")
        .doesNotContain("--stacktrace"); // the message is the whole story
    assertThat(err.toString().lines().count()).as(err.toString()).isLessThanOrEqualTo(4);
    assertThat(readProgress("cc", "cc.access-events"))
        .as("no fresh start read the input")
        .isEqualTo(offsets);
    assertThat(decisions("cc")).as("no audit record written").hasSize(audited);
    assertThat(commands("cc")).as("no command written").hasSize(commanded);
  }

  /** The retained checkpoint of the highest number under the job's directory. */
  private static Path lastCheckpoint(Path jobDir) throws Exception {
    try (Stream<Path> chk = Files.list(jobDir)) {
      return chk.filter(p -> p.getFileName().toString().startsWith("chk-"))
          .filter(p -> Files.exists(p.resolve("_metadata")))
          .max(
              java.util.Comparator.comparingInt(
                  p -> Integer.parseInt(p.getFileName().toString().substring(4))))
          .orElseThrow(() -> new AssertionError("no retained checkpoint under " + jobDir));
    }
  }

  /** {@code n} quiet requests of one owner, a minute apart, from the {@code from}-th on. */
  private static List<Outgoing> owner(int from, int n) throws Exception {
    List<Outgoing> out = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      out.add(avro(Events.owner("owner-" + i / 10, Events.T0 + i * 60_000L).build()));
    }
    return out;
  }
}
