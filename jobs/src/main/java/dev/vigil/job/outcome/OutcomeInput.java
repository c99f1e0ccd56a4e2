package dev.vigil.job.outcome;

import dev.vigil.job.ingest.IngestSettings;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.kafka.clients.admin.Admin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether the session risk job reads the outcomes topic, decided once when the job is built ({@code
 * outcomes.enabled}): {@code false} never; {@code true} always, refusing to start when the topic
 * does not exist or outcomes must be verified and no gateway key ring is set; {@code auto} (the
 * default) when the topic exists and the outcomes can be verified (or verification is off), else
 * the job runs without outcomes and logs one line saying why and what enables them. A deployment
 * without gateways reporting back is thereby unchanged, and one whose gateways report is never fed
 * unverified outcomes. The topic is read from the next start after it appears.
 */
public final class OutcomeInput {
  private static final Logger LOG = LoggerFactory.getLogger(OutcomeInput.class);

  private OutcomeInput() {}

  /** The outcomes source, or null when the job runs without outcomes. */
  public static KafkaSource<OutcomeRecord> sourceOrNull(
      Properties client, OutcomeSettings settings, String groupId, IngestSettings ingest)
      throws Exception {
    if (settings.enabled().equals("false")) {
      return null;
    }
    boolean required = settings.enabled().equals("true");
    String problem = null;
    if (settings.requireSignature() && !settings.hasKeys()) {
      problem = settings.missingKeys();
    } else if (!topicExists(client, settings.topic())) {
      problem =
          "topic "
              + settings.topic()
              + " does not exist: create it with 'vigil topics create', or set"
              + " outcomes.enabled=false";
    }
    if (problem == null) {
      return OutcomeStage.source(client, settings, groupId, ingest);
    }
    if (required) {
      throw new IllegalArgumentException("outcomes.enabled=true, but " + problem);
    }
    LOG.warn("Running without the gateways' outcomes (outcomes.enabled=auto): {}", problem);
    return null;
  }

  private static boolean topicExists(Properties client, String topic) throws Exception {
    try (Admin admin = Admin.create(client)) {
      Set<String> names = admin.listTopics().names().get(60, TimeUnit.SECONDS);
      return names.contains(topic);
    }
  }
}
