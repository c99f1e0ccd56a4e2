package dev.vigil.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.junit.jupiter.api.Test;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * {@code docker/k8s/vigil-flinkdeployment.yaml} is what the Flink Kubernetes Operator accepts (its
 * FlinkDeployment resource, API {@code flink.apache.org/v1beta1}): valid YAML, the fields the
 * operator requires, the Flink version of the pom, and an entry class that exists in this build
 * with a {@code main}. No Kubernetes here: the manifest is read, not applied.
 */
class FlinkDeploymentManifestTest {
  private static final Path MANIFEST = Path.of("..", "docker", "k8s", "vigil-flinkdeployment.yaml");

  @Test
  void theManifestDeclaresAFlinkDeploymentTheOperatorAccepts() throws Exception {
    Map<String, Object> d = flinkDeployment();
    assertThat(d.get("apiVersion")).isEqualTo("flink.apache.org/v1beta1");
    assertThat(map(d, "metadata").get("name")).asString().matches("[a-z0-9]([-a-z0-9]*[a-z0-9])?");
    Map<String, Object> spec = map(d, "spec");
    assertThat(spec.get("image")).asString().isNotBlank();
    for (String role : List.of("jobManager", "taskManager")) {
      Map<String, Object> resource = map(map(spec, role), "resource");
      assertThat(resource.get("memory")).as(role + " memory").asString().matches("\\d+[mg]");
      assertThat(resource.get("cpu")).as(role + " cpu").isInstanceOf(Number.class);
    }
    Map<String, Object> job = map(spec, "job");
    assertThat(job.get("jarURI")).asString().startsWith("local:///").endsWith(".jar");
    assertThat(job.get("upgradeMode")).isIn("stateless", "savepoint", "last-state");
    assertThat(job.get("state")).isIn("running", "suspended");
    assertThat(job.get("parallelism")).isInstanceOf(Integer.class);
    assertThat(job.get("args")).isInstanceOf(List.class);
  }

  @Test
  void theFlinkVersionIsThePomsMajorAndMinor() throws Exception {
    String[] version = EnvironmentInformation.getVersion().split("\\.");
    assertThat(map(flinkDeployment(), "spec").get("flinkVersion"))
        .isEqualTo("v" + version[0] + "_" + version[1]);
  }

  @Test
  void theEntryClassExistsAndHasAMain() throws Exception {
    String entryClass = (String) map(map(flinkDeployment(), "spec"), "job").get("entryClass");
    Method main = Class.forName(entryClass).getMethod("main", String[].class);
    assertThat(Modifier.isStatic(main.getModifiers())).isTrue();
  }

  @Test
  void signingKeysReachOnlyTheTaskManagersAndOnlyFromASecret() throws Exception {
    String text = Files.readString(MANIFEST);
    Map<String, Object> spec = map(flinkDeployment(), "spec");
    List<String> everywhere = envNames(map(spec, "podTemplate"));
    List<String> taskManagers = envNames(map(map(spec, "taskManager"), "podTemplate"));
    assertThat(taskManagers).contains("VIGIL_COMMAND_SIGNING_KEY", "VIGIL_CAEP_KEY");
    assertThat(everywhere).doesNotContain("VIGIL_COMMAND_SIGNING_KEY", "VIGIL_CAEP_KEY");
    assertThat(text).doesNotContain("BEGIN PRIVATE KEY").contains("secretKeyRef");
  }

  /** The env names of a pod template's containers; each value must come from a secret. */
  @SuppressWarnings("unchecked")
  private static List<String> envNames(Map<String, Object> podTemplate) {
    List<String> out = new ArrayList<>();
    for (Object c : (List<Object>) map(podTemplate, "spec").get("containers")) {
      for (Object e : (List<Object>) ((Map<String, Object>) c).getOrDefault("env", List.of())) {
        Map<String, Object> env = (Map<String, Object>) e;
        assertThat(env).as("env %s from a secret", env.get("name")).containsKey("valueFrom");
        out.add((String) env.get("name"));
      }
    }
    return out;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> flinkDeployment() throws Exception {
    List<Map<String, Object>> found = new ArrayList<>();
    for (Object doc :
        new Load(LoadSettings.builder().build()).loadAllFromString(Files.readString(MANIFEST))) {
      if (doc instanceof Map<?, ?> m && "FlinkDeployment".equals(m.get("kind"))) {
        found.add((Map<String, Object>) m);
      }
    }
    assertThat(found).as("one FlinkDeployment in " + MANIFEST).hasSize(1);
    return found.get(0);
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Object> map(Map<String, Object> parent, String key) {
    assertThat(parent).as("field " + key).containsKey(key);
    return (Map<String, Object>) parent.get(key);
  }
}
