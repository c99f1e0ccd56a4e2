package dev.vigil.cases;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schema.CaseEntry;
import dev.vigil.schema.CaseGrouping;
import dev.vigil.schema.CaseSeverity;
import dev.vigil.schema.CaseStatus;
import dev.vigil.schema.SecurityCase;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Cases and kills as OCSF Detection Findings (class 2004, category 2 Findings), OCSF schema {@value
 * #OCSF_VERSION}, so a SIEM or data lake that reads OCSF ingests them without a mapping (topic
 * {@code vigil.findings}).
 *
 * <p>Attributes follow the OCSF schema repository (github.com/ocsf/ocsf-schema): the required ones
 * of {@code events/base_event.json} (activity_id, category_uid, class_uid, metadata, severity_id,
 * time, type_uid) and {@code events/findings/finding.json} (finding_info), with the required {@code
 * metadata.version}, {@code metadata.product} ({@code objects/metadata.json}) and {@code
 * finding_info.uid} ({@code objects/finding_info.json}). type_uid = class_uid x 100 + activity_id.
 * Activity: 1 Create for a case's first revision and for a kill, 2 Update for a later revision, 3
 * Close for a closed case. severity_id: 1 Informational, 2 Low, 3 Medium, 4 High, 5 Critical.
 * status_id: 1 New while the case is open, 99 Other ("Closed") once it closed after its quiet
 * period (no analyst resolved it). Vigil's own case fields (grouping, key, counts of actions) are
 * under {@code unmapped.vigil}.
 *
 * <p>Bounds: one {@code evidences} element and one {@code related_events} element per timeline
 * entry of the case, so at most {@link CaseSettings#maxTimeline()} of each.
 */
public final class OcsfDetectionFinding {
  /** The OCSF schema version the findings follow. */
  public static final String OCSF_VERSION = "1.3.0";

  public static final int CLASS_UID = 2004;
  public static final int CATEGORY_UID = 2;

  private static final ObjectMapper JSON = new ObjectMapper();

  private final String vendorName;
  private final String productVersion;

  /**
   * @param vendorName {@code metadata.product.vendor_name}, e.g. the exchange running Vigil
   * @param productVersion {@code metadata.product.version}, e.g. the model version or build
   */
  public OcsfDetectionFinding(String vendorName, String productVersion) {
    this.vendorName = vendorName;
    this.productVersion = productVersion;
  }

  /** One finding per case revision: Create, Update, or Close. */
  public ObjectNode ofCase(SecurityCase c) {
    int activity = c.getStatus() == CaseStatus.CLOSED ? 3 : c.getRevision() <= 1 ? 1 : 2;
    ObjectNode f =
        base(
            activity,
            c.getUpdatedAt(),
            severityId(c.getSeverity()),
            c.getCaseId() + ":r" + c.getRevision());
    ((ObjectNode) f.get("metadata")).put("correlation_uid", c.getCaseId());
    f.put("message", title(c));
    f.put("start_time", c.getFirstSeen());
    f.put("end_time", c.getLastSeen());
    f.put("is_alert", activity == 1);
    f.put("risk_score", (int) Math.round(100 * c.getMaxProbability()));
    if (c.getStatus() == CaseStatus.CLOSED) {
      f.put("status_id", 99);
      f.put("status", "Closed");
    } else {
      f.put("status_id", 1);
      f.put("status", "New");
    }
    ObjectNode info = f.putObject("finding_info");
    info.put("uid", c.getCaseId());
    info.put("title", title(c));
    info.put("desc", description(c));
    info.putArray("types").add(type(c.getGroupedBy()));
    info.put("first_seen_time", c.getFirstSeen());
    info.put("last_seen_time", c.getLastSeen());
    info.put("modified_time", c.getUpdatedAt());
    analytic(info);
    ArrayNode related = info.putArray("related_events");
    ArrayNode evidences = f.putArray("evidences");
    for (CaseEntry e : c.getTimeline()) {
      related.addObject().put("uid", e.getDecisionId()).put("type", "Vigil risk decision");
      ObjectNode ev = evidences.addObject();
      ObjectNode actor = ev.putObject("actor");
      actor.putObject("user").put("uid", e.getAccountId());
      actor.putObject("session").put("uid", e.getSessionId());
      ev.set("data", entryData(e));
    }
    if (c.getGroupedBy() == CaseGrouping.ACCOUNT) {
      f.putObject("actor").putObject("user").put("uid", c.getGroupKey());
    }
    ArrayNode resources = f.putArray("resources");
    for (String account : c.getAccounts()) {
      resources.addObject().put("uid", account).put("type", "Account");
    }
    ObjectNode vigil = f.putObject("unmapped").putObject("vigil");
    vigil.put("revision", c.getRevision());
    vigil.put("grouped_by", c.getGroupedBy().name());
    vigil.put("group_key", c.getGroupKey());
    vigil.put("accounts_omitted", c.getAccountsOmitted());
    vigil.put("sessions_omitted", c.getSessionsOmitted());
    vigil.put("timeline_omitted", c.getTimelineOmitted());
    ArrayNode sessions = vigil.putArray("sessions");
    c.getSessions().forEach(sessions::add);
    ObjectNode actions = vigil.putObject("actions");
    for (Map.Entry<String, Long> a : new TreeMap<>(c.getActions()).entrySet()) {
      actions.put(a.getKey(), a.getValue());
    }
    return f;
  }

  /**
   * One finding per session kill (activity Create).
   *
   * @param caseId the account case the kill belongs to, or null ({@code metadata.correlation_uid})
   */
  public ObjectNode ofKill(CaseSignal kill, String caseId) {
    String uid = kill.decisionId() + ":kill";
    ObjectNode f =
        base(1, kill.time(), severityId(CaseAssembler.severity("KILL", kill.probability())), uid);
    if (caseId != null) {
      ((ObjectNode) f.get("metadata")).put("correlation_uid", caseId);
    }
    String title = "Session killed: account " + kill.accountId() + " likely taken over";
    f.put("message", title);
    f.put("is_alert", true);
    f.put("risk_score", (int) Math.round(100 * kill.probability()));
    f.put("status_id", 1);
    f.put("status", "New");
    ObjectNode info = f.putObject("finding_info");
    info.put("uid", uid);
    info.put("title", title);
    info.put(
        "desc",
        String.format(
            Locale.ROOT,
            "Vigil ended session %s of account %s at compromise probability %.3f; evidence: %s.",
            kill.sessionId(),
            kill.accountId(),
            kill.probability(),
            kill.reasons().isEmpty() ? "none recorded" : String.join(", ", kill.reasons())));
    info.putArray("types").add("Session Kill");
    info.put("first_seen_time", kill.time());
    info.put("last_seen_time", kill.time());
    analytic(info);
    info.putArray("related_events")
        .addObject()
        .put("uid", kill.decisionId())
        .put("type", "Vigil risk decision");
    ObjectNode actor = f.putObject("actor");
    actor.putObject("user").put("uid", kill.accountId());
    actor.putObject("session").put("uid", kill.sessionId());
    ObjectNode ev = f.putArray("evidences").addObject();
    ev.putObject("actor").putObject("user").put("uid", kill.accountId());
    if (kill.sourceIp() != null) {
      ev.putObject("src_endpoint").put("ip", kill.sourceIp());
    }
    ObjectNode data = ev.putObject("data");
    data.put("action", "KILL");
    data.put("probability", kill.probability());
    ArrayNode reasons = data.putArray("reasons");
    kill.reasons().forEach(reasons::add);
    f.putArray("resources").addObject().put("uid", kill.accountId()).put("type", "Account");
    return f;
  }

  /** Compact JSON text of a finding. */
  public static String json(ObjectNode finding) {
    try {
      return JSON.writeValueAsString(finding);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree of plain values always serialises", e);
    }
  }

  /** OCSF severity_id of a case severity. */
  public static int severityId(CaseSeverity s) {
    return switch (s) {
      case INFORMATIONAL -> 1;
      case LOW -> 2;
      case MEDIUM -> 3;
      case HIGH -> 4;
      case CRITICAL -> 5;
      case OTHER -> 99;
    };
  }

  private ObjectNode base(int activity, long time, int severityId, String eventUid) {
    ObjectNode f = JSON.createObjectNode();
    f.put("class_uid", CLASS_UID);
    f.put("class_name", "Detection Finding");
    f.put("category_uid", CATEGORY_UID);
    f.put("category_name", "Findings");
    f.put("activity_id", activity);
    f.put("activity_name", activity == 1 ? "Create" : activity == 2 ? "Update" : "Close");
    f.put("type_uid", CLASS_UID * 100 + activity);
    f.put("time", time);
    f.put("severity_id", severityId);
    f.put("severity", severityName(severityId));
    ObjectNode metadata = f.putObject("metadata");
    metadata.put("version", OCSF_VERSION);
    metadata.put("uid", eventUid);
    metadata.put("log_name", "vigil.findings");
    ObjectNode product = metadata.putObject("product");
    product.put("name", "Vigil");
    product.put("vendor_name", vendorName);
    product.put("version", productVersion);
    return f;
  }

  private static void analytic(ObjectNode info) {
    info.putObject("analytic")
        .put("name", "vigil-session-risk")
        .put("type_id", 3)
        .put("type", "Statistical");
  }

  private static ObjectNode entryData(CaseEntry e) {
    ObjectNode d = JSON.createObjectNode();
    d.put("time", e.getTime());
    d.put("decision_id", e.getDecisionId());
    d.put("action", e.getAction());
    d.put("probability", e.getProbability());
    ArrayNode reasons = d.putArray("reasons");
    e.getReasons().forEach(reasons::add);
    return d;
  }

  private static String severityName(int id) {
    return switch (id) {
      case 1 -> "Informational";
      case 2 -> "Low";
      case 3 -> "Medium";
      case 4 -> "High";
      case 5 -> "Critical";
      default -> "Other";
    };
  }

  private static String type(CaseGrouping g) {
    return switch (g) {
      case ACCOUNT -> "Account Takeover";
      case NETWORK -> "Attacking Network";
      case WITHDRAWAL_ADDRESS -> "Shared Withdrawal Address";
      case OTHER -> "Other";
    };
  }

  private static String title(SecurityCase c) {
    return switch (c.getGroupedBy()) {
      case ACCOUNT -> "Suspected takeover of account " + c.getGroupKey();
      case NETWORK -> "Accounts at risk from network " + c.getGroupKey();
      case WITHDRAWAL_ADDRESS -> "Accounts at risk sharing withdrawal address " + c.getGroupKey();
      case OTHER -> "Vigil case " + c.getCaseId();
    };
  }

  private static String description(SecurityCase c) {
    return String.format(
        Locale.ROOT,
        "%d decision(s) on %d listed account(s) and %d session(s), highest compromise probability %.3f;"
            + " actions: %s.",
        c.getTimeline().size() + c.getTimelineOmitted(),
        c.getAccounts().size(),
        c.getSessions().size() + c.getSessionsOmitted(),
        c.getMaxProbability(),
        c.getActions().isEmpty() ? "none" : new TreeMap<>(c.getActions()).toString());
  }
}
