package dev.vigil.docker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.vigil.job.config.JobConfig;
import dev.vigil.job.config.JobSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * What can be checked of {@code docker/} without a container engine: the compose file parses and
 * refers only to files that exist, its images are at the versions the build pins, the Dockerfile
 * builds on the Flink image of the pom's Flink version and copies files that exist, Prometheus
 * scrapes the reporters the cluster starts, Grafana's provisioning finds the dashboard, and the job
 * settings file is valid. (That the dashboard's queries name exported metrics is checked against a
 * live scrape in {@code PrometheusMetricsIT}.)
 */
class DockerFilesTest {
  static final Path ROOT = Path.of("..");
  static final Path DOCKER = ROOT.resolve("docker");
  static final YAMLMapper YAML = new YAMLMapper();

  static JsonNode compose() throws IOException {
    return YAML.readTree(DOCKER.resolve("compose.yaml").toFile());
  }

  static String pomProperty(String name) throws IOException {
    Matcher m =
        Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</")
            .matcher(Files.readString(ROOT.resolve("pom.xml")));
    assertThat(m.find()).as(name + " in pom.xml").isTrue();
    return m.group(1).strip();
  }

  @Test
  void composeParsesAndHasTheClusterTheReadmeDescribes() throws IOException {
    JsonNode services = compose().get("services");
    List<String> names = new ArrayList<>();
    services.fieldNames().forEachRemaining(names::add);

    assertThat(names)
        .contains(
            "kafka-1",
            "kafka-2",
            "kafka-3",
            "topics",
            "jobmanager",
            "taskmanager-1",
            "taskmanager-2",
            "simulator",
            "prometheus",
            "grafana");
    assertThat(services.get("simulator").get("profiles").toString()).contains("traffic");
    assertThat(services.get("jobmanager").get("command").toString())
        .contains("standalone-job")
        .contains("--job-classname");
  }

  @Test
  void everyFileTheComposeFileRefersToExists() throws IOException {
    JsonNode services = compose().get("services");
    List<String> checked = new ArrayList<>();
    for (JsonNode service : services) {
      JsonNode build = service.get("build");
      if (build != null) {
        Path context = DOCKER.resolve(build.get("context").asText());
        assertThat(context).isDirectory();
        Path dockerfile = context.resolve(build.get("dockerfile").asText());
        assertThat(dockerfile).isRegularFile();
        checked.add(dockerfile.toString());
      }
      JsonNode volumes = service.get("volumes");
      if (volumes != null) {
        for (JsonNode v : volumes) {
          String source = v.asText().split(":")[0];
          if (source.startsWith(".") || source.startsWith("/")) {
            assertThat(DOCKER.resolve(source)).as("bind mount " + v.asText()).exists();
            checked.add(source);
          }
        }
      }
    }
    assertThat(checked).as("files and folders checked").hasSizeGreaterThanOrEqualTo(4);
  }

  @Test
  void kafkaIsThreeKraftBrokersAtThePomsKafkaVersion() throws IOException {
    JsonNode services = compose().get("services");
    String kafka = pomProperty("kafka.version");
    for (int i = 1; i <= 3; i++) {
      JsonNode broker = services.get("kafka-" + i);
      assertThat(broker.get("image").asText()).isEqualTo("apache/kafka:" + kafka);
      JsonNode env = broker.get("environment");
      assertThat(env.get("KAFKA_PROCESS_ROLES").asText()).isEqualTo("broker,controller");
      assertThat(env.get("KAFKA_NODE_ID").asInt()).isEqualTo(i);
      assertThat(env.get("KAFKA_CONTROLLER_QUORUM_VOTERS").asText())
          .isEqualTo("1@kafka-1:9093,2@kafka-2:9093,3@kafka-3:9093");
    }
  }

