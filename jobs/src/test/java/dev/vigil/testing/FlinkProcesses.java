package dev.vigil.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.HeartbeatManagerOptions;
import org.apache.flink.configuration.JobManagerOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.RpcOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.configuration.WebOptions;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessSpec;
import org.apache.flink.runtime.clusterframework.TaskExecutorProcessUtils;
import org.apache.flink.runtime.util.config.memory.ProcessMemoryUtils;

/**
 * A Flink standalone session cluster as separate JVMs on loopback, started from Flink's own classes
 * as its scripts start them ({@code jobmanager.sh}, {@code taskmanager.sh}): {@code
 * StandaloneSessionClusterEntrypoint --configDir DIR} for the JobManager and {@code
 * TaskManagerRunner --configDir DIR} for each TaskManager, with the memory flags and {@code -D}
 * options the scripts get from {@code BashJavaUtils GET_TM_RESOURCE_PARAMS} (computed here by the
 * same Flink classes, {@link TaskExecutorProcessUtils}); without them a TaskManager refuses to
 * start ("taskmanager.cpu.cores is not set").
 *
 * <p>The class path is what a Flink distribution provides: the jobs module's {@code provided}
 * dependencies ({@code target/provided-classpath.txt}, written at {@code package}) without the
 * embedded Kafka broker's jars, plus the few libraries {@code flink-dist} ships for Flink itself
 * ({@link #FLINK_DIST_EXTRAS}); so the job jar must bring every class of its own (Vigil, the Kafka
 * connector and clients, Avro, Jackson). Each process logs to its own file under {@code logs/}.
 * {@link #close} and a shutdown hook (a test JVM that is killed) end every process this class
 * started.
 */
public final class FlinkProcesses implements AutoCloseable {
  /** What the embedded broker brings to the provided class path; a Flink cluster has none of it. */
  private static final List<String> BROKER_ONLY =
      List.of(
          "/org/apache/kafka/",
          "/org/scala-lang/",
          "/com/typesafe/",
          "/org/junit/",
          "/org/opentest4j/",
          "/org/apiguardian/",
          "/net/sourceforge/argparse4j/",
          "/net/sf/jopt-simple/",
          "/com/yammer/",
          "/org/bitbucket/b_c/",
          "/com/google/re2j/",
          "/org/pcollections/",
          "/com/dynatrace/",
          "/com/github/ben-manes/",
          "/org/jspecify/",
          "/com/fasterxml/jackson/dataformat/",
          "/commons-validator/",
          "/commons-beanutils/",
          "/commons-digester/",
          "/commons-logging/");

  /**
   * Libraries that a Flink distribution ships in {@code flink-dist} for Flink's own use, but that
   * the job jar bundles too (so they are compile scope here, not in the provided list): taken from
   * the test class path.
   */
  private static final List<String> FLINK_DIST_EXTRAS =
      List.of(
          "/org/apache/commons/commons-lang3/",
          "/commons-io/commons-io/",
          "/org/apache/commons/commons-compress/",
          "/lz4-java/",
          "/org/xerial/snappy/");

  private final Path work;
  private final Path conf;
  private final Path logs;
  private final String classPath;
  private final Configuration config;
  private final Map<String, Process> processes = new LinkedHashMap<>();
  private final Thread hook;

  private FlinkProcesses(Path work, String classPath, Configuration config) throws IOException {
    this.work = work;
    this.conf = Files.createDirectories(work.resolve("conf"));
    this.logs = Files.createDirectories(work.resolve("logs"));
    this.classPath = classPath;
    this.config = config;
    this.hook = new Thread(this::destroyAll, "flink-processes-cleanup");
    Runtime.getRuntime().addShutdownHook(hook);
    writeConfig();
  }

