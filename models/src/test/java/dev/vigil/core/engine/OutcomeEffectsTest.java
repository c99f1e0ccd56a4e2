package dev.vigil.core.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.model.StepUpOutcomes;
import dev.vigil.core.policy.EnforcementLevel;
import dev.vigil.core.policy.PolicyNote;
import dev.vigil.core.probability.CompromiseFilter;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

class OutcomeEffectsTest {
  static final RiskModel MODEL = RiskModelLoader.defaults();

  final SessionRiskEngine engine = new SessionRiskEngine(new PopulationPrior());
  final Scored scored = new Scored();

  /** A session stepped up at the policy's step-up threshold on 2 nats of new-network evidence. */
  static SessionState steppedUp(double probability) {
    SessionState s = new SessionState();
    s.events = 5;
    s.startMillis = Events.T0;
    s.lastMillis = Events.T0 + 60_000;
    s.logOdds = CompromiseFilter.logit(probability);
    s.level = (byte) EnforcementLevel.STEP_UP.ordinal();
    s.levelSinceMillis = Events.T0 + 30_000;
    s.kindLlr[EvidenceKind.NETWORK.ordinal()] = 2f;
    return s;
  }

  static EnforcementOutcome outcome(String id, OutcomeKind kind, String factor) {
    return EnforcementOutcome.newBuilder()
        .setOutcomeId(id)
        .setSessionId("s")
        .setAccountId("acct-1")
        .setCommandId("e1:step_up")
        .setAction(kind == OutcomeKind.SESSION_ENDED ? null : CommandAction.STEP_UP)
        .setKind(kind)
        .setFactor(factor)
        .setTime(Events.T0 + 90_000)
        .setGatewayId("gw-1")
        .build();
  }

  OutcomeEffect apply(SessionState s, EnforcementOutcome o) {
    return engine.applyOutcome(new AccountProfile(), s, o, MODEL, scored);
  }

  @Test
  void aPasskeyPassLowersTheLogOddsByLnOfTwoHundredths() {
    SessionState s = steppedUp(0.5);
    double before = s.logOdds;
    assertThat(apply(s, outcome("o1", OutcomeKind.STEP_UP_PASSED, "passkey")))
        .isEqualTo(OutcomeEffect.PROBABILITY_CHANGED);
    assertThat(s.logOdds - before).isCloseTo(Math.log(0.02), within(1e-9));
    assertThat(scored.outcomeLlr()).isCloseTo(-3.912, within(1e-3));
    assertThat(scored.probability()).isLessThan(0.02).isLessThan(scored.previousProbability());
    assertThat(s.kindLlr[EvidenceKind.CHALLENGE.ordinal()]).as("a pass is no evidence").isZero();
  }

  @Test
  void anSmsPassLowersItLessThanAPasskey() {
    SessionState sms = steppedUp(0.5);
    apply(sms, outcome("o1", OutcomeKind.STEP_UP_PASSED, "sms"));
    SessionState passkey = steppedUp(0.5);
    apply(passkey, outcome("o1", OutcomeKind.STEP_UP_PASSED, "passkey"));
    assertThat(sms.logOdds).isCloseTo(Math.log(0.25), within(1e-9)).isGreaterThan(passkey.logOdds);
  }

  @Test
  void theSameFactorCountsOncePerSession() {
    SessionState s = steppedUp(0.5);
    apply(s, outcome("o1", OutcomeKind.STEP_UP_PASSED, "totp"));
    double afterFirst = s.logOdds;
    assertThat(apply(s, outcome("o2", OutcomeKind.STEP_UP_PASSED, "totp")))
        .isEqualTo(OutcomeEffect.RECORDED);
    assertThat(s.logOdds).isEqualTo(afterFirst);
    assertThat(apply(s, outcome("o3", OutcomeKind.STEP_UP_PASSED, "passkey")))
        .as("another factor still counts")
        .isEqualTo(OutcomeEffect.PROBABILITY_CHANGED);
  }

