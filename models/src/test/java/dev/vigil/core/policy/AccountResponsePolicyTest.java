package dev.vigil.core.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.AccountResponseRules;
import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.CommandAction;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link AccountResponsePolicy} on hand-set sessions: which account commands each rule gives, that
 * one incident gives each once, and the re-arm after {@code rearmSeconds}.
 */
class AccountResponsePolicyTest {
  private static final RiskModel M = RiskModelLoader.defaults();
  private static final long T = 1_767_225_600_000L;
  private static final long HOUR = 3_600_000L;

  private final AccountResponsePolicy policy = new AccountResponsePolicy();
  private final AccountProfile account = new AccountProfile();

  @Test
  void aKillOfASessionThatWithdrewLogsOutEverywhereAndHoldsTheAccountOncePerIncident() {
    SessionState first = new SessionState();
    first.sensitiveUsed = true;
    Decision d = killed();

    policy.decide(input(M, first, 0.99, T), d);

    AccountActions a = d.account();
    assertThat(actions(a))
        .containsExactly(CommandAction.KILL_ALL_SESSIONS, CommandAction.HOLD_WITHDRAWALS);
    assertThat(a.rule(0)).isEqualTo(AccountRule.KILLED_WITH_WITHDRAWAL_RIGHTS);
    assertThat(a.sequence(0)).isEqualTo(1);
    assertThat(a.sequence(1)).isEqualTo(2);
    // valid for the longest permitted session lifetime (AAL2's 24 h here) or the re-arm time
    assertThat(a.validSeconds(0)).isEqualTo(86_400);
    assertThat(a.holdSeconds(1)).isEqualTo(604_800);
    assertThat(a.validSeconds(1)).isEqualTo(604_800);
    assertThat(a.value(0)).isEqualTo(0.99);

    // A second session of the same incident, killed an hour later: nothing more for the account.
    SessionState second = new SessionState();
    second.sensitiveUsed = true;
    Decision d2 = killed();
    policy.decide(input(M, second, 0.99, T + HOUR), d2);
    assertThat(d2.account().count()).isZero();

    // A day later it is a new incident.
    Decision d3 = killed();
    policy.decide(input(M, second, 0.99, T + 24 * HOUR), d3);
    assertThat(actions(d3.account()))
        .containsExactly(CommandAction.KILL_ALL_SESSIONS, CommandAction.HOLD_WITHDRAWALS);
    assertThat(d3.account().sequence(0)).isEqualTo(3);
    assertThat(account.accountCommandSequence).isEqualTo(4);
  }

  @Test
  void aKillOfASessionThatAddedAWithdrawalAddressCountsAsWithdrawalRights() {
    SessionState s = new SessionState();
    s.addressWhitelistedHere = true;
    Decision d = killed();

    policy.decide(input(M, s, 0.97, T), d);

    assertThat(actions(d.account()))
        .containsExactly(CommandAction.KILL_ALL_SESSIONS, CommandAction.HOLD_WITHDRAWALS);
  }

  @Test
  void aKillOfASessionThatNeverTouchedFundsOrSecurityIsTheSessionsAlone() {
    Decision d = killed();

    policy.decide(input(M, new SessionState(), 0.99, T), d);

    assertThat(d.account().count()).isZero();
    assertThat(account.accountCommandSequence).isZero();
  }

  @Test
  void withoutAKillWithdrawalRightsGiveNoAccountCommand() {
    SessionState s = new SessionState();
    s.sensitiveUsed = true;
    s.securityChangeMillis = T - 60_000;
    Decision d = new Decision();
    d.stepUp();

    policy.decide(input(M, s, 0.5, T), d);

    assertThat(d.account().count()).isZero();
  }

  @Test
  void aSecurityChangeFollowedByAKillRequiresReverificationOnce() {
    SessionState s = new SessionState();
    s.securityChangeMillis = T - 120_000;
    Decision d = killed();

    policy.decide(input(M, s, 0.98, T), d);

    assertThat(actions(d.account())).containsExactly(CommandAction.REQUIRE_REVERIFICATION);
    assertThat(d.account().rule(0)).isEqualTo(AccountRule.SECURITY_CHANGE_THEN_KILL);
    assertThat(d.account().validSeconds(0)).isEqualTo(86_400);

    SessionState other = new SessionState();
    other.securityChangeMillis = T;
    Decision again = killed();
    policy.decide(input(M, other, 0.98, T + HOUR), again);
    assertThat(again.account().count()).isZero();
  }

