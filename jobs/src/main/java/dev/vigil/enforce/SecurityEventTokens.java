package dev.vigil.enforce;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.schema.SessionCommand;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * Builds OpenID Continuous Access Evaluation Profile events as Security Event Tokens (RFC 8417),
 * following the Shared Signals Framework 1.0: the subject goes in the top-level {@code sub_id}
 * claim (a complex subject of session and user, RFC 9493 opaque identifiers), never in {@code sub};
 * there is no {@code exp}, since a SET records a fact and does not expire; {@code jti} is derived
 * from the command id, so a redelivered command gives the same token and receivers drop the repeat.
 * Tokens are JWS compact serialisations with {@code typ: secevent+jwt}.
 *
 * <ul>
 *   <li>KILL: {@code session-revoked};
 *   <li>STEP_UP: {@code assurance-level-change} to NIST AAL2 (or AAL3), direction increase;
 *   <li>a change of the session's risk band: {@code risk-level-change}.
 * </ul>
 *
 * HOLD_WITHDRAWALS has no counterpart: CAEP's events are about sessions, credentials, tokens,
 * devices and assurance (CAEP 1.0, section 3), not about an account's payouts, and the hold is
 * enforced by the exchange's wallet service, which reads the command topic; the session's risk band
 * change that usually comes with it is sent as {@code risk-level-change}. A STEP_UP that names its
 * factors ({@code acceptedFactors}) carries them in {@code reason_admin}.
 */
public final class SecurityEventTokens {
  public static final String CAEP = "https://schemas.openid.net/secevent/caep/event-type/";
  public static final String SESSION_REVOKED = CAEP + "session-revoked";
  public static final String ASSURANCE_LEVEL_CHANGE = CAEP + "assurance-level-change";
  public static final String RISK_LEVEL_CHANGE = CAEP + "risk-level-change";

  /** The risk bands of CAEP's risk-level-change. */
  public enum RiskLevel {
    LOW,
    MEDIUM,
    HIGH
  }

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

  private final String issuer;
  private final String audience;
  private final JwsSigner signer;

  /**
   * @param issuer the {@code iss} claim: Vigil's issuer URL at this exchange
   * @param audience the {@code aud} claim: the receiver, or null
   */
  public SecurityEventTokens(String issuer, String audience, JwsSigner signer) {
    this.issuer = issuer;
    this.audience = audience;
    this.signer = signer;
  }

  /** The SET for a command, or null when the command has no CAEP counterpart (timeouts, limits). */
  public String forCommand(SessionCommand command) {
    ObjectNode claims = claimsForCommand(command);
    return claims == null ? null : sign(claims);
  }

  /** The claims of the SET for a command, or null; exposed for review and tests. */
  public ObjectNode claimsForCommand(SessionCommand command) {
    ObjectNode event = JSON.createObjectNode();
    event.put("event_timestamp", command.getIssuedAt() / 1000);
    event.put("initiating_entity", "policy");
    String type;
    switch (command.getAction()) {
      case KILL -> {
        type = SESSION_REVOKED;
        event.putObject("reason_admin").put("en", reasonText(command));
      }
      case STEP_UP -> {
        type = ASSURANCE_LEVEL_CHANGE;
        event.put("namespace", "NIST-AAL");
        event.put("current_level", "nist-aal2");
        event.put("change_direction", "increase");
        List<String> factors =
            command.getParameters() == null ? null : command.getParameters().getAcceptedFactors();
        event
            .putObject("reason_admin")
            .put(
                "en",
                factors == null
                    ? reasonText(command)
                    : reasonText(command) + "; accepted factors: " + String.join(", ", factors));
      }
      default -> {
        // SET_TIMEOUT, SET_RATE_LIMIT, HOLD_WITHDRAWALS (see the class comment), OTHER.
        return null;
      }
    }
    return envelope(
        "set-" + command.getCommandId(),
        command.getIssuedAt(),
        command.getSessionId(),
        command.getAccountId(),
        type,
        event);
  }

  /** A risk-level-change SET for a session whose risk band moved. */
  public String riskLevelChange(
      String jti,
      long eventTimeMillis,
      String sessionId,
      String accountId,
      RiskLevel previous,
      RiskLevel current,
      String reason) {
    return sign(
        riskLevelChangeClaims(
            jti, eventTimeMillis, sessionId, accountId, previous, current, reason));
  }

  /** The claims of {@link #riskLevelChange}. */
  public ObjectNode riskLevelChangeClaims(
      String jti,
      long eventTimeMillis,
      String sessionId,
      String accountId,
      RiskLevel previous,
      RiskLevel current,
      String reason) {
    ObjectNode event = JSON.createObjectNode();
    event.put("event_timestamp", eventTimeMillis / 1000);
    event.put("principal", "SESSION");
    event.put("current_level", current.name());
    if (previous != null) {
      event.put("previous_level", previous.name());
    }
    event.put("risk_reason", reason);
    return envelope(jti, eventTimeMillis, sessionId, accountId, RISK_LEVEL_CHANGE, event);
  }

  /** The band of a compromise probability: below {@code medium} LOW, from {@code high} HIGH. */
  public static RiskLevel levelOf(double probability, double medium, double high) {
    return probability >= high
        ? RiskLevel.HIGH
        : probability >= medium ? RiskLevel.MEDIUM : RiskLevel.LOW;
  }

  private ObjectNode envelope(
      String jti,
      long issuedAtMillis,
      String sessionId,
      String accountId,
      String type,
      ObjectNode event) {
    ObjectNode set = JSON.createObjectNode();
    set.put("iss", issuer);
    set.put("jti", jti);
    set.put("iat", issuedAtMillis / 1000);
    if (audience != null) {
      set.put("aud", audience);
    }
    ObjectNode subject = set.putObject("sub_id");
    subject.put("format", "complex");
    subject.putObject("session").put("format", "opaque").put("id", sessionId);
    subject.putObject("user").put("format", "opaque").put("id", accountId);
    set.putObject("events").set(type, event);
    return set;
  }

  private static String reasonText(SessionCommand command) {
    String reasons =
        command.getReasons().isEmpty()
            ? "risk policy"
            : command.getReasons().stream()
                .limit(3)
                .map(r -> r.getText())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    return String.format(
        Locale.ROOT, "compromise probability %.2f: %s", command.getProbability(), reasons);
  }

  /** Signs the claims as a compact JWS. */
  public String sign(ObjectNode claims) {
    ObjectNode header = JSON.createObjectNode();
    header.put("alg", signer.algorithm());
    header.put("typ", "secevent+jwt");
    if (signer.keyId() != null) {
      header.put("kid", signer.keyId());
    }
    try {
      String input =
          B64.encodeToString(JSON.writeValueAsBytes(header))
              + "."
              + B64.encodeToString(JSON.writeValueAsBytes(claims));
      return input
          + "."
          + B64.encodeToString(signer.sign(input.getBytes(StandardCharsets.US_ASCII)));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
