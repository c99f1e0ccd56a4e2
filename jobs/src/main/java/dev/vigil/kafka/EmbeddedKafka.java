package dev.vigil.kafka;

import java.util.EnumSet;
import java.util.Properties;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real Kafka cluster in this JVM, in KRaft mode, from Kafka's own test kit (Maven Central
 * artifacts, no Docker). Used by the demo and the integration tests; never by a deployed job.
 *
 * <p>Single node: the internal topics' replication is set to 1, or consumer groups and transactions
 * would wait forever for replicas that do not exist. Three brokers: real replication, so a broker
 * can be stopped in a failure test while {@code acks=all} producers keep working.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private EmbeddedKafka(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts a single combined broker+controller node. */
  public static EmbeddedKafka startSingleNode() throws Exception {
    return start(
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build(),
        (short) 1);
  }

  /** Starts three brokers and one controller. */
  public static EmbeddedKafka startThreeBrokers() throws Exception {
    return start(
        new TestKitNodes.Builder()
            .setCombined(false)
            .setNumBrokerNodes(3)
            .setNumControllerNodes(1)
            .build(),
        (short) 3);
  }

  private static EmbeddedKafka start(TestKitNodes nodes, short replication) throws Exception {
    String rf = Short.toString(replication);
    KafkaClusterTestKit cluster =
        new KafkaClusterTestKit.Builder(nodes)
            .setConfigProp("offsets.topic.replication.factor", rf)
            .setConfigProp("transaction.state.log.replication.factor", rf)
            .setConfigProp("transaction.state.log.min.isr", replication > 1 ? "2" : "1")
            .setConfigProp("min.insync.replicas", replication > 1 ? "2" : "1")
            .setConfigProp("offsets.topic.num.partitions", "4")
            .setConfigProp("group.initial.rebalance.delay.ms", "0")
            // Large enough for the dead-letter topic to hold a whole oversized record.
            .setConfigProp("message.max.bytes", String.valueOf(8 << 20))
            .setConfigProp("replica.fetch.max.bytes", String.valueOf(8 << 20))
            .setConfigProp("auto.create.topics.enable", "false")
            // The broker shares its JVM with the job and the test: a long GC pause on a busy
            // machine must not get the only broker fenced (the default allows 9 s).
            .setConfigProp("broker.session.timeout.ms", "60000")
            .build();
    try {
      formatQuietly(cluster);
      cluster.startup();
      cluster.waitForReadyBrokers();
    } catch (Exception e) {
      cluster.close();
      throw e;
    }
    return new EmbeddedKafka(cluster);
  }

  /** Kafka's storage formatter prints a line per directory to stdout, which the demo must not. */
  private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
    java.io.PrintStream stdout = System.out;
    System.setOut(new java.io.PrintStream(java.io.OutputStream.nullOutputStream()));
    try {
      cluster.format();
    } finally {
      System.setOut(stdout);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** Client properties that reach this cluster (bootstrap servers only: plaintext). */
  public Properties clientProperties() {
    Properties props = new Properties();
    props.setProperty("bootstrap.servers", bootstrapServers());
    return props;
  }

  /** Creates every Vigil topic with this cluster's replication factor. */
  public EmbeddedKafka withAllTopics() throws Exception {
    TopicAdmin.createMissing(
        clientProperties(),
        (short) Math.min(3, cluster.brokers().size()),
        EnumSet.allOf(VigilTopic.class));
    return this;
  }

  /** Stops broker {@code index} (0-based) for failure tests; see {@link #restartBroker}. */
  public void stopBroker(int index) {
    var broker = cluster.brokers().values().stream().skip(index).findFirst().orElseThrow();
    broker.shutdown();
    broker.awaitShutdown();
  }

  /** Starts a broker stopped with {@link #stopBroker}. */
  public void restartBroker(int index) {
    cluster.brokers().values().stream().skip(index).findFirst().orElseThrow().startup();
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