  @Test
  void aPassWithTheSessionsSuspectFactorCountsNothingButAPasskeyDoes() {
    // Second factor passed from a new network: the factor may be the attacker's (a phished code).
    SessionState s = steppedUp(0.5);
    s.mfaPassed = true;
    double before = s.logOdds;
    assertThat(apply(s, outcome("o1", OutcomeKind.STEP_UP_PASSED, "sms")))
        .isEqualTo(OutcomeEffect.RECORDED);
    assertThat(s.logOdds).isEqualTo(before);
    assertThat(apply(s, outcome("o2", OutcomeKind.STEP_UP_PASSED, "passkey")))
        .isEqualTo(OutcomeEffect.PROBABILITY_CHANGED);
    assertThat(s.logOdds - before).isCloseTo(Math.log(0.02), within(1e-9));
  }

  @Test
  void aFailedStepUpAtTheStepUpThresholdKills() {
    SessionState s = steppedUp(MODEL.policy.stepUpEnter);
    assertThat(apply(s, outcome("o1", OutcomeKind.STEP_UP_FAILED, "totp")))
        .isEqualTo(OutcomeEffect.PROBABILITY_CHANGED);
    assertThat(scored.outcomeLlr()).isCloseTo(Math.log(200), within(1e-9));
    assertThat(scored.probability()).isGreaterThanOrEqualTo(MODEL.policy.killEnter);
    assertThat(s.kindLlr[EvidenceKind.CHALLENGE.ordinal()]).isCloseTo(5.298f, within(1e-3f));
    assertThat(s.level).isEqualTo((byte) EnforcementLevel.KILLED.ordinal());
    assertThat(scored.decision().actionCount()).isEqualTo(1);
    assertThat(scored.decision().action(0)).isEqualTo(CommandAction.KILL);
  }

  @Test
  void anAbandonedStepUpKillsLikeAFailedOne() {
    SessionState s = steppedUp(MODEL.policy.stepUpEnter);
    apply(s, outcome("o1", OutcomeKind.STEP_UP_ABANDONED, null));
    assertThat(s.level).isEqualTo((byte) EnforcementLevel.KILLED.ordinal());
  }

  @Test
  void aFailedStepUpAloneIsOneKindOfEvidenceAndDoesNotKill() {
    SessionState s = steppedUp(MODEL.policy.stepUpEnter);
    s.kindLlr[EvidenceKind.NETWORK.ordinal()] = 0f;
    apply(s, outcome("o1", OutcomeKind.STEP_UP_FAILED, "sms"));
    assertThat(scored.probability()).isGreaterThanOrEqualTo(MODEL.policy.killEnter);
    assertThat(s.level).isEqualTo((byte) EnforcementLevel.STEP_UP.ordinal());
    assertThat(scored.decision().hasNote(PolicyNote.KILL_WITHHELD_SINGLE_KIND)).isTrue();
  }

  @Test
  void aReSentOutcomeHasNoSecondEffect() {
    SessionState s = steppedUp(0.5);
    EnforcementOutcome o = outcome("o1", OutcomeKind.STEP_UP_FAILED, "totp");
    apply(s, o);
    double once = s.logOdds;
    float challenge = s.kindLlr[EvidenceKind.CHALLENGE.ordinal()];
    assertThat(apply(s, o)).isEqualTo(OutcomeEffect.DUPLICATE);
    assertThat(s.logOdds).isEqualTo(once);
    assertThat(s.kindLlr[EvidenceKind.CHALLENGE.ordinal()]).isEqualTo(challenge);
  }

  @Test
  void outcomeMemoryIsBoundedToTheLastEightIds() {
    SessionState s = steppedUp(0.5);
    for (int i = 0; i < 20; i++) {
      apply(s, outcome("applied-" + i, OutcomeKind.APPLIED, null));
    }
    assertThat(s.outcomeIds).hasSize(SessionState.OUTCOME_IDS);
    assertThat(apply(s, outcome("applied-19", OutcomeKind.APPLIED, null)))
        .isEqualTo(OutcomeEffect.DUPLICATE);
    assertThat(apply(s, outcome("applied-0", OutcomeKind.APPLIED, null)))
        .as("forgotten after eight newer ones")
        .isEqualTo(OutcomeEffect.RECORDED);
  }

