package dev.vigil.cli;

import dev.vigil.job.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.SerializedThrowable;

/**
 * What {@code vigil run} says when its job fails, for the failures an operator fixes rather than
 * waits out: a checkpoint or savepoint that cannot be restored, and a Kafka ACL the job's principal
 * lacks. Each is one message naming what failed and the fix; anything else points to the log.
 * Failures come from Flink as {@link SerializedThrowable} chains, which keep the original class
 * names and messages; both kinds of throwable are read.
 */
final class RunFailure {
  private static final Pattern BRACKETS = Pattern.compile("\\[([^\\]]*)]");
  private static final Pattern USERNAME = Pattern.compile("username=\"([^\"]*)\"");

  private RunFailure() {}

  /** A failed run whose message is the whole story: printed without a stack trace hint. */
  static final class Failed extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Failed(String message) {
      super(message);
    }
  }

  /** True when a Kafka authorization error is anywhere in {@code failure}'s cause chain. */
  static boolean isAuthorization(Throwable failure) {
    return authorizationIn(failure) != null;
  }

  /**
   * The message for a failed run: a missing ACL, a checkpoint that could not be restored (when the
   * run restored from {@code savepoint}), or the first line of the cause.
   */
  static String explain(
      Throwable failure, String savepoint, Properties client, JobConfig cfg, int restarts) {
    Throwable denied = authorizationIn(failure);
    if (denied != null) {
      return missingAcl(denied, client, cfg, restarts);
    }
    if (savepoint != null && failedToRestore(failure, savepoint)) {
      return "could not restore from "
          + savepoint
          + " ("
          + innermost(failure)
          + "); it is damaged, incomplete or not a checkpoint, and the job was not started."
          + " Start from an older retained checkpoint (another chk-N directory under "
          + parent(savepoint)
          + ") or a savepoint, or without --from-savepoint to start with empty state (learned"
          + " profiles, killed sessions and the audit chains' heads are then lost).";
    }
    return "the job failed ("
        + (failure == null ? "no cause given" : innermost(failure))
        + "); the log in .vigil/logs says more";
  }

  private static String missingAcl(Throwable denied, Properties client, JobConfig cfg, int r) {
    String name = className(denied);
    String message = String.valueOf(denied.getMessage());
    String need;
    if (name.endsWith("TopicAuthorizationException")) {
      List<String> grants = new ArrayList<>();
      Matcher m = BRACKETS.matcher(message);
      String topics = m.find() ? m.group(1) : "";
      for (String topic : topics.split(",\\s*")) {
        if (!topic.isBlank()) {
          grants.add((reads(cfg, topic) ? "READ" : "WRITE") + " on topic " + topic);
        }
      }
      need = grants.isEmpty() ? "READ or WRITE on the topics it uses" : String.join(", ", grants);
    } else if (name.endsWith("GroupAuthorizationException")) {
      need = "READ on group " + cfg.string("kafka.group-id") + " (prefixed)";
    } else if (name.endsWith("TransactionalIdAuthorizationException")) {
      need =
          "WRITE on transactional id "
              + cfg.string("kafka.group-id")
              + "-risk-decisions (prefixed), for the exactly-once audit sink";
    } else if (name.endsWith("ClusterAuthorizationException")) {
      need = "IDEMPOTENT_WRITE on the cluster (brokers older than Kafka 2.8 ask for it)";
    } else {
      need = "an ACL it lacks";
    }
    return "Kafka refused the job's principal "
        + principal(client)
        + ": it needs "
        + need
        + " ("
        + simpleName(name)
        + ": "
        + message
        + "). The job was stopped after "
        + (r == 1 ? "1 restart" : r + " restarts")
        + " instead of restarting until its attempts run out: a missing ACL does not heal by"
        + " retrying. Grant it (README, ACLs per principal) and run again.";
  }

  /** Whether the job reads {@code topic} (a source) rather than writes it. */
  private static boolean reads(JobConfig cfg, String topic) {
    for (String t : List.of("topics.access-logs", "topics.access-events", "topics.models")) {
      if (topic.equals(cfg.optional(t))) {
        return true;
      }
    }
    return false;
  }

  /** The principal the client properties authenticate as, as the broker's ACLs name it. */
  static String principal(Properties client) {
    String jaas = client.getProperty("sasl.jaas.config");
    if (jaas != null) {
      Matcher m = USERNAME.matcher(jaas);
      if (m.find()) {
        return "User:" + m.group(1);
      }
    }
    String protocol = client.getProperty("security.protocol", "PLAINTEXT");
    return protocol.equals("SSL")
        ? "(the subject of its client certificate)"
        : "User:ANONYMOUS (" + protocol + ", no authentication)";
  }

  /** A restore failure: raised while the job was created, or naming the checkpoint's path. */
  private static boolean failedToRestore(Throwable failure, String savepoint) {
    String path = Path.of(savepoint.replaceFirst("^file:", "")).getFileName().toString();
    for (Throwable t : chain(failure)) {
      String name = className(t);
      String message = String.valueOf(t.getMessage());
      if (name.endsWith("JobInitializationException") || message.contains(path)) {
        return true;
      }
    }
    return false;
  }

  private static Throwable authorizationIn(Throwable failure) {
    for (Throwable t : chain(failure)) {
      String name = className(t);
      if (name.startsWith("org.apache.kafka.common.errors.")
          && name.endsWith("AuthorizationException")) {
        return t;
      }
    }
    return null;
  }

  /** The deepest cause's class and message, on one line. */
  private static String innermost(Throwable failure) {
    List<Throwable> all = chain(failure);
    Throwable last = all.get(all.size() - 1);
    String name = className(last);
    String message = last.getMessage();
    if (message == null || message.isBlank() || message.equals(name)) {
      return simpleName(name); // e.g. an EOFException without a message
    }
    if (message.startsWith(name + ": ")) {
      message = message.substring(name.length() + 2);
    }
    return simpleName(name) + ": " + message.lines().findFirst().orElse("");
  }

  private static List<Throwable> chain(Throwable failure) {
    List<Throwable> out = new ArrayList<>();
    Map<Throwable, Boolean> seen = new IdentityHashMap<>();
    for (Throwable t = failure; t != null && seen.put(t, true) == null; t = t.getCause()) {
      out.add(t);
    }
    return out;
  }

  private static String className(Throwable t) {
    return t instanceof SerializedThrowable s
        ? s.getOriginalErrorClassName()
        : t.getClass().getName();
  }

  private static String simpleName(String className) {
    return className.substring(className.lastIndexOf('.') + 1);
  }

  private static String parent(String savepoint) {
    Path p = Path.of(savepoint.replaceFirst("^file:", ""));
    return p.getParent() == null ? "the checkpoint directory" : p.getParent().toString();
  }
}
