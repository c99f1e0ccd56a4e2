package dev.vigil.metrics;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One scrape of a Prometheus endpoint, parsed from the text exposition format (Prometheus'
 * documentation, "Exposition formats": {@code name{label="value",...} value [timestamp]} per line,
 * {@code #} lines are comments and metadata).
 */
public final class PrometheusScrape {
  /** One sample: a metric name, its labels and its value. */
  public record Sample(String name, Map<String, String> labels, double value) {}

  private static final Pattern LINE =
      Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+\\S+)?$");
  private static final Pattern LABEL =
      Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private final List<Sample> samples;

  private PrometheusScrape(List<Sample> samples) {
    this.samples = samples;
  }

  /** GETs {@code url} and parses the answer; an endpoint that does not answer throws. */
  public static PrometheusScrape of(URI url) throws IOException, InterruptedException {
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(HttpRequest.newBuilder(url).GET().build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered " + r.statusCode());
    }
    return parse(r.body());
  }

  /** Parses a text exposition. */
  public static PrometheusScrape parse(String text) {
    List<Sample> samples = new ArrayList<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      Matcher m = LINE.matcher(line.strip());
      if (!m.matches()) {
        throw new IllegalArgumentException("not a Prometheus sample line: " + line);
      }
      Map<String, String> labels = new TreeMap<>();
      if (m.group(2) != null) {
        Matcher l = LABEL.matcher(m.group(2));
        while (l.find()) {
          labels.put(l.group(1), l.group(2).replace("\\\"", "\"").replace("\\\\", "\\"));
        }
      }
      samples.add(new Sample(m.group(1), labels, Double.parseDouble(m.group(3))));
    }
    return new PrometheusScrape(samples);
  }

  public List<Sample> samples() {
    return samples;
  }

  /**
   * The samples of the metrics {@code names} accepts, by name and labels, for comparing scrapes.
   */
  public Map<String, Double> values(Predicate<String> names) {
    Map<String, Double> values = new TreeMap<>();
    samples.stream()
        .filter(s -> names.test(s.name()))
        .forEach(s -> values.put(s.name() + s.labels(), s.value()));
    return values;
  }

  /** Every metric name in the scrape. */
  public Set<String> names() {
    Set<String> names = new TreeSet<>();
    samples.forEach(s -> names.add(s.name()));
    return names;
  }

  /** The samples of metric {@code name} whose labels match. */
  public List<Sample> find(String name, Predicate<Map<String, String>> labels) {
    return samples.stream().filter(s -> s.name().equals(name) && labels.test(s.labels())).toList();
  }

  /** The sum of metric {@code name} over every sample (subtasks, label values); 0 when absent. */
  public double sum(String name) {
    return sum(name, l -> true);
  }

  /** The sum of every sample whose metric name ends with {@code suffix}; 0 when none does. */
  public double sumOfNamesEndingWith(String suffix) {
    return samples.stream().filter(s -> s.name().endsWith(suffix)).mapToDouble(Sample::value).sum();
  }

  /** The sum of the samples of {@code name} whose labels match. */
  public double sum(String name, Predicate<Map<String, String>> labels) {
    return find(name, labels).stream().mapToDouble(Sample::value).sum();
  }

  /** The sum of {@code name} over samples whose label {@code label} is {@code value}. */
  public double sum(String name, String label, String value) {
    return sum(name, l -> value.equals(l.get(label)));
  }
}
