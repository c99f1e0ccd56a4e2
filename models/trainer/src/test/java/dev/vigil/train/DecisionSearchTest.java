package dev.vigil.train;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.probability.CompromiseFilter;
import dev.vigil.train.EvidenceReplay.SessionRow;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecisionSearchTest {
  private static final RiskModel MODEL = RiskModelLoader.defaults();
  private static final long SEED = 3;

  @Test
  void theSurrogateRunsTheEnginesFilterOverTheRecordedTerms() {
    // 40 plain requests, then one term of 8 nats: the filter's own recursion, step by step.
    SessionRow row = row("a", true, 40, SessionTrace.ATTACKER, EvidenceCode.NEW_NETWORK, 8.0);
    double l = CompromiseFilter.logit(MODEL.filter.priorProbability);
    for (int i = 0; i < 40; i++) {
      l = CompromiseFilter.step(l, 0, MODEL.filter);
    }
    l = CompromiseFilter.step(l, 8.0, MODEL.filter);
    boolean expected = l >= CompromiseFilter.logit(MODEL.policy.stepUpEnter);
    assertThat(expected).as("the fixture crosses the step-up threshold").isTrue();

    DecisionSearch.Score ones = DecisionSearch.score(List.of(row), weights(1.0), 0, MODEL);
    assertThat(ones.acted()).isEqualTo(1);
    DecisionSearch.Score halved = DecisionSearch.score(List.of(row), weights(0.5), 0, MODEL);
    assertThat(halved.acted()).as("4 nats do not reach the step-up threshold").isZero();
    DecisionSearch.Score shifted = DecisionSearch.score(List.of(row), weights(0.5), 4.5, MODEL);
    assertThat(shifted.acted()).as("the map's intercept moves the operating point").isEqualTo(1);
  }

  @Test
  void anActionBeforeTheTakeoverIsNotInTimeAndAHoldNeedsAWithdrawalToANewAddress() {
    SessionRow owner = row("h", true, 0, (byte) 0, EvidenceCode.NEW_NETWORK, 8.0);
    assertThat(DecisionSearch.score(List.of(owner), weights(1), 0, MODEL).acted()).isZero();
    // 5 nats: below step-up (P 0.1), above the hold threshold (P 0.02).
    SessionRow plain = row("p", true, 0, SessionTrace.ATTACKER, EvidenceCode.NEW_NETWORK, 5.5);
    SessionRow cashOut =
        row(
            "c",
            true,
            0,
            (byte) (SessionTrace.ATTACKER | SessionTrace.HOLDABLE),
            EvidenceCode.NEW_NETWORK,
            5.5);
    assertThat(DecisionSearch.score(List.of(plain), weights(1), 0, MODEL).acted()).isZero();
    assertThat(DecisionSearch.score(List.of(cashOut), weights(1), 0, MODEL).acted()).isEqualTo(1);
  }

  @Test
  void theSearchDropsATermThatOnlyHarmsOwnersAndKeepsTheOneThatCatchesAttackers() {
    List<SessionRow> rows = new ArrayList<>();
    for (int i = 0; rows.size() < 40; i++) {
      String id = "s" + i;
      if (CombinationFit.part(SEED, id, 0.4) != 0) {
        continue; // only training rows are searched on
      }
      boolean attacked = rows.size() % 2 == 0;
      rows.add(
          attacked
              ? row(id, true, 3, SessionTrace.ATTACKER, EvidenceCode.ENDPOINT_MIX, 8.0)
              : row(id, false, 3, (byte) 0, EvidenceCode.UNUSUAL_HOUR, 8.0));
    }
    boolean[] movable = new boolean[EvidenceReplay.CODES];
    movable[EvidenceCode.ENDPOINT_MIX.ordinal()] = true;
    movable[EvidenceCode.UNUSUAL_HOUR.ordinal()] = true;

    DecisionSearch.Result r = DecisionSearch.search(rows, movable, MODEL, SEED, 0.4);

    assertThat(r.base().acted()).isEqualTo(20);
    assertThat(r.base().harmed()).isEqualTo(20);
    assertThat(r.best().acted()).isEqualTo(20);
    assertThat(r.best().harmed()).isZero();
    assertThat(r.weights()[EvidenceCode.UNUSUAL_HOUR.ordinal()]).isEqualTo(0.0);
    assertThat(r.weights()[EvidenceCode.ENDPOINT_MIX.ordinal()]).isEqualTo(1.0);
    assertThat(r.weights()[EvidenceCode.NEW_NETWORK.ordinal()]).as("not movable").isEqualTo(1.0);
    assertThat(r.shift()).isEqualTo(0.0);
  }

  private static SessionRow row(
      String id, boolean attacked, int gap, byte flags, EvidenceCode code, double llr) {
    SessionRow r = new SessionRow(id, 0);
    r.attacked = attacked;
    r.trace = new SessionTrace();
    EvidenceBuffer none = new EvidenceBuffer();
    for (int i = 0; i < gap; i++) {
      r.trace.add(none, (byte) 0);
    }
    EvidenceBuffer ev = new EvidenceBuffer();
    ev.add(code, llr, Double.NaN, Double.NaN, Double.NaN);
    r.trace.add(ev, flags);
    return r;
  }

  private static double[] weights(double w) {
    double[] a = new double[EvidenceReplay.CODES];
    Arrays.fill(a, w);
    return a;
  }
}