  @Test
  void aKeyInTwoPlacesIsRevokedOnceWhenTheSessionReachesTheStepUpLevel() {
    SessionState s = new SessionState();
    s.keyOverlaps = 3;
    long key = Hashing.of("ak_bot");

    Decision below = new Decision();
    policy.decide(keyed(input(M, s, 0.05, T), key), below);
    assertThat(below.account().count()).as("P 0.05 < revokeKeyEnter 0.1").isZero();

    Decision at = new Decision();
    policy.decide(keyed(input(M, s, 0.1, T + 1_000), key), at);
    assertThat(actions(at.account())).containsExactly(CommandAction.REVOKE_API_KEY);
    assertThat(at.account().rule(0)).isEqualTo(AccountRule.KEY_IN_TWO_PLACES);
    assertThat(at.account().value(0)).isEqualTo(3.0);
    assertThat(at.account().sequence(0)).isEqualTo(1);

    Decision same = new Decision();
    policy.decide(keyed(input(M, s, 0.9, T + 2_000), key), same);
    assertThat(same.account().count()).as("the same key, same incident").isZero();

    Decision other = new Decision();
    policy.decide(keyed(input(M, s, 0.9, T + 3_000), Hashing.of("ak_other")), other);
    assertThat(actions(other.account())).containsExactly(CommandAction.REVOKE_API_KEY);

    Decision unkeyed = new Decision();
    policy.decide(input(M, s, 0.9, T + 4_000), unkeyed);
    assertThat(unkeyed.account().count()).isZero();
  }

  @Test
  void twoOverlapsAreNotAKeyInTwoPlaces() {
    SessionState s = new SessionState();
    s.keyOverlaps = 2;
    Decision d = new Decision();

    policy.decide(keyed(input(M, s, 0.9, T), Hashing.of("ak_bot")), d);

    assertThat(d.account().count()).isZero();
  }

  @Test
  void theHookRequiresReverificationOnAListedEvidenceCodeOnly() throws Exception {
    RiskModel hooked = withAccount("{\"reverifyOnEvidence\": [\"session_burst\"]}");
    EvidenceBuffer ev = new EvidenceBuffer();
    ev.add(EvidenceCode.NEW_NETWORK, 2.0, 0, 0, 0);
    ev.add(EvidenceCode.SESSION_BURST, 1.5, 9, 600, 4);

    Decision plain = new Decision();
    PolicyInput unhooked = input(M, new SessionState(), 0.01, T);
    unhooked.evidence = ev;
    policy.decide(unhooked, plain);
    assertThat(plain.account().count()).as("no code listed by default").isZero();

    Decision d = new Decision();
    PolicyInput in = input(hooked, new SessionState(), 0.01, T);
    in.evidence = ev;
    policy.decide(in, d);
    assertThat(actions(d.account())).containsExactly(CommandAction.REQUIRE_REVERIFICATION);
    assertThat(d.account().rule(0)).isEqualTo(AccountRule.EVIDENCE_HOOK);
    assertThat(d.account().hookCode()).isEqualTo(EvidenceCode.SESSION_BURST);
    assertThat(d.account().value(0)).isEqualTo(1.5);
  }

  @Test
  void aStuffingSuccessThatReachedStepUpRequiresReverificationOnce() {
    SessionState s = new SessionState();
    s.scoredSignals = 1 | (1 << 6);

    Decision d = new Decision();
    policy.decide(input(M, s, 0.2, T), d);
    assertThat(actions(d.account())).containsExactly(CommandAction.REQUIRE_REVERIFICATION);
    assertThat(d.account().rule(0)).isEqualTo(AccountRule.STUFFING_SUCCESS);
    assertThat(d.account().value(0)).isEqualTo(0.2);

    Decision again = new Decision();
    policy.decide(input(M, s, 0.3, T + 60_000), again);
    assertThat(again.account().count()).as("one incident, one re-verification").isZero();
  }

