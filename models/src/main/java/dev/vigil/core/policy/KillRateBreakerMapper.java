package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.profile.StateMapper;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * Versioned binary form of a {@link KillRateBreaker}, so that a restored job keeps its rates, its
 * baselines and an open breaker open (the job keeps one per operator subtask in operator state,
 * like the {@code PopulationPrior}). Version 1: the number of rates, then per rate its name
 * ({@value #OVERALL} for the overall rate, else the reason's wire code), the decayed recent and
 * baseline counts, the time they were last decayed to (epoch ms), and whether it is open; then the
 * breaker's event-time clock, the time of its last open-state check and its trip count. Size: 4 +
 * rates x (2 + name + 25) + 24 bytes, 1,247 bytes today.
 *
 * <p>Rates are named, not numbered, so a build that adds, removes or reorders reason codes still
 * reads an older snapshot: a rate whose code it no longer knows is dropped, one it added starts
 * empty and closed.
 */
public final class KillRateBreakerMapper implements StateMapper<KillRateBreaker> {
  public static final KillRateBreakerMapper INSTANCE = new KillRateBreakerMapper();

  /** The name of the overall rate. */
  public static final String OVERALL = "all";

  private static final int VERSION = 1;
  private static final Map<String, Integer> INDEX = new HashMap<>();

  static {
    INDEX.put(OVERALL, KillRateBreaker.ALL);
    for (EvidenceCode c : EvidenceCode.values()) {
      INDEX.put(c.code(), 1 + c.ordinal());
    }
  }

  private KillRateBreakerMapper() {}

  @Override
  public int currentVersion() {
    return VERSION;
  }

  @Override
  public void write(KillRateBreaker b, DataOutput out) throws IOException {
    out.writeByte(VERSION);
    out.writeInt(b.recent.length);
    for (int i = 0; i < b.recent.length; i++) {
      out.writeUTF(i == KillRateBreaker.ALL ? OVERALL : EvidenceCode.byOrdinal(i - 1).code());
      out.writeDouble(b.recent[i]);
      out.writeDouble(b.baseline[i]);
      out.writeLong(b.at[i]);
      out.writeBoolean(b.open[i]);
    }
    out.writeLong(b.clock);
    out.writeLong(b.lastCheck);
    out.writeLong(b.trips);
  }

  @Override
  public KillRateBreaker read(DataInput in) throws IOException {
    StateMapper.checkVersion(in.readUnsignedByte(), VERSION, "kill-rate breaker");
    KillRateBreaker b = new KillRateBreaker();
    int rates = in.readInt();
    if (rates < 0 || rates > 1 << 16) {
      throw new IOException("kill-rate breaker state has " + rates + " rates");
    }
    for (int r = 0; r < rates; r++) {
      Integer i = INDEX.get(in.readUTF());
      double recent = in.readDouble();
      double baseline = in.readDouble();
      long at = in.readLong();
      boolean open = in.readBoolean();
      if (i != null) {
        b.recent[i] = recent;
        b.baseline[i] = baseline;
        b.at[i] = at;
        b.open[i] = open;
      }
    }
    b.clock = in.readLong();
    b.lastCheck = in.readLong();
    b.trips = in.readLong();
    b.recountOpen();
    return b;
  }
}
