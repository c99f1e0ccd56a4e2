package dev.vigil.core.exchange;

import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Locale;

/**
 * The accounts that used one subject (a withdrawal address, an API key, a session id), exactly up
 * to {@value #CAPACITY}, remembered until the subject has been unused for a memory period. A signal
 * is raised when the count first reaches the threshold and again each time it doubles (2, 4, 8 ..
 * for a threshold of 2), so a growing ring of accounts is reported as it grows, at most
 * log2({@value #CAPACITY}) + 1 times per memory period.
 *
 * <p><b>Bounds.</b> {@value #CAPACITY} account hashes (256 bytes), ten sample ids and 40 bytes;
 * O({@value #CAPACITY}) = O(1) per event, no allocation except when a signal is raised. Past
 * {@value #CAPACITY} accounts the count stays there ("32 or more").
 */
abstract class SharedAccounts implements SubjectDetector {
  static final int CAPACITY = 32;

  private final long[] hashes = new long[CAPACITY];
  private final AccountSamples samples = new AccountSamples();
  private int count;
  private int nextReport;
  private long first;
  private long lastSeen = Long.MIN_VALUE;

  abstract SignalKind kind();

  abstract int threshold(ExchangeSettings s);

  abstract long memoryMillis(ExchangeSettings s);

  /** What an account did with the subject, for the basis ("added or paid to"). */
  abstract String verb();

  @Override
  public ExchangeSignal update(
      ExchangeSettings s,
      long t,
      String accountId,
      long accountHash,
      boolean failed,
      SignalSubject type,
      String subject) {
    if (lastSeen != Long.MIN_VALUE && t - lastSeen > memoryMillis(s)) {
      count = 0;
      nextReport = 0;
      samples.clear();
    }
    if (count == 0) {
      first = t;
    }
    lastSeen = Math.max(lastSeen, t);
    for (int i = 0; i < count; i++) {
      if (hashes[i] == accountHash) {
        return null;
      }
    }
    if (count == CAPACITY) {
      return null;
    }
    hashes[count++] = accountHash;
    samples.add(accountId, accountHash);
    int min = threshold(s);
    if (count < Math.max(min, nextReport)) {
      return null;
    }
    nextReport = count * 2;
    String basis =
        String.format(
            Locale.ROOT,
            "%d%s accounts %s %s since %s (threshold %d accounts)",
            count,
            count == CAPACITY ? " or more" : "",
            verb(),
            "this " + type.name().toLowerCase(Locale.ROOT).replace('_', ' '),
            java.time.Instant.ofEpochMilli(first),
            min);
    return ExchangeSignals.of(
        kind(),
        type,
        subject,
        first * 64 + count,
        first,
        t,
        s.sharedLifetime().toMillis(),
        count,
        0,
        0,
        ExchangeSignals.score(count, min),
        basis,
        samples.list());
  }

  @Override
  public long lastSeen() {
    return lastSeen;
  }

  /** Accounts counted so far. */
  public int accounts() {
    return count;
  }

  void write(DataOutput out) throws IOException {
    out.writeByte(1);
    out.writeLong(first);
    out.writeLong(lastSeen);
    out.writeInt(nextReport);
    out.writeByte(count);
    for (int i = 0; i < count; i++) {
      out.writeLong(hashes[i]);
    }
    samples.write(out);
  }

  void read(DataInput in) throws IOException {
    dev.vigil.core.profile.StateMapper.checkVersion(in.readUnsignedByte(), 1, "shared accounts");
    first = in.readLong();
    lastSeen = in.readLong();
    nextReport = in.readInt();
    count = in.readUnsignedByte();
    if (count > CAPACITY) {
      throw new IOException("more than " + CAPACITY + " accounts: " + count);
    }
    for (int i = 0; i < count; i++) {
      hashes[i] = in.readLong();
    }
    samples.read(in);
  }
}
