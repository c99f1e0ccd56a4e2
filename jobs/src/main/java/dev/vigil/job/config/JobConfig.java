package dev.vigil.job.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The job's settings: the documented defaults in {@code vigil-job.properties} (one commented file
 * holding every key), then an operator's file, then {@code --set key=value} overrides. Unknown keys
 * and malformed values are errors that name the key and what it takes.
 *
 * <p>Flink's own keys pass through to Flink ({@link #flinkSettings()}): a key that is not Vigil's
 * and starts with one of {@link #FLINK_PREFIXES} (e.g. {@code metrics.reporter.prom.factory.class},
 * {@code state.backend.rocksdb.metrics.estimate-num-keys}, {@code restart-strategy.type}; see
 * Flink's configuration reference). Flink checks their values when the job or cluster starts.
 * Misspelled Vigil keys are still refused: a key within {@value #NEAR} edits of a Vigil key (e.g.
 * {@code state.backnd}) is taken for a typo of it, not for a Flink key.
 */
public final class JobConfig {
  public static final String DEFAULTS = "/vigil-job.properties";

  /** Prefixes of Flink's own configuration keys that pass through to Flink. */
  public static final List<String> FLINK_PREFIXES =
      List.of(
          "metrics.",
          "state.",
          "restart-strategy.",
          "execution.",
          "pipeline.",
          "taskmanager.",
          "jobmanager.",
          "high-availability.",
          "rest.",
          "web.",
          "fs.",
          "s3.");

  /** Edit distance under which an unknown key is taken for a typo of a Vigil key. */
  static final int NEAR = 2;

  private final Map<String, String> values;
  private final Map<String, String> flink;

  private JobConfig(Map<String, String> values, Map<String, String> flink) {
    this.values = values;
    this.flink = flink;
  }

  /** The defaults alone. */
  public static JobConfig defaults() {
    return load(null, List.of());
  }

  /**
   * @param file an operator's properties file, or null
   * @param overrides {@code key=value} strings, applied last
   */
  public static JobConfig load(Path file, List<String> overrides) {
    Map<String, String> values = new TreeMap<>();
    Map<String, String> flink = new TreeMap<>();
    Properties defaults = new Properties();
    try (InputStream in = JobConfig.class.getResourceAsStream(DEFAULTS)) {
      defaults.load(in);
    } catch (IOException | NullPointerException e) {
      throw new IllegalStateException("the built-in " + DEFAULTS + " is missing from the jar", e);
    }
    defaults.stringPropertyNames().forEach(k -> values.put(k, defaults.getProperty(k).strip()));
    if (file != null) {
      Properties own = new Properties();
      try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
        own.load(in);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("config file " + file + " does not exist");
      } catch (IOException e) {
        throw new IllegalArgumentException(
            "cannot read config file " + file + ": " + e.getMessage());
      }
      for (String key : own.stringPropertyNames()) {
        put(values, flink, key, own.getProperty(key), "in " + file);
      }
    }
    for (String override : overrides) {
      int eq = override.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "--set takes key=value, e.g. --set parallelism=4; got '" + override + "'");
      }
      put(values, flink, override.substring(0, eq).strip(), override.substring(eq + 1), "in --set");
    }
    return new JobConfig(values, flink);
  }

  private static void put(
      Map<String, String> values,
      Map<String, String> flink,
      String key,
      String value,
      String where) {
    if (!values.containsKey(key)) {
      String near =
          values.keySet().stream().min(Comparator.comparingInt(k -> distance(k, key))).orElse("");
      if (distance(near, key) > NEAR && FLINK_PREFIXES.stream().anyMatch(key::startsWith)) {
        flink.put(key, value.strip());
        return;
      }
      throw new IllegalArgumentException(
          "unknown setting '"
              + key
              + "' "
              + where
              + "; did you mean '"
              + near
              + "'? (see vigil-job.properties; Flink's own keys start with "
              + String.join(", ", FLINK_PREFIXES)
              + ")");
    }
    values.put(key, value.strip());
  }

  public String string(String key) {
    String v = values.get(key);
    if (v == null) {
      throw new IllegalStateException("no setting " + key);
    }
    return v;
  }

  /** The value, or null when it is empty. */
  public String optional(String key) {
    String v = string(key);
    return v.isEmpty() ? null : v;
  }

  public int integer(String key, int min, int max) {
    try {
      int v = Integer.parseInt(string(key));
      if (v < min || v > max) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key
              + " must be a whole number from "
              + min
              + " to "
              + max
              + "; got '"
              + string(key)
              + "'");
    }
  }

  public double number(String key, double min, double max) {
    try {
      double v = Double.parseDouble(string(key));
      if (!(v >= min && v <= max)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          key + " must be a number from " + min + " to " + max + "; got '" + string(key) + "'");
    }
  }

  public boolean bool(String key) {
    String v = string(key);
    if (v.equals("true") || v.equals("false")) {
      return Boolean.parseBoolean(v);
    }
    throw new IllegalArgumentException(key + " must be true or false; got '" + v + "'");
  }

  public Duration duration(String key) {
    try {
      return Durations.parse(string(key));
    } catch (RuntimeException e) {
      throw new IllegalArgumentException(
          key + " must be a duration like 30s, 5m or 1h; got '" + string(key) + "'");
    }
  }

  public String choice(String key, String... allowed) {
    String v = string(key);
    for (String a : allowed) {
      if (a.equals(v)) {
        return v;
      }
    }
    throw new IllegalArgumentException(
        key + " must be one of " + String.join(", ", allowed) + "; got '" + v + "'");
  }

  /** A copy with one known setting replaced. */
  public JobConfig with(String key, String value) {
    string(key);
    Map<String, String> copy = new TreeMap<>(values);
    copy.put(key, value.strip());
    return new JobConfig(copy, flink);
  }

  /** Every Vigil setting, for printing (no secrets live here by design). */
  public Map<String, String> asMap() {
    return Map.copyOf(values);
  }

  /**
   * Flink's own settings given in the file or with {@code --set}, to pass to Flink as they are
   * ({@code JobSettings.flink}, and the local cluster's configuration for cluster-level keys such
   * as {@code metrics.reporter.*}).
   */
  public Map<String, String> flinkSettings() {
    return Map.copyOf(flink);
  }

  private static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
