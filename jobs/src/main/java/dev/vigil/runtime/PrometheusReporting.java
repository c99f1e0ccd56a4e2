package dev.vigil.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.util.Map;
import org.apache.flink.configuration.Configuration;

/**
 * Flink's Prometheus metric reporter ({@code flink-metrics-prometheus}, in a Flink distribution's
 * {@code plugins/metrics-prometheus}): the settings that turn it on, as an operator would give them
 * with {@code --set} or in {@code config.yaml}, and where it answers. The reporter serves every
 * metric of the JobManager or TaskManager it runs in over HTTP at {@code /metrics} in Prometheus'
 * text format (Flink's documentation, "Metric Reporters", Prometheus); it listens on every
 * interface (Flink gives it no bind-address option) and serves only metric values.
 */
public final class PrometheusReporting {
  /** The reporter's name in Flink's configuration keys ({@code metrics.reporter.prom.*}). */
  public static final String NAME = "prom";

  public static final String FACTORY =
      "org.apache.flink.metrics.prometheus.PrometheusReporterFactory";

  private PrometheusReporting() {}

  /**
   * The Flink settings that start the reporter on {@code port} (a port, or a range such as {@code
   * 9249-9259}: each JobManager and TaskManager on one host takes the next free one).
   */
  public static Map<String, String> settings(String port) {
    return Map.of(
        "metrics.reporters",
        NAME,
        "metrics.reporter." + NAME + ".factory.class",
        FACTORY,
        "metrics.reporter." + NAME + ".port",
        port);
  }

  /** {@link #settings} as a Flink configuration. */
  public static Configuration configuration(int port) {
    return Configuration.fromMap(settings(Integer.toString(port)));
  }

  /**
   * A port that is free now (the kernel's pick): the reporter is then started on it. Another
   * process could take it in between; the reporter then logs that it cannot bind and the job runs
   * on without it.
   */
  public static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Where a reporter on {@code port} of this machine answers. */
  public static URI url(int port) {
    return URI.create("http://127.0.0.1:" + port + "/metrics");
  }
}