  @Test
  void theJobImageBuildsOnTheFlinkImageOfThePomsFlinkVersionAndCopiesFilesThatExist()
      throws IOException {
    List<String> lines = Files.readAllLines(DOCKER.resolve("Dockerfile"));
    List<String> from = lines.stream().filter(l -> l.startsWith("FROM ")).toList();
    assertThat(from).isNotEmpty();
    assertThat(from.get(from.size() - 1).split("\\s+")[1])
        .as("the final stage's base image")
        .isEqualTo("flink:" + pomProperty("flink.version") + "-java17");
    Path context = DOCKER.resolve(compose().at("/services/topics/build/context").asText());
    for (String line : lines) {
      if (line.startsWith("COPY ") && !line.contains("--from=")) {
        String[] parts = line.split("\\s+");
        for (int i = 1; i < parts.length - 1; i++) {
          assertThat(context.resolve(parts[i])).as(line).exists();
        }
      }
    }
  }

  @Test
  void theJobManagerReadsTheSettingsFileTheImageHoldsAndItIsValid() throws IOException {
    String dockerfile = Files.readString(DOCKER.resolve("Dockerfile"));
    Matcher copy = Pattern.compile("COPY docker/vigil/vigil.properties (\\S+)").matcher(dockerfile);
    assertThat(copy.find()).isTrue();
    assertThat(compose().at("/services/jobmanager/command").toString())
        .contains("\"--config\",\"" + copy.group(1) + "\"");

    JobConfig cfg = JobConfig.load(DOCKER.resolve("vigil").resolve("vigil.properties"), List.of());
    assertThat(JobSettings.checkpointsDescribed(cfg)).startsWith("file:///opt/flink/checkpoints");
    assertThat(cfg.string("commands.signing-key-file")).startsWith("/opt/vigil/keys/");
  }

  @Test
  void prometheusScrapesTheReporterOfEveryFlinkProcessOfTheCluster() throws IOException {
    JsonNode services = compose().get("services");
    JsonNode prometheus = YAML.readTree(DOCKER.resolve("prometheus/prometheus.yml").toFile());
    List<String> targets = new ArrayList<>();
    prometheus
        .at("/scrape_configs/0/static_configs/0/targets")
        .forEach(t -> targets.add(t.asText()));

    assertThat(targets)
        .containsExactlyInAnyOrder("jobmanager:9249", "taskmanager-1:9249", "taskmanager-2:9249");
    for (String target : targets) {
      String[] hostPort = target.split(":");
      String flinkProperties =
          services.get(hostPort[0]).at("/environment/FLINK_PROPERTIES").asText();
      assertThat(flinkProperties)
          .as(hostPort[0] + "'s Flink settings")
          .contains("metrics.reporter.prom.factory.class:")
          .contains("metrics.reporter.prom.port: " + hostPort[1]);
    }
  }

  @Test
  void grafanaIsProvisionedWithThePrometheusSourceAndTheDashboardTheFolderHolds()
      throws IOException {
    JsonNode grafana = compose().at("/services/grafana");
    String dashboardsMount = null;
    for (JsonNode v : grafana.get("volumes")) {
      String[] parts = v.asText().split(":");
      if (parts[0].equals("./grafana/dashboards")) {
        dashboardsMount = parts[1];
      }
    }
    assertThat(dashboardsMount).as("where docker/grafana/dashboards is mounted").isNotNull();
    JsonNode provider =
        YAML.readTree(DOCKER.resolve("grafana/provisioning/dashboards/vigil.yaml").toFile());
    assertThat(provider.at("/providers/0/options/path").asText()).isEqualTo(dashboardsMount);
    String home = grafana.at("/environment/GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH").asText();
    assertThat(home).startsWith(dashboardsMount + "/");
    assertThat(
            DOCKER
                .resolve("grafana/dashboards")
                .resolve(home.substring(dashboardsMount.length() + 1)))
        .as("the home dashboard " + home)
        .isRegularFile();

    JsonNode source =
        YAML.readTree(DOCKER.resolve("grafana/provisioning/datasources/prometheus.yaml").toFile());
    String uid = source.at("/datasources/0/uid").asText();
    assertThat(source.at("/datasources/0/url").asText()).isEqualTo("http://prometheus:9090");

    JsonNode dashboard =
        new ObjectMapper().readTree(DOCKER.resolve("grafana/dashboards/vigil.json").toFile());
    assertThat(dashboard.get("uid").asText()).isEqualTo("vigil");
    List<String> sources = new ArrayList<>();
    dashboard.findValues("datasource").forEach(d -> sources.add(d.get("uid").asText()));
    assertThat(sources).isNotEmpty().containsOnly(uid);
  }
}