  /**
   * Starts the JobManager; TaskManagers come with {@link #startTaskManager}.
   *
   * @param work a folder for the cluster's configuration, logs and temporary files
   * @param slots task slots per TaskManager
   * @param extra more settings for every process (checkpoint storage, say)
   */
  public static FlinkProcesses startJobManager(Path work, int slots, Map<String, String> extra)
      throws IOException {
    Configuration c = new Configuration();
    c.set(JobManagerOptions.ADDRESS, "127.0.0.1");
    c.set(JobManagerOptions.BIND_HOST, "127.0.0.1");
    c.set(JobManagerOptions.PORT, freePort());
    c.set(RestOptions.ADDRESS, "127.0.0.1");
    c.set(RestOptions.BIND_ADDRESS, "127.0.0.1");
    c.set(RestOptions.PORT, freePort());
    c.set(TaskManagerOptions.HOST, "127.0.0.1");
    c.set(TaskManagerOptions.BIND_HOST, "127.0.0.1");
    c.set(TaskManagerOptions.NUM_TASK_SLOTS, slots);
    c.set(TaskManagerOptions.TOTAL_PROCESS_MEMORY, MemorySize.parse("1280m"));
    c.set(TaskManagerOptions.MANAGED_MEMORY_SIZE, MemorySize.parse("64m"));
    c.set(TaskManagerOptions.NETWORK_MEMORY_MIN, MemorySize.parse("64m"));
    c.set(TaskManagerOptions.NETWORK_MEMORY_MAX, MemorySize.parse("64m"));
    // A lost TaskManager is noticed by failed heartbeat RPCs within a few intervals; the timeout
    // stays generous so that a slow, shared build machine does not lose one by mistake.
    c.set(HeartbeatManagerOptions.HEARTBEAT_INTERVAL, java.time.Duration.ofSeconds(1));
    c.set(HeartbeatManagerOptions.HEARTBEAT_TIMEOUT, java.time.Duration.ofSeconds(30));
    // Generous RPC timeouts: on a loaded build machine (load average 30 on 2 cores) an actor
    // system is slow to start and to answer; one TaskManager ended at start with "Remoting system
    // has been terminated abruptly" at the defaults.
    c.set(RpcOptions.STARTUP_TIMEOUT, java.time.Duration.ofMinutes(2));
    c.set(RpcOptions.ASK_TIMEOUT_DURATION, java.time.Duration.ofMinutes(1));
    c.set(RpcOptions.LOOKUP_TIMEOUT_DURATION, java.time.Duration.ofMinutes(1));
    c.set(CoreOptions.TMP_DIRS, work.resolve("tmp").toString());
    c.set(WebOptions.TMP_DIR, work.resolve("web").toString());
    c.set(WebOptions.UPLOAD_DIR, work.resolve("web").resolve("upload").toString());
    c.setString("blob.storage.directory", work.resolve("blob").toString());
    extra.forEach(c::setString);
    for (String dir : List.of("tmp", "web", "web/upload", "blob")) {
      Files.createDirectories(work.resolve(dir));
    }
    FlinkProcesses cluster = new FlinkProcesses(work, clusterClassPath(), c);
    cluster.start(
        "jobmanager",
        List.of("-Xmx512m"),
        "org.apache.flink.runtime.entrypoint.StandaloneSessionClusterEntrypoint",
        List.of(),
        Map.of());
    return cluster;
  }

  /**
   * Starts a TaskManager JVM named {@code id} (its resource id, as the REST API shows it).
   *
   * @param env environment variables of the process (secrets the job reads where it runs)
   */
  public Process startTaskManager(String id, Map<String, String> env) throws IOException {
    TaskExecutorProcessSpec spec = TaskExecutorProcessUtils.processSpecFromConfig(config);
    List<String> jvm = split(ProcessMemoryUtils.generateJvmParametersStr(spec));
    List<String> args =
        new ArrayList<>(split(TaskExecutorProcessUtils.generateDynamicConfigsStr(spec)));
    args.addAll(List.of("-D", TaskManagerOptions.TASK_MANAGER_RESOURCE_ID.key() + "=" + id));
    return start(id, jvm, "org.apache.flink.runtime.taskexecutor.TaskManagerRunner", args, env);
  }

  /** Where the REST API answers. */
  public URI rest() {
    return URI.create("http://127.0.0.1:" + config.get(RestOptions.PORT));
  }

  /** {@code HOST:PORT} of the REST endpoint, as {@code --jobmanager} takes it. */
  public String jobManager() {
    return "127.0.0.1:" + config.get(RestOptions.PORT);
  }

  /** The process started as {@code name}. */
  public Process process(String name) {
    return processes.get(name);
  }

  /** The log file of the process started as {@code name}. */
  public Path log(String name) {
    return logs.resolve(name + ".log");
  }

  /** Every log file the processes wrote (their log and their stdout and stderr). */
  public List<Path> logFiles() throws IOException {
    try (var files = Files.list(logs)) {
      return files.sorted().toList();
    }
  }

  /**
   * For a message when the cluster does not come up: the processes that have exited, and of every
   * log file its first ERROR and "Caused by" lines and its last lines.
   */
  public String tails() {
    StringBuilder b = new StringBuilder("exited: " + exited());
    try {
      for (Path log : logFiles()) {
        List<String> all = Files.readAllLines(log);
        b.append("\n== ").append(log.getFileName()).append('\n');
        all.stream()
            .filter(l -> l.contains(" ERROR ") || l.startsWith("Caused by"))
            .limit(10)
            .forEach(l -> b.append(l).append('\n'));
        b.append("...\n");
        all.subList(Math.max(0, all.size() - 15), all.size())
            .forEach(l -> b.append(l).append('\n'));
      }
    } catch (IOException e) {
      b.append("logs unreadable: ").append(e);
    }
    return b.toString();
  }

