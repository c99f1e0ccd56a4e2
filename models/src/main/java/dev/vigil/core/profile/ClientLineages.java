package dev.vigil.core.profile;

import dev.vigil.core.sketch.Hashing;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The client lineages an account's owner has used: per (client family, platform) the newest build
 * seen, so that a later session on an older build of the same client stands out (a downgrade: a
 * copied token or cookie replayed with the user agent of when it was taken, or a scripted copy).
 * Versions are kept per platform because one app's iOS and Android builds are numbered apart.
 *
 * <p>Bounded: {@value #SLOTS} slots of 32 bytes (family, platform, newest build, last seen); a new
 * lineage replaces the one least recently seen, so a slot lost to churn only makes a downgrade of
 * that lineage go unnoticed. Serialised as a count byte and the slots: at most {@link #MAX_BYTES}.
 * Written only by {@link ProfileLearner}; not thread-safe.
 */
public final class ClientLineages {
  public static final int SLOTS = 6;

  /** Upper bound of the serialised form. */
  public static final int MAX_BYTES = 1 + SLOTS * 32;

  private int size;
  private final long[] families = new long[SLOTS];
  private final long[] platforms = new long[SLOTS];
  private final long[] versions = new long[SLOTS];
  private final long[] lastSeen = new long[SLOTS];

  public int size() {
    return size;
  }

  /** Slot of (family, platform), or -1. */
  public int find(long family, long platform) {
    for (int i = 0; i < size; i++) {
      if (families[i] == family && platforms[i] == platform) {
        return i;
      }
    }
    return -1;
  }

  /** Whether the family is held on any platform. */
  public boolean hasFamily(long family) {
    for (int i = 0; i < size; i++) {
      if (families[i] == family) {
        return true;
      }
    }
    return false;
  }

  /** Newest build of slot {@code i} (negative when unknown). */
  public long version(int i) {
    return versions[i];
  }

  /** Records a lineage seen at {@code t}; keeps the newest build of its slot. */
  public void learn(long family, long platform, long version, long t) {
    if (family == Hashing.ABSENT) {
      return;
    }
    int i = find(family, platform);
    if (i < 0) {
      if (size < SLOTS) {
        i = size++;
      } else {
        i = 0;
        for (int j = 1; j < SLOTS; j++) {
          if (lastSeen[j] < lastSeen[i]) {
            i = j;
          }
        }
      }
      families[i] = family;
      platforms[i] = platform;
      versions[i] = version;
    } else {
      versions[i] = Math.max(versions[i], version);
    }
    lastSeen[i] = Math.max(lastSeen[i], t);
  }

  void write(DataOutput out) throws IOException {
    out.writeByte(size);
    for (int i = 0; i < size; i++) {
      out.writeLong(families[i]);
      out.writeLong(platforms[i]);
      out.writeLong(versions[i]);
      out.writeLong(lastSeen[i]);
    }
  }

  void read(DataInput in) throws IOException {
    int n = in.readUnsignedByte();
    if (n > SLOTS) {
      throw new IOException("account profile holds " + n + " client lineages, at most " + SLOTS);
    }
    size = n;
    for (int i = 0; i < n; i++) {
      families[i] = in.readLong();
      platforms[i] = in.readLong();
      versions[i] = in.readLong();
      lastSeen[i] = in.readLong();
    }
  }
}
