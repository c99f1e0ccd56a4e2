package dev.vigil.cli;

import dev.vigil.job.config.JobConfig;
import dev.vigil.job.exchange.ExchangePipeline;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.util.SerializedThrowable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.DescribeTopicsOptions;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.errors.TopicAuthorizationException;

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
    return explain(failure, savepoint, client, Access.riskJob(cfg), restarts);
  }

  /** The same for the job whose Kafka access {@code job} describes (the risk or exchange job). */
  static String explain(
      Throwable failure, String savepoint, Properties client, Access job, int restarts) {
    String acl =
        missingAcl(failure, client, job.topics(), job.group(), job.transactionalIds(), restarts);
    if (acl != null) {
      return acl;
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

  /**
   * What a job needs of Kafka, for the advice on a refusal: its topics, each with the operation it
   * needs (READ for a source, WRITE for a sink), its consumer group, and the prefix of its
   * transactional ids (null when it has none).
   */
  record Access(Map<String, AclOperation> topics, String group, String transactionalIds) {
    /**
     * The session risk job: {@link #topics}, group {@code kafka.group-id}, its audit sink's ids.
     */
    static Access riskJob(JobConfig cfg) {
      String group = cfg.string("kafka.group-id");
      return new Access(RunFailure.topics(cfg), group, group + "-risk-decisions");
    }

    /**
     * The exchange job ({@code vigil run --job exchange}, {@code ExchangePipeline}): the access
     * inputs it reads, {@code topics.signals} and {@code topics.dead-letter} it writes, under group
     * {@code kafka.group-id} + {@value ExchangePipeline#GROUP_SUFFIX}; no transactions (both sinks
     * are at-least-once).
     */
    static Access exchangeJob(JobConfig cfg) {
      Map<String, AclOperation> out = new LinkedHashMap<>();
      inputs(cfg, out);
      out.put(cfg.string("topics.signals"), AclOperation.WRITE);
      out.put(cfg.string("topics.dead-letter"), AclOperation.WRITE);
      return new Access(out, cfg.string("kafka.group-id") + ExchangePipeline.GROUP_SUFFIX, null);
    }
  }

  /** The topics the session risk job of {@code cfg} uses, each with the operation it needs. */
  static Map<String, AclOperation> topics(JobConfig cfg) {
    Map<String, AclOperation> out = new LinkedHashMap<>();
    inputs(cfg, out);
    out.put(cfg.string("topics.models"), AclOperation.READ);
    if (!cfg.string("risk.signals-topic").isBlank()) {
      out.put(cfg.string("risk.signals-topic").trim(), AclOperation.READ); // optional, not checked
    }
    for (String sink : List.of("session-commands", "risk-decisions", "dead-letter")) {
      out.put(cfg.string("topics." + sink), AclOperation.WRITE);
    }
    if (cfg.bool("caep.enabled")) {
      out.put(cfg.string("topics.caep"), AclOperation.WRITE);
    }
    return out;
  }

  /** The access-event inputs both jobs read ({@code inputs.json}, {@code inputs.avro}). */
  private static void inputs(JobConfig cfg, Map<String, AclOperation> out) {
    if (cfg.bool("inputs.json")) {
      out.put(cfg.string("topics.access-logs"), AclOperation.READ);
    }
    if (cfg.bool("inputs.avro")) {
      out.put(cfg.string("topics.access-events"), AclOperation.READ);
    }
  }

  /**
   * The message for a Kafka authorization error in {@code failure}'s cause chain, or null when
   * there is none: the principal, the ACL it lacks (operation and resource) and the fix.
   *
   * <p>A refusal on topics names them when the client knows which; when it does not (an admin
   * request says only "Topic authorization failed"), the broker is asked which of the job's topics
   * the principal lacks its operation on ({@link #missingOnTopics}).
   *
   * @param topics each topic the job uses and the operation it needs: READ for a source, WRITE for
   *     a sink
   * @param group the job's consumer group id
   * @param transactionalIds the prefix of its transactional ids, or null when it has none
   * @param restarts how often the job had restarted when it was stopped
   */
  static String missingAcl(
      Throwable failure,
      Properties client,
      Map<String, AclOperation> topics,
      String group,
      String transactionalIds,
      int restarts) {
    Throwable denied = authorizationIn(failure);
    if (denied == null) {
      return null;
    }
    String name = className(denied);
    String message = plainMessage(denied);
    String need;
    if (name.endsWith("TopicAuthorizationException")) {
      List<String> grants = new ArrayList<>();
      Matcher m = BRACKETS.matcher(message);
      String named = m.find() ? m.group(1) : "";
      for (String topic : named.split(",\\s*")) {
        if (!topic.isBlank()) {
          AclOperation op = topics.get(topic);
          grants.add((op == null ? "READ or WRITE" : op.name()) + " on topic " + topic);
        }
      }
      if (grants.isEmpty()) {
        grants.addAll(missingOnTopics(client, topics));
      }
      need = grants.isEmpty() ? "READ or WRITE on the topics it uses" : String.join(", ", grants);
    } else if (name.endsWith("GroupAuthorizationException")) {
      need = "READ on group " + group;
    } else if (name.endsWith("TransactionalIdAuthorizationException") && transactionalIds != null) {
      need =
          "WRITE on the transactional ids prefixed "
              + transactionalIds
              + " (the exactly-once audit sink)";
    } else if (name.endsWith("ClusterAuthorizationException")) {
      need = "IDEMPOTENT_WRITE on the cluster (brokers before Kafka 3.0 ask for it)";
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
        + (restarts == 1 ? "1 restart" : restarts + " restarts")
        + " instead of restarting until its attempts run out: a missing ACL does not heal by"
        + " retrying. Grant it (README, ACLs per principal) and run again.";
  }

  /**
   * Which of {@code topics} the principal may not do its operation on, as "OP on topic T", asked of
   * the broker (describe with authorized operations; a topic it may not even describe is missing
   * all). Empty when the broker cannot be asked.
   */
  static List<String> missingOnTopics(Properties client, Map<String, AclOperation> topics) {
    List<String> out = new ArrayList<>();
    try (Admin admin = Admin.create(client)) {
      var described =
          admin
              .describeTopics(
                  topics.keySet(), new DescribeTopicsOptions().includeAuthorizedOperations(true))
              .topicNameValues();
      for (Map.Entry<String, AclOperation> e : topics.entrySet()) {
        boolean allowed;
        try {
          var ops = described.get(e.getKey()).get(10, TimeUnit.SECONDS).authorizedOperations();
          allowed = ops == null || ops.contains(e.getValue()) || ops.contains(AclOperation.ALL);
        } catch (java.util.concurrent.ExecutionException x) {
          allowed = !(x.getCause() instanceof TopicAuthorizationException);
        }
        if (!allowed) {
          out.add(e.getValue() + " on topic " + e.getKey());
        }
      }
    } catch (Exception e) {
      return List.of(); // the broker could not be asked: the message stays general
    }
    return out;
  }

  /** The principal the client properties authenticate as, as the broker's ACLs name it. */
  static String principal(Properties client) {
    Object resolved;
    try {
      // Resolves ${file:...} and other config-provider references as the clients do.
      resolved =
          new AbstractConfig(new ConfigDef(), client, false).originals().get("sasl.jaas.config");
    } catch (RuntimeException e) {
      resolved = client.getProperty("sasl.jaas.config");
    }
    String jaas = resolved == null ? null : resolved.toString();
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
    String message = plainMessage(last);
    String name = simpleName(className(last));
    return message.isEmpty() ? name : name + ": " + message.lines().findFirst().orElse("");
  }

  /**
   * A throwable's own message, without the class name a {@link SerializedThrowable} puts in front;
   * empty when it has none (e.g. an EOFException).
   */
  private static String plainMessage(Throwable t) {
    String name = className(t);
    String message = t.getMessage();
    if (message == null || message.isBlank() || message.equals(name)) {
      return "";
    }
    return message.startsWith(name + ": ") ? message.substring(name.length() + 2) : message;
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
