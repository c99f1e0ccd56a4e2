package dev.vigil.kafka;

import java.util.Map;

/**
 * The one definition of every Vigil topic: name, partitions and topic configs. {@code vigil topics
 * create}, the demo and the tests all create topics from here, so they cannot drift apart.
 *
 * <p>Replication is not part of the definition: it is a property of the cluster (1 for the embedded
 * broker, 3 for production), passed when the topics are created.
 */
public enum VigilTopic {
  /** JSON access logs as gateways and log shippers send them (the JSON contract). */
  ACCESS_LOGS(
      "vigil.access-logs",
      4,
      Map.of(
          "retention.ms", days(7),
          // A record may be up to 64 KiB to be valid; larger ones must still arrive to be
          // dead-lettered rather than be refused at the producer with no trace.
          "max.message.bytes", String.valueOf(4 << 20))),
  /** Validated, normalised access events, Avro single-object encoded, keyed by account id. */
  ACCESS_EVENTS("vigil.access-events", 4, Map.of("retention.ms", days(7))),
  /** Records that failed validation, whole, with the reason. Kept long: they are evidence too. */
  DEAD_LETTER(
      "vigil.dead-letter",
      1,
      Map.of("retention.ms", days(30), "max.message.bytes", String.valueOf(8 << 20))),
  /** Commands to the enforcement layer, keyed by session id. */
  SESSION_COMMANDS("vigil.session-commands", 4, Map.of("retention.ms", days(1))),
  /**
   * What gateways did with commands and what came of step-ups (EnforcementOutcome, Avro
   * single-object encoded, keyed by account id), read back by the session risk job.
   */
  ENFORCEMENT_OUTCOMES("vigil.enforcement-outcomes", 4, Map.of("retention.ms", days(7))),
  /** Audit trail of every probability change (written transactionally). */
  RISK_DECISIONS("vigil.risk-decisions", 4, Map.of("retention.ms", days(90))),
  /**
   * Analysts' verdicts on sessions and decisions (Label, Avro single-object encoded, keyed by
   * session id). Kept for good: they are the training and evaluation ground truth.
   */
  LABELS("vigil.labels", 1, Map.of("retention.ms", "-1")),
  /**
   * Related decisions grouped into cases for the SOC (SecurityCase, Avro single-object encoded,
   * keyed by case id, each change a new revision); compacted, so the latest revision of every case
   * stays, for 90 days.
   */
  CASES("vigil.cases", 4, Map.of("cleanup.policy", "compact,delete", "retention.ms", days(90))),
  /** Cases and kills as OCSF Detection Findings (JSON, keyed by finding uid) for SIEMs. */
  FINDINGS("vigil.findings", 4, Map.of("retention.ms", days(30))),
  /** OpenID Shared Signals / CAEP security event tokens. */
  CAEP("vigil.caep", 1, Map.of("retention.ms", days(7))),
  /** What the exchange job sees across accounts (ExchangeSignal, Avro, keyed by subject). */
  SIGNALS("vigil.signals", 4, Map.of("retention.ms", days(7))),
  /** Model files for live updates; compacted so the latest model per key is always there. */
  MODELS(
      "vigil.models",
      1,
      Map.of("cleanup.policy", "compact", "min.compaction.lag.ms", "0", "retention.ms", "-1"));

  private final String topicName;
  private final int partitions;
  private final Map<String, String> configs;

  VigilTopic(String topicName, int partitions, Map<String, String> configs) {
    this.topicName = topicName;
    this.partitions = partitions;
    this.configs = configs;
  }

  public String topicName() {
    return topicName;
  }

  public int partitions() {
    return partitions;
  }

  public Map<String, String> configs() {
    return configs;
  }

  private static String days(int days) {
    return String.valueOf(days * 24L * 3600 * 1000);
  }
}
