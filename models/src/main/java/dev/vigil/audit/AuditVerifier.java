package dev.vigil.audit;

import dev.vigil.schema.AuditChainLink;
import dev.vigil.schema.RiskDecision;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Checks the audit trail's hash chains ({@link AuditChain}) record by record, in the order of each
 * partition (Kafka offsets, or the lines of a file), and finds the first break of each partition.
 *
 * <p>A break is <b>altered</b> (a record's fields do not give its hash, or it does not chain from
 * the record before it), <b>removed</b> (a gap in the sequence numbers, or fewer records than an
 * anchor states) or <b>reordered</b> (a sequence number that comes back, or a gap whose missing
 * numbers turn up later in the partition). Without anchors a partition may start at any sequence
 * (the topic's retention deletes its oldest records) and may end anywhere: removing the newest
 * records is then undetectable; {@link #expectStart} and {@link #expectEnd} (an export's stated
 * anchor and head, or a head kept elsewhere) close both ends.
 *
 * <p>Memory is O(partitions): a few longs and two hashes each; time is one SHA-256 per record.
 */
public final class AuditVerifier {
  /** What a break is. */
  public enum Kind {
    ALTERED,
    REMOVED,
    REORDERED
  }

  /**
   * The first break of one partition.
   *
   * @param position the Kafka offset, or the line number of a file (from 1)
   * @param sequence the chain sequence of the record there, or -1 when it has none
   */
  public record Break(int partition, long position, long sequence, Kind kind, String detail) {
    /** One line for a terminal: where, what, why. */
    public String describe(String positionName) {
      String where =
          (partition < 0 ? "" : "partition " + partition + ", ")
              + (position >= 0 ? positionName + " " + position : "at its end");
      return where
          + (sequence >= 0 ? " (sequence " + sequence + ")" : "")
          + ": "
          + kind.name().toLowerCase()
          + ": "
          + detail;
    }
  }

  /**
   * What was seen of one partition's chain.
   *
   * @param firstSequence the first record's sequence (0 when the chain starts in range)
   * @param previousHash the hash the first record chains from ({@link AuditChain#GENESIS} at 0)
   * @param lastSequence the last record's sequence: the chain head
   * @param lastHash the head's hash
   */
  public record Head(
      int partition,
      long records,
      long firstSequence,
      String previousHash,
      long lastSequence,
      String lastHash) {}

  /**
   * The outcome.
   *
   * @param unchained records without a chain link (written with the chain off, or by an older
   *     version) ahead of a partition's chain, or anywhere in a file; not verified
   * @param breaks the first break of each broken partition, by partition
   */
  public record Result(long records, long unchained, List<Head> heads, List<Break> breaks) {
    public boolean intact() {
      return breaks.isEmpty();
    }
  }

  private static final class Chain {
    long records;
    boolean started;
    long firstSequence;
    String firstPrevious;
    long lastSequence;
    String lastHash;
    Break brk;
    long missingFrom = -1;
    long missingTo = -1;
  }

  private record Anchor(long sequence, String hash) {}

  private final AuditChain hasher = new AuditChain();
  private final Map<Integer, Chain> chains = new TreeMap<>();
  private final Map<Integer, Anchor> starts = new TreeMap<>();
  private final Map<Integer, Anchor> ends = new TreeMap<>();
  private final Map<Integer, Anchor> passes = new TreeMap<>();
  private final boolean fromGenesis;
  private long records;
  private long unchained;

  /**
   * @param fromGenesis every partition must start at sequence 0 (nothing deleted by retention)
   */
  public AuditVerifier(boolean fromGenesis) {
    this.fromGenesis = fromGenesis;
  }

  /** The first record of {@code partition} must chain from this record (an export's anchor). */
  public void expectStart(int partition, long previousSequence, String previousHash) {
    starts.put(partition, new Anchor(previousSequence, previousHash));
  }

  /** The last record of {@code partition} must be this one (a head kept elsewhere). */
  public void expectEnd(int partition, long lastSequence, String lastHash) {
    ends.put(partition, new Anchor(lastSequence, lastHash));
  }

  /**
   * The chain of {@code partition} must pass through this record (a head kept from an earlier
   * verification): the record with that sequence has that hash, and the chain reaches it.
   */
  public void expectPassing(int partition, long sequence, String hash) {
    passes.put(partition, new Anchor(sequence, hash));
  }

  /**
   * A record that is not a RiskDecision this version can read: inside a partition's chain a break
   * (altered), ahead of it counted as unchained.
   */
  public void acceptUnreadable(int partition, long position, String why) {
    records++;
    // In a file the partition is unknown: any unreadable line is a break, under partition -1.
    Chain c = partition < 0 ? chains.computeIfAbsent(-1, k -> new Chain()) : chains.get(partition);
    if (c != null && (c.started || partition < 0) && c.brk == null) {
      c.brk =
          new Break(partition, position, -1, Kind.ALTERED, "not a readable RiskDecision: " + why);
    } else {
      unchained++;
    }
  }

  /**
   * Checks the next record.
   *
   * @param partition the Kafka partition it was read from, or -1 for a file (its link says)
   * @param position its offset, or line number
   */
  public void accept(int partition, long position, RiskDecision d) {
    records++;
    AuditChainLink l = d.getChain();
    if (l == null) {
      Chain c = partition < 0 ? null : chains.get(partition);
      if (c != null && c.started && c.brk == null) {
        c.brk = new Break(partition, position, -1, Kind.ALTERED, "a record without a chain link");
      } else {
        unchained++;
      }
      return;
    }
    int p = partition < 0 ? l.getPartition() : partition;
    Chain c = chains.computeIfAbsent(p, k -> new Chain());
    c.records++;
    long seq = l.getSequence();
    if (c.brk != null) {
      if (c.missingFrom >= 0 && seq >= c.missingFrom && seq <= c.missingTo) {
        c.brk = reordered(c.brk, seq);
        c.missingFrom = -1;
      }
      return;
    }
    String why = ownProblem(p, d, l);
    if (why != null) {
      c.brk = new Break(p, position, seq, Kind.ALTERED, why);
      return;
    }
    Anchor start = starts.get(p);
    if (!c.started) {
      c.started = true;
      c.firstSequence = seq;
      c.firstPrevious = l.getPreviousHash();
      if (start != null) {
        link(c, p, position, l, start.sequence(), start.hash(), "the stated anchor");
      } else if (seq == 0 || fromGenesis) {
        link(c, p, position, l, -1, AuditChain.GENESIS, "the chain's start");
      }
    } else {
      link(c, p, position, l, c.lastSequence, c.lastHash, "sequence " + c.lastSequence);
    }
    Anchor kept = passes.get(p);
    if (c.brk == null && kept != null && kept.sequence() == seq) {
      if (!kept.hash().equals(l.getHash())) {
        c.brk =
            new Break(
                p,
                position,
                seq,
                Kind.ALTERED,
                "its hash is not the kept head's "
                    + kept.hash()
                    + " (the chain was rewritten up to here)");
      }
    }
    c.lastSequence = seq;
    c.lastHash = l.getHash();
  }

  /** Closes the run: checks the stated heads and tells the outcome. */
  public Result finish() {
    for (var e : ends.entrySet()) {
      int p = e.getKey();
      Anchor end = e.getValue();
      Chain c = chains.get(p);
      if (c == null || !c.started) {
        Chain empty = chains.computeIfAbsent(p, k -> new Chain());
        if (empty.brk == null
            && end.sequence() > (starts.containsKey(p) ? starts.get(p).sequence() : -1)) {
          empty.brk =
              new Break(
                  p,
                  -1,
                  end.sequence(),
                  Kind.REMOVED,
                  "no record, but its head is stated as sequence " + end.sequence());
        }
      } else if (c.brk == null && c.lastSequence < end.sequence()) {
        c.brk =
            new Break(
                p,
                -1,
                c.lastSequence + 1,
                Kind.REMOVED,
                "the chain ends at sequence "
                    + c.lastSequence
                    + " but its head is stated as sequence "
                    + end.sequence()
                    + " (the newest records were cut off)");
      } else if (c.brk == null
          && (c.lastSequence > end.sequence() || !c.lastHash.equals(end.hash()))) {
        c.brk =
            new Break(
                p,
                -1,
                c.lastSequence,
                Kind.ALTERED,
                "the head is sequence "
                    + c.lastSequence
                    + " with hash "
                    + c.lastHash
                    + ", not the stated sequence "
                    + end.sequence()
                    + " with hash "
                    + end.hash());
      }
    }
    for (var e : passes.entrySet()) {
      Chain c = chains.computeIfAbsent(e.getKey(), k -> new Chain());
      long kept = e.getValue().sequence();
      if (c.brk == null && (!c.started || c.lastSequence < kept)) {
        c.brk =
            new Break(
                e.getKey(),
                -1,
                c.started ? c.lastSequence + 1 : kept,
                Kind.REMOVED,
                "the chain "
                    + (c.started ? "ends at sequence " + c.lastSequence : "is empty")
                    + " but a kept head is sequence "
                    + kept
                    + " (the newest records were cut off)");
      }
    }
    List<Head> heads = new ArrayList<>();
    List<Break> breaks = new ArrayList<>();
    for (var e : chains.entrySet()) {
      Chain c = e.getValue();
      if (c.started) {
        heads.add(
            new Head(
                e.getKey(),
                c.records,
                c.firstSequence,
                c.firstPrevious,
                c.lastSequence,
                c.lastHash));
      }
      if (c.brk != null) {
        breaks.add(c.brk);
      }
    }
    return new Result(records, unchained, heads, breaks);
  }

  /** Checks that {@code l} follows the record (sequence, hash); on a break records it. */
  private void link(
      Chain c, int p, long position, AuditChainLink l, long prevSeq, String prevHash, String what) {
    long seq = l.getSequence();
    long expected = prevSeq + 1;
    if (seq > expected) {
      c.brk =
          new Break(
              p,
              position,
              seq,
              Kind.REMOVED,
              (seq - expected == 1
                      ? "sequence " + expected + " is"
                      : "sequences " + expected + " to " + (seq - 1) + " are")
                  + " missing after "
                  + what);
      c.missingFrom = expected;
      c.missingTo = seq - 1;
    } else if (seq < expected) {
      c.brk =
          new Break(
              p,
              position,
              seq,
              Kind.REORDERED,
              "sequence " + seq + " comes after " + what + " (moved or repeated)");
    } else if (!l.getPreviousHash().equals(prevHash)) {
      c.brk =
          new Break(
              p,
              position,
              seq,
              Kind.ALTERED,
              "it does not chain from "
                  + what
                  + ": its previousHash is not that record's hash (one of the two was replaced)");
    }
  }

  private static Break reordered(Break gap, long found) {
    return new Break(
        gap.partition(),
        gap.position(),
        gap.sequence(),
        Kind.REORDERED,
        gap.detail().replace(" missing ", " not in place ")
            + "; sequence "
            + found
            + " comes later");
  }

  /** Why the record does not stand on its own, or null. */
  private String ownProblem(int p, RiskDecision d, AuditChainLink l) {
    if (l.getForm() != AuditChain.FORM) {
      return "canonical form "
          + l.getForm()
          + " is unknown to this version (it knows "
          + AuditChain.FORM
          + ")";
    }
    if (l.getPartition() != p) {
      return "it was read from partition " + p + " but is chained in partition " + l.getPartition();
    }
    if (!AuditChain.isHash(l.getHash()) || !AuditChain.isHash(l.getPreviousHash())) {
      return "its hash or previousHash is not 64 lower-case hex digits";
    }
    if (!hasher.hash(d, p, l.getSequence(), l.getPreviousHash()).equals(l.getHash())) {
      return "its fields do not give its hash (the record was changed after it was written)";
    }
    return null;
  }
}
