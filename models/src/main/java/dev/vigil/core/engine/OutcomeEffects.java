package dev.vigil.core.engine;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.StepUpOutcomes;
import dev.vigil.core.policy.EscalationPolicy;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.Reason;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The likelihood logic of the gateway's outcomes: how far each moves a session's log-odds (the
 * ratios and their basis are {@link StepUpOutcomes}'s), which ones end the session, and the reason
 * each gets in the audit trail. Pure functions of the session and the outcome; O(1).
 *
 * <ul>
 *   <li>{@code STEP_UP_PASSED}: {@code ln(ratio of the factor)}, e.g. ln(0.02) = -3.91 for a
 *       passkey; 0 when the factor already counted in this session, or when the session's own
 *       second factor was suspect ({@link EscalationPolicy#factorSuspect}) and the pass did not use
 *       one of {@link EscalationPolicy#OTHER_FACTORS};
 *   <li>{@code STEP_UP_FAILED}, {@code STEP_UP_ABANDONED}: {@code ln(failed)}, {@code
 *       ln(abandoned)} (ln 200 = +5.30 by default), also added to the session's CHALLENGE evidence
 *       kind (by the engine);
 *   <li>{@code SESSION_ENDED}, and {@code APPLIED} with action KILL: end the session;
 *   <li>{@code APPLIED} otherwise, {@code REJECTED}, {@code OTHER}: recorded only.
 * </ul>
 */
public final class OutcomeEffects {
  private static final int OTHER_FACTOR_BITS = StepUpOutcomes.PASSKEY | StepUpOutcomes.EMAIL_LINK;

  private OutcomeEffects() {}

  /** Whether the outcome ends its session: the gateway ended it, or applied a kill. */
  public static boolean endsSession(EnforcementOutcome o) {
    return o.getKind() == OutcomeKind.SESSION_ENDED
        || (o.getKind() == OutcomeKind.APPLIED && o.getAction() == CommandAction.KILL);
  }

  /**
   * The outcome's log-likelihood ratio for the session, 0 when it counts nothing; a pass that
   * counts marks its factor in {@code s.stepUpFactorsPassed}.
   */
  public static double llr(SessionState s, EnforcementOutcome o, RiskModel model) {
    StepUpOutcomes ratios = model.stepUpOutcomes;
    switch (o.getKind()) {
      case STEP_UP_PASSED -> {
        int bit = StepUpOutcomes.factorBit(o.getFactor());
        if ((s.stepUpFactorsPassed & bit) != 0) {
          return 0;
        }
        if ((bit & OTHER_FACTOR_BITS) == 0
            && EscalationPolicy.factorSuspect(s, model.policy.response)) {
          return 0;
        }
        s.stepUpFactorsPassed |= (byte) bit;
        return Math.log(ratios.passed(bit));
      }
      case STEP_UP_FAILED -> {
        return Math.log(ratios.failed);
      }
      case STEP_UP_ABANDONED -> {
        return Math.log(ratios.abandoned);
      }
      default -> {
        return 0;
      }
    }
  }

  /** The audit trail's code of an outcome. */
  public static String code(EnforcementOutcome o) {
    return switch (o.getKind()) {
      case STEP_UP_PASSED -> "step_up_passed";
      case STEP_UP_FAILED -> "step_up_failed";
      case STEP_UP_ABANDONED -> "step_up_abandoned";
      case SESSION_ENDED -> "session_ended_by_gateway";
      case APPLIED -> o.getAction() == CommandAction.KILL ? "kill_applied" : "command_applied";
      case REJECTED -> "command_rejected";
      default -> "outcome_other";
    };
  }

  /**
   * The outcome as the audit trail's reason: its code, the LLR applied, a plain-words text and the
   * outcome's facts (kind, command, action, factor, rejection, gateway; never a secret: the
   * gateway's free-text detail is not copied).
   */
  public static Reason reason(EnforcementOutcome o, double llr) {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("outcome_id", o.getOutcomeId());
    values.put("kind", o.getKind().name());
    if (o.getCommandId() != null) {
      values.put("command_id", o.getCommandId());
    }
    if (o.getAction() != null) {
      values.put("action", o.getAction().name());
    }
    if (o.getFactor() != null) {
      values.put("factor", o.getFactor());
    }
    if (o.getRejection() != null) {
      values.put("rejection", o.getRejection().name());
    }
    values.put("gateway_id", o.getGatewayId());
    values.put("likelihood_ratio", String.format(Locale.ROOT, "%.4g", Math.exp(llr)));
    return Reason.newBuilder()
        .setCode(code(o))
        .setLogLikelihoodRatio(llr)
        .setText(text(o, llr))
        .setValues(values)
        .build();
  }

  private static String text(EnforcementOutcome o, double llr) {
    String factor = o.getFactor() == null ? "an unnamed factor" : o.getFactor();
    String ratio = String.format(Locale.ROOT, "likelihood ratio %.3g", Math.exp(llr));
    return switch (o.getKind()) {
      case STEP_UP_PASSED ->
          llr == 0
              ? "the step-up was passed with "
                  + factor
                  + ", which counts nothing here (already counted in this session, or the"
                  + " session's own factor was suspect)"
              : "the step-up was passed with " + factor + ": " + ratio;
      case STEP_UP_FAILED -> "the step-up was failed with " + factor + ": " + ratio;
      case STEP_UP_ABANDONED -> "the step-up went unanswered: " + ratio;
      case SESSION_ENDED -> "the gateway ended the session; its state is cleared";
      case APPLIED ->
          o.getAction() == CommandAction.KILL
              ? "the gateway applied the kill; the session's state is cleared"
              : "the gateway applied the command";
      case REJECTED -> "the gateway rejected the command";
      default ->
          "an outcome of kind OTHER (nothing changed at the gateway, or a kind this version does"
              + " not know): no effect";
    };
  }
}