  @Test
  void anEndedSessionAndAnAppliedKillEndTheSessionOtherCommandsAreOnlyRecorded() {
    assertThat(apply(steppedUp(0.5), outcome("o1", OutcomeKind.SESSION_ENDED, null)))
        .isEqualTo(OutcomeEffect.SESSION_ENDED);
    EnforcementOutcome kill = outcome("o2", OutcomeKind.APPLIED, null);
    kill.setAction(CommandAction.KILL);
    assertThat(apply(steppedUp(0.5), kill)).isEqualTo(OutcomeEffect.SESSION_ENDED);
    SessionState s = steppedUp(0.5);
    double before = s.logOdds;
    assertThat(apply(s, outcome("o3", OutcomeKind.APPLIED, null)))
        .isEqualTo(OutcomeEffect.RECORDED);
    assertThat(apply(s, outcome("o4", OutcomeKind.REJECTED, null)))
        .isEqualTo(OutcomeEffect.RECORDED);
    assertThat(apply(s, outcome("o5", OutcomeKind.OTHER, null))).isEqualTo(OutcomeEffect.RECORDED);
    assertThat(s.logOdds).isEqualTo(before);
    assertThat(OutcomeEffects.code(kill)).isEqualTo("kill_applied");
  }

  @Test
  void theAuditReasonNamesTheOutcomeAndItsRatio() {
    var reason =
        OutcomeEffects.reason(outcome("o1", OutcomeKind.STEP_UP_PASSED, "passkey"), Math.log(0.02));
    assertThat(reason.getCode()).isEqualTo("step_up_passed");
    assertThat(reason.getLogLikelihoodRatio()).isCloseTo(Math.log(0.02), within(1e-12));
    assertThat(reason.getValues())
        .containsEntry("factor", "passkey")
        .containsEntry("likelihood_ratio", "0.02000");
    assertThat(reason.getText()).contains("passkey").contains("0.02");
  }

  @Test
  void theModelFilesSectionOverridesTheDefaultRatios() throws Exception {
    assertThat(MODEL.stepUpOutcomes).isSameAs(StepUpOutcomes.DEFAULTS);
    RiskModel custom =
        withSection(
            "{\"passkey\":0.05,\"totp\":0.2,\"emailLink\":0.2,"
                + "\"sms\":0.5,\"otherFactor\":1,\"failed\":50,\"abandoned\":10}");
    assertThat(custom.stepUpOutcomes.passedPasskey).isEqualTo(0.05);
    assertThat(custom.stepUpOutcomes.abandoned).isEqualTo(10);
    SessionState s = steppedUp(0.5);
    double before = s.logOdds;
    engine.applyOutcome(
        new AccountProfile(),
        s,
        outcome("o1", OutcomeKind.STEP_UP_PASSED, "passkey"),
        custom,
        scored);
    assertThat(s.logOdds - before).isCloseTo(Math.log(0.05), within(1e-9));
    assertThatThrownBy(
            () ->
                withSection(
                    "{\"passkey\":0,\"totp\":0.2,\"emailLink\":0.2,"
                        + "\"sms\":0.5,\"otherFactor\":1,\"failed\":50,\"abandoned\":10}"))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("stepUpOutcomes.passkey");
    assertThatThrownBy(
            () ->
                withSection(
                    "{\"passkey\":0.1,\"totp\":0.2,\"emailLink\":0.2,"
                        + "\"sms\":0.5,\"otherFactor\":1,\"failed\":0.5,\"abandoned\":10}"))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("stepUpOutcomes.failed");
  }

  static RiskModel withSection(String section) throws Exception {
    ObjectMapper json = new ObjectMapper();
    ObjectNode root;
    try (InputStream in =
        RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
      root = (ObjectNode) json.readTree(in);
    }
    root.set("stepUpOutcomes", json.readTree(section));
    return RiskModelLoader.parse(json.writeValueAsBytes(root));
  }

  @Test
  void challengeIsTheLastKindTheSessionCounts() {
    assertThat(EvidenceKind.CHALLENGE.ordinal()).isEqualTo(SessionState.EVIDENCE_KINDS - 1);
  }
}
