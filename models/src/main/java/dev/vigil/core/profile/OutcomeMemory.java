package dev.vigil.core.profile;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * What a session remembers of the gateway's outcomes (state version 6): the hashes of the last
 * {@value SessionState#OUTCOME_IDS} outcome ids applied, so that a re-sent outcome has no second
 * effect, and the factors whose passed step-up has counted. O(1) per outcome: at most eight
 * comparisons, no allocation. Serialised form: the LLR of the CHALLENGE evidence kind (a float),
 * the factor bits, the count of ids held, the ring's next slot and the ids: {@value #EMPTY_BYTES}
 * bytes with no id, at most {@value #BYTES}.
 */
public final class OutcomeMemory {
  /** Upper bound of the serialised block. */
  public static final int BYTES = 4 + 3 + SessionState.OUTCOME_IDS * 8;

  /** Size of the block of a session that has seen no outcome. */
  public static final int EMPTY_BYTES = 4 + 3;

  private static final int CHALLENGE = SessionState.EVIDENCE_KINDS - 1;

  private OutcomeMemory() {}

  /** Whether an outcome id with this hash was applied to the session among the last ones. */
  public static boolean seen(SessionState s, long idHash) {
    int held = Math.min(s.outcomeCount, SessionState.OUTCOME_IDS);
    for (int i = 0; i < held; i++) {
      if (s.outcomeIds[i] == idHash) {
        return true;
      }
    }
    return false;
  }

  /** Remembers an applied outcome id, forgetting the oldest of a full ring. */
  public static void remember(SessionState s, long idHash) {
    s.outcomeIds[s.outcomeCount % SessionState.OUTCOME_IDS] = idHash;
    // Wraps from 2^31 - 1 to a multiple of the ring's size, so the write position stays in step.
    s.outcomeCount =
        s.outcomeCount == Integer.MAX_VALUE ? SessionState.OUTCOME_IDS * 2 : s.outcomeCount + 1;
  }

  static void write(SessionState s, DataOutput out) throws IOException {
    int held = Math.min(s.outcomeCount, SessionState.OUTCOME_IDS);
    out.writeFloat(s.kindLlr[CHALLENGE]);
    out.writeByte(s.stepUpFactorsPassed);
    out.writeByte(held);
    out.writeByte(s.outcomeCount % SessionState.OUTCOME_IDS);
    for (int i = 0; i < held; i++) {
      out.writeLong(s.outcomeIds[i]);
    }
  }

  static void read(SessionState s, DataInput in) throws IOException {
    s.kindLlr[CHALLENGE] = in.readFloat();
    s.stepUpFactorsPassed = in.readByte();
    int held = in.readUnsignedByte();
    int next = in.readUnsignedByte();
    if (held > SessionState.OUTCOME_IDS || next >= SessionState.OUTCOME_IDS) {
      throw new IOException(
          "session state holds "
              + held
              + " outcome ids (next slot "
              + next
              + "), at most "
              + SessionState.OUTCOME_IDS);
    }
    for (int i = 0; i < held; i++) {
      s.outcomeIds[i] = in.readLong();
    }
    s.outcomeCount = held < SessionState.OUTCOME_IDS ? held : SessionState.OUTCOME_IDS + next;
  }
}