  /**
   * The command line of {@code vigil ARGS} as {@code ./vigil} runs it: its own JVM on the job jar
   * ({@code target/vigil-jobs.jar}) and the provided class path, logging to {@code logDir}.
   */
  public static List<String> vigilCommand(Path logDir, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("@" + Path.of("src/main/jvm/flink.jvm-options").toAbsolutePath());
    command.add("-Dlog4j2.configurationFile=vigil-cli-log4j2.properties");
    command.add("-Dvigil.log.dir=" + logDir);
    command.add("-cp");
    command.add(
        Path.of("target", "vigil-jobs.jar").toAbsolutePath()
            + java.io.File.pathSeparator
            + Files.readString(Path.of("target", "provided-classpath.txt")).strip());
    command.add("dev.vigil.cli.VigilCli");
    command.addAll(List.of(args));
    return command;
  }

  /** The processes that have exited, with their exit codes: none while the cluster is healthy. */
  public Map<String, Integer> exited() {
    Map<String, Integer> out = new LinkedHashMap<>();
    processes.forEach(
        (name, p) -> {
          if (!p.isAlive()) {
            out.put(name, p.exitValue());
          }
        });
    return out;
  }

  /** Kills a process as a crash would: SIGKILL, no shutdown hooks, no goodbye to the cluster. */
  public void kill(String name) throws InterruptedException {
    Process p = processes.get(name);
    p.destroyForcibly();
    p.waitFor();
  }

  private Process start(
      String name, List<String> jvm, String mainClass, List<String> args, Map<String, String> env)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(jvm);
    command.add("-XX:+UseSerialGC");
    command.add("@" + Path.of("src/main/jvm/flink.jvm-options").toAbsolutePath());
    command.add("-Dlog.file=" + log(name));
    command.add("-Dlog4j.configurationFile=" + conf.resolve("log4j.properties").toUri());
    command.add("-cp");
    command.add(classPath);
    command.add(mainClass);
    command.add("--configDir");
    command.add(conf.toString());
    command.addAll(args);
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(work.toFile())
            .redirectErrorStream(true)
            .redirectOutput(logs.resolve(name + ".out").toFile());
    builder.environment().putAll(env);
    Process p = builder.start();
    processes.put(name, p);
    return p;
  }

  private void writeConfig() throws IOException {
    StringBuilder yaml = new StringBuilder();
    config
        .toMap()
        .forEach((k, v) -> yaml.append(k).append(": '").append(v.replace("'", "''")).append("'\n"));
    Files.writeString(conf.resolve("config.yaml"), yaml);
    Files.writeString(
        conf.resolve("log4j.properties"),
        String.join(
            "\n",
            "rootLogger.level = INFO",
            "rootLogger.appenderRef.file.ref = file",
            "appender.file.type = File",
            "appender.file.name = file",
            "appender.file.fileName = ${sys:log.file}",
            "appender.file.layout.type = PatternLayout",
            "appender.file.layout.pattern = %d{ISO8601} %-5p %c{1} [%t] - %m%n",
            ""));
  }

  /** The provided class path without the embedded broker: what a Flink distribution's lib has. */
  static String clusterClassPath() {
    Path file = Path.of("target", "provided-classpath.txt");
    try {
      String sep = java.io.File.pathSeparator;
      List<String> jars = new ArrayList<>();
      for (String jar : Files.readString(file).strip().split(sep)) {
        if (BROKER_ONLY.stream().noneMatch(jar.replace('\\', '/')::contains)) {
          jars.add(jar);
        }
      }
      for (String jar : System.getProperty("java.class.path").split(sep)) {
        if (FLINK_DIST_EXTRAS.stream().anyMatch(jar.replace('\\', '/')::contains)) {
          jars.add(jar);
        }
      }
      return String.join(sep, jars);
    } catch (IOException e) {
      throw new UncheckedIOException(
          file.toAbsolutePath() + " is missing: it is written at package (./mvnw package)", e);
    }
  }

  private static List<String> split(String flags) {
    return Arrays.stream(flags.strip().split("\\s+")).filter(s -> !s.isEmpty()).toList();
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private void destroyAll() {
    for (Process p : processes.values()) {
      p.destroyForcibly();
    }
    for (Process p : processes.values()) {
      try {
        p.waitFor(60, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Ends every process (SIGKILL: the test is over) and waits for each. */
  @Override
  public void close() {
    destroyAll();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException shuttingDown) {
      // the hook runs anyway
    }
  }
}
