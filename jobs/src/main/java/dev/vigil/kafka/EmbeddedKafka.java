package dev.vigil.kafka;

import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.common.network.ListenerName;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.PreboundSocketFactoryManager;
import org.apache.kafka.common.test.TestKitNodes;
import org.apache.kafka.server.ServerSocketFactory;

/**
 * A real Kafka cluster in this JVM, in KRaft mode, from Kafka's own test kit (Maven Central
 * artifacts, no Docker). Used by the demo and the integration tests; never by a deployed job.
 *
 * <p>Single node: the internal topics' replication is set to 1, or consumer groups and transactions
 * would wait forever for replicas that do not exist. Three brokers: real replication, so a broker
 * can be stopped in a failure test while {@code acks=all} producers keep working.
 *
 * <p><b>Loopback only.</b> Every listener (client, inter-broker and controller) is bound to the
 * loopback address, never to all interfaces: the embedded broker has no authentication, so it must
 * not be reachable from another machine. Kafka's test kit pre-binds each node's listener sockets to
 * the wildcard address ({@code PreboundSocketFactoryManager} binds {@code new
 * InetSocketAddress(0)}, Kafka 4.2.0) so that it knows the ports before the nodes start; this class
 * hands it sockets bound to {@link InetAddress#getLoopbackAddress()} instead, before it binds its
 * own. If a later test kit renames the fields this relies on, starting fails rather than falling
 * back to all interfaces ({@code EmbeddedKafkaIT} checks the bound addresses in the kernel's socket
 * table). A broker restarted by {@link #restartBroker} binds its listener's host, {@code
 * localhost}, which is loopback too.
 */
public final class EmbeddedKafka implements AutoCloseable {
  private final KafkaClusterTestKit cluster;
  private boolean closed;

  private static final long DAY_MS = 86_400_000L;

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