  @Test
  void aStuffingSuccessBelowStepUpOrAWaveWithoutSuccessRequiresNothing() throws Exception {
    SessionState success = new SessionState();
    success.scoredSignals = 1 | (1 << 7);
    Decision low = new Decision();
    policy.decide(input(M, success, 0.05, T), low);
    assertThat(low.account().count()).as("the wave alone, P below step-up").isZero();

    SessionState waveOnly = new SessionState();
    waveOnly.scoredSignals = 1 | 2;
    Decision plain = new Decision();
    policy.decide(input(M, waveOnly, 0.9, T), plain);
    assertThat(plain.account().count()).as("a network in a wave, no success").isZero();

    RiskModel off = withAccount("{\"reverifyOnStuffingSuccess\": false}");
    Decision d = new Decision();
    policy.decide(input(off, success, 0.9, T), d);
    assertThat(d.account().count()).as("switched off").isZero();
  }

  @Test
  void disabledItIssuesNothing() throws Exception {
    RiskModel off = withAccount("{\"enabled\": false}");
    SessionState s = new SessionState();
    s.sensitiveUsed = true;
    s.securityChangeMillis = T;
    Decision d = killed();

    policy.decide(input(off, s, 0.99, T), d);

    assertThat(d.account().count()).isZero();
  }

  @Test
  void aSessionKilledBeforeThisEventDecidesNothingMore() {
    SessionState s = new SessionState();
    s.level = (byte) EnforcementLevel.KILLED.ordinal();
    s.sensitiveUsed = true;
    s.keyOverlaps = 3;
    Decision d = new Decision();

    policy.decide(keyed(input(M, s, 0.99, T), Hashing.of("ak_bot")), d);

    assertThat(d.account().count()).isZero();
  }

  @Test
  void anUnknownHookCodeOrAnOutOfRangeSettingFailsTheModelLoadByName() {
    assertThatThrownBy(() -> withAccount("{\"reverifyOnEvidence\": [\"stuffing_wave\"]}"))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("policy.account.reverifyOnEvidence[0]")
        .hasMessageContaining("stuffing_wave");
    assertThatThrownBy(() -> withAccount("{\"holdSeconds\": 60}"))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("policy.account.holdSeconds");
    assertThatThrownBy(() -> withAccount("{\"rearmSecs\": 600}"))
        .isInstanceOf(ModelValidationException.class)
        .hasMessageContaining("policy.account.rearmSecs");
    assertThat(M.policy.account).isSameAs(AccountResponseRules.DEFAULTS);
  }

  private PolicyInput input(RiskModel model, SessionState s, double p, long t) {
    PolicyInput in =
        new PolicyInput().set(account, s, model, p, t, SessionKind.HUMAN, false, Double.NaN);
    in.apiKey = Hashing.ABSENT;
    in.evidence = new EvidenceBuffer();
    return in;
  }

  private static PolicyInput keyed(PolicyInput in, long key) {
    in.apiKey = key;
    return in;
  }

  private static Decision killed() {
    Decision d = new Decision();
    d.kill();
    return d;
  }

  private static List<CommandAction> actions(AccountActions a) {
    List<CommandAction> out = new ArrayList<>();
    for (int i = 0; i < a.count(); i++) {
      out.add(a.action(i));
    }
    return out;
  }

  /** The default model with {@code policy.account} set to {@code json}. */
  static RiskModel withAccount(String json) throws Exception {
    ObjectMapper mapper = new ObjectMapper();
    ObjectNode root;
    try (InputStream in =
        RiskModelLoader.class.getResourceAsStream(RiskModelLoader.DEFAULT_RESOURCE)) {
      root = (ObjectNode) mapper.readTree(in);
    }
    ((ObjectNode) root.get("policy")).set("account", mapper.readTree(json));
    return RiskModelLoader.parse(mapper.writeValueAsBytes(root));
  }
}
