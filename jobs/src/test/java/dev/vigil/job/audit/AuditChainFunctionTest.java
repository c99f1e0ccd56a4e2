package dev.vigil.job.audit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.audit.AuditVerifier;
import dev.vigil.schema.Reason;
import dev.vigil.schema.RiskDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The chaining operator on Flink's operator test harness: a restored operator continues each
 * partition's chain from the checkpointed head, as the exactly-once sink's committed records end at
 * that checkpoint; without the state the chains start again and the verifier says so.
 */
class AuditChainFunctionTest {
  private static final int PARTITIONS = 4;

  @Test
  void aRestoredOperatorContinuesEveryChainFromItsCheckpointedHead() throws Exception {
    List<RiskDecision> committed = new ArrayList<>();
    OperatorSubtaskState checkpoint;
    try (var before = harness()) {
      before.open();
      committed.addAll(process(before, 0, 120));
      checkpoint = before.snapshot(1, 1);
      // Written after the checkpoint, in a transaction that aborts with the failure: a
      // read_committed reader never sees these.
      process(before, 120, 160);
    }
    List<RiskDecision> restoredRun;
    try (var after = harness()) {
      after.initializeState(checkpoint);
      after.open();
      restoredRun = process(after, 120, 200); // the source replays from the checkpoint
    }
    committed.addAll(restoredRun);

    AuditVerifier.Result r = verify(committed);
    assertThat(r.intact()).as("%s", r.breaks()).isTrue();
    assertThat(r.records()).isEqualTo(200);
    assertThat(r.heads()).hasSize(PARTITIONS);
    assertThat(r.heads().stream().mapToLong(h -> h.lastSequence() + 1).sum()).isEqualTo(200);
    assertThat(restoredRun.get(0).getChain().getSequence()).isGreaterThan(0);
  }

  @Test
  void withoutItsStateTheOperatorStartsTheChainsAgainAndTheVerifierSeesIt() throws Exception {
    List<RiskDecision> committed = new ArrayList<>();
    try (var before = harness()) {
      before.open();
      committed.addAll(process(before, 0, 120));
    }
    try (var fresh = harness()) {
      fresh.open();
      committed.addAll(process(fresh, 120, 200));
    }
    AuditVerifier.Result r = verify(committed);
    assertThat(r.intact()).isFalse();
    assertThat(r.breaks())
        .allSatisfy(b -> assertThat(b.kind()).isEqualTo(AuditVerifier.Kind.REORDERED));
  }

  private static KeyedOneInputStreamOperatorTestHarness<Integer, RiskDecision, RiskDecision>
      harness() throws Exception {
    return new KeyedOneInputStreamOperatorTestHarness<>(
        new KeyedProcessOperator<>(new AuditChainFunction()),
        new AuditPartitioner(PARTITIONS),
        Types.INT);
  }

  /** Feeds decisions {@code from} to {@code to} and returns what the operator emitted. */
  private static List<RiskDecision> process(
      KeyedOneInputStreamOperatorTestHarness<Integer, RiskDecision, RiskDecision> h,
      int from,
      int to)
      throws Exception {
    int already = h.getOutput().size();
    for (int i = from; i < to; i++) {
      h.processElement(new StreamRecord<>(decision(i), i));
    }
    List<RiskDecision> out = new ArrayList<>();
    int n = 0;
    for (Object o : h.getOutput()) {
      if (n++ >= already && o instanceof StreamRecord<?> r) {
        // Copied: the harness keeps references, and the next run must not see them change.
        out.add(RiskDecision.newBuilder((RiskDecision) r.getValue()).build());
      }
    }
    return out;
  }

  /** Verifies records as a reader of each partition would see them, in order. */
  private static AuditVerifier.Result verify(List<RiskDecision> records) {
    AuditVerifier v = new AuditVerifier(true);
    long[] offsets = new long[PARTITIONS];
    for (RiskDecision d : records) {
      int p = new AuditPartitioner(PARTITIONS).getKey(d);
      v.accept(p, offsets[p]++, d);
    }
    AuditVerifier.Result r = v.finish();
    System.out.printf(
        "%d committed records, %d partitions, heads %s: %s%n",
        r.records(),
        r.heads().size(),
        r.heads().stream().map(h -> h.partition() + "@" + h.lastSequence()).toList(),
        r.intact() ? "intact" : r.breaks().get(0).describe("offset"));
    return r;
  }

  static RiskDecision decision(int i) {
    return RiskDecision.newBuilder()
        .setDecisionId("e-" + i + ":active")
        .setSessionId("s" + (i % 97))
        .setAccountId("u" + (i % 5))
        .setEventId("e-" + i)
        .setEventTime(1_700_000_000_000L + i)
        .setDecidedAt(1_700_000_000_000L + i)
        .setPreviousProbability(0.01)
        .setProbability(0.02 + i / 1e4)
        .setEvidence(List.of(new Reason("new_network", 1.5, "new network", Map.of("asn", "1"))))
        .setCommandIds(List.of())
        .setModelVersion("m1")
        .setPolicyNotes(List.of())
        .build();
  }
}