  /**
   * Starts a single combined node whose data lives in {@code baseDir}, which the caller owns (the
   * demo's folder): without one, the test kit puts it under the system temp folder and deletes it
   * in a shutdown hook of its own, under the running broker, which then halts the JVM on Ctrl-C.
   * {@link #close} deletes it.
   */
  public static EmbeddedKafka startSingleNode(java.nio.file.Path baseDir) throws Exception {
    return start(
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .setBaseDirectory(java.nio.file.Files.createDirectories(baseDir))
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

  /**
   * Starts a single combined node with extra broker settings, which override the defaults here
   * (extra listeners, an authorizer, TLS and SASL for a security test). A listener added through
   * {@code listeners} must name the loopback host, e.g. {@code SECURE://127.0.0.1:0}.
   */
  public static EmbeddedKafka startSingleNode(Map<String, String> brokerSettings) throws Exception {
    return start(
        new TestKitNodes.Builder()
            .setCombined(true)
            .setNumBrokerNodes(1)
            .setNumControllerNodes(1)
            .build(),
        (short) 1,
        brokerSettings);
  }

  private static EmbeddedKafka start(TestKitNodes nodes, short replication) throws Exception {
    return start(nodes, replication, Map.of());
  }

  private static EmbeddedKafka start(
      TestKitNodes nodes, short replication, Map<String, String> brokerSettings) throws Exception {
    String rf = Short.toString(replication);
    brokerSettings.forEach(EmbeddedKafka::requireLoopbackListeners);
    KafkaClusterTestKit.Builder builder = loopbackBuilder(nodes);
    builder
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
        // Demos, tests and benchmarks replay recorded traffic with its own timestamps, weeks old
        // (the simulator's calendar): under the topics' 7-day retention the broker's first
        // retention check, 30 s after start, deleted records a consumer had not read yet
        // (ConsumeThenScoreIT read none of its records back on a loaded machine). This broker lives
        // as long as
        // its process, so it never deletes by time: the first check comes after a day.
        .setConfigProp("log.initial.task.delay.ms", String.valueOf(DAY_MS))
        .setConfigProp("log.retention.check.interval.ms", String.valueOf(DAY_MS));
    brokerSettings.forEach(builder::setConfigProp);
    KafkaClusterTestKit cluster = builder.build();
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

  /**
   * A test-kit builder whose pre-bound listener sockets are on the loopback address: they are put
   * in the kit's socket manager before it would bind its own to the wildcard address.
   */
  private static KafkaClusterTestKit.Builder loopbackBuilder(TestKitNodes nodes) throws Exception {
    KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes);
    Map<Integer, Map<String, ServerSocketChannel>> sockets;
    try {
      Field manager = KafkaClusterTestKit.Builder.class.getDeclaredField("socketFactoryManager");
      manager.setAccessible(true);
      Field socketsField = PreboundSocketFactoryManager.class.getDeclaredField("sockets");
      socketsField.setAccessible(true);
      @SuppressWarnings("unchecked")
      var found =
          (Map<Integer, Map<String, ServerSocketChannel>>) socketsField.get(manager.get(builder));
      sockets = found;
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException(
          "cannot bind the embedded Kafka broker to loopback with this Kafka test kit (its"
              + " PreboundSocketFactoryManager changed); refusing to listen on all interfaces",
          e);
    }
    String broker = nodes.brokerListenerName().value();
    String controller = nodes.controllerListenerName().value();
    for (int id : nodes.brokerNodes().keySet()) {
      sockets.computeIfAbsent(id, i -> new HashMap<>()).put(broker, bindLoopback(broker));
    }
    for (int id : nodes.controllerNodes().keySet()) {
      sockets.computeIfAbsent(id, i -> new HashMap<>()).put(controller, bindLoopback(controller));
    }
    return builder;
  }

  private static ServerSocketChannel bindLoopback(String listener) throws Exception {
    return ServerSocketFactory.INSTANCE.openServerSocket(
        listener, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), -1, -1);
  }

  private static void requireLoopbackListeners(String key, String value) {
    if (!key.equals("listeners")) {
      return;
    }
    for (String listener : value.split(",")) {
      String hostPort = listener.substring(listener.indexOf("://") + 3);
      String host = hostPort.substring(0, hostPort.lastIndexOf(':'));
      if (!host.equals("127.0.0.1") && !host.equals("localhost") && !host.equals("[::1]")) {
        throw new IllegalArgumentException(
            "the embedded broker listens on loopback only; listener "
                + listener
                + " names another host (use 127.0.0.1)");
      }
    }
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

  /**
   * The port a broker's listener is bound to (e.g. an extra {@code SECURE} listener).
   *
   * @param index the broker, 0-based
   */
  public int boundPort(int index, String listener) {
    var broker = cluster.brokers().values().stream().skip(index).findFirst().orElseThrow();
    return broker.socketServer().boundPort(ListenerName.normalised(listener));
  }

  /** The controllers' addresses ({@code host:port,...}), to check where they listen. */
  public String bootstrapControllers() {
    return cluster.bootstrapControllers();
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

  /** The brokers' node ids, in the order of the {@code index} of {@link #stopBroker}. */
  public java.util.List<Integer> brokerIds() {
    return java.util.List.copyOf(cluster.brokers().keySet());
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

  /**
   * Stops the cluster and deletes its data, once: a second call (the demo's Ctrl-C hook while the
   * demo itself is closing) waits for the first, so the data never goes under a running broker.
   */
  @Override
  public synchronized void close() throws Exception {
    if (closed) {
      return;
    }
    closed = true;
    cluster.close();
  }

  /**
   * Stops the cluster, waiting at most {@code timeout} (on Ctrl-C, where a hang is worse).
   *
   * @return whether it stopped in time
   */
  public boolean close(java.time.Duration timeout) throws InterruptedException {
    Thread closing =
        new Thread(
            () -> {
              try {
                close();
              } catch (Exception e) {
                // stopping anyway
              }
            },
            "embedded-kafka-close");
    closing.setDaemon(true);
    closing.start();
    closing.join(timeout.toMillis());
    return !closing.isAlive();
  }
}
