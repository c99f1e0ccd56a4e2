package dev.vigil.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * A Flink cluster's REST API as a test reads it, with the JDK's HTTP client (Flink documentation,
 * "REST API": {@code /overview}, {@code /jars/upload}, {@code /jars/:jarid/run}, {@code
 * /jobs/:jobid}, {@code /jobs/:jobid/vertices/:vertexid/taskmanagers}, {@code
 * /jobs/:jobid/checkpoints}). A call that the cluster refuses fails with its status and body.
 */
public final class FlinkRestApi {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final URI base;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public FlinkRestApi(URI base) {
    this.base = base;
  }

  public JsonNode get(String path) throws IOException, InterruptedException {
    return send(HttpRequest.newBuilder(base.resolve(path)).GET());
  }

  public JsonNode post(String path, Object body) throws IOException, InterruptedException {
    return send(
        HttpRequest.newBuilder(base.resolve(path))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofByteArray(JSON.writeValueAsBytes(body))));
  }

  /** The number of TaskManagers registered, or -1 while the REST endpoint does not answer. */
  public int taskManagers() throws InterruptedException {
    try {
      return get("/overview").path("taskmanagers").asInt(-1);
    } catch (IOException notYet) {
      return -1;
    }
  }

  /** Uploads a job jar ({@code POST /jars/upload}, multipart field {@code jarfile}); its id. */
  public String uploadJar(Path jar) throws IOException, InterruptedException {
    String boundary = "vigil-" + UUID.randomUUID();
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    body.write(
        ("--"
                + boundary
                + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                + jar.getFileName()
                + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
            .getBytes(StandardCharsets.UTF_8));
    body.write(Files.readAllBytes(jar));
    body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    JsonNode answer =
        send(
            HttpRequest.newBuilder(base.resolve("/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
    String stored = answer.path("filename").asText();
    return Path.of(stored).getFileName().toString();
  }

  /**
   * Runs an uploaded jar's {@code entryClass} ({@code POST /jars/:jarid/run}): its {@code main}
   * runs in the JobManager, as in application mode. Returns the job id.
   *
   * @param savepoint the savepoint to start from (as {@code flink run -s}), or null
   */
  public String run(String jarId, String entryClass, List<String> args, String savepoint)
      throws IOException, InterruptedException {
    Map<String, Object> body = new java.util.HashMap<>();
    body.put("entryClass", entryClass);
    body.put("programArgsList", new ArrayList<>(args));
    if (savepoint != null) {
      body.put("savepointPath", savepoint);
    }
    return post("/jars/" + jarId + "/run", body).path("jobid").asText();
  }

  /** The job's state: RUNNING, FINISHED, FAILED... */
  public String jobState(String job) throws IOException, InterruptedException {
    return get("/jobs/" + job).path("state").asText();
  }

  /**
   * Each task (vertex) of the job with its status and the TaskManagers its subtasks run on, e.g.
   * {@code session-risk RUNNING on [tm-b RUNNING]}.
   */
  public List<String> tasks(String job) throws IOException, InterruptedException {
    List<String> out = new ArrayList<>();
    for (JsonNode v : get("/jobs/" + job).path("vertices")) {
      List<String> at = new ArrayList<>();
      for (JsonNode tm :
          get("/jobs/" + job + "/vertices/" + v.path("id").asText() + "/taskmanagers")
              .path("taskmanagers")) {
        at.add(tm.path("taskmanager-id").asText() + " " + tm.path("status").asText());
      }
      out.add(v.path("name").asText() + " " + v.path("status").asText() + " on " + at);
    }
    return out;
  }

  /** The one TaskManager every task of the job runs on; fails when they are spread. */
  public String onlyTaskManager(String job) throws IOException, InterruptedException {
    List<String> tasks = tasks(job);
    java.util.Set<String> at = new java.util.TreeSet<>();
    for (String t : tasks) {
      at.add(t.substring(t.indexOf(" on [") + 5, t.length() - 1).split(" ")[0]);
    }
    if (at.size() != 1) {
      throw new AssertionError("expected every task on one TaskManager: " + tasks);
    }
    return at.iterator().next();
  }

  /** The job's state and tasks, for a message; never fails. */
  public String describe(String job) {
    try {
      return "job " + jobState(job) + ": " + tasks(job);
    } catch (Exception e) {
      return "the job's state is unknown: " + e;
    }
  }

  private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
    HttpResponse<byte[]> response =
        http.send(
            request.timeout(Duration.ofMinutes(2)).build(),
            HttpResponse.BodyHandlers.ofByteArray());
    String body = new String(response.body(), StandardCharsets.UTF_8);
    if (response.statusCode() / 100 != 2) {
      throw new IllegalStateException(
          response.request().method()
              + " "
              + response.request().uri()
              + " answered "
              + response.statusCode()
              + ": "
              + body);
    }
    return JSON.readTree(body);
  }
}
