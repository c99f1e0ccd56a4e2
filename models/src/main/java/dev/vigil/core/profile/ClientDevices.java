package dev.vigil.core.profile;

import dev.vigil.core.sketch.Hashing;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The devices an account's owner has used, as their user agents name them (parsed by uap-java in
 * {@code ClientLineageParser}): a model ({@code Samsung SM-S912B}, {@code Pixel 8 Pro}) or a class
 * ({@code iPhone}, {@code iPad}, {@code Mac}), each with the newest operating-system version seen
 * on it. Two facts follow for a session in the owner's own app: a model the account never used (the
 * thief's phone), and an operating system older than the newest the account ran on that device
 * (phones and tablets do not go back: iOS stops signing old versions within weeks, Android does not
 * downgrade without a wipe; a different phone of the same kind does). User agents that name neither
 * (desktop browsers on Windows, Chrome's reduced Android string, libraries) are not held.
 *
 * <p>Bounded: {@value #SLOTS} slots of 25 bytes (device hash, newest OS version, last seen, model
 * flag); a new device replaces the one least recently seen, so an owner with more devices than that
 * sees an old one counted as new again. Serialised as a count byte and the slots: at most {@link
 * #MAX_BYTES}. Written only by {@link ProfileLearner}; not thread-safe.
 */
public final class ClientDevices {
  public static final int SLOTS = 4;

  /** Upper bound of the serialised form. */
  public static final int MAX_BYTES = 1 + SLOTS * 25;

  private int size;
  private final long[] devices = new long[SLOTS];
  private final long[] osNewest = new long[SLOTS];
  private final long[] lastSeen = new long[SLOTS];
  private final boolean[] models = new boolean[SLOTS];

  public int size() {
    return size;
  }

  /** Slot of {@code device}, or -1. */
  public int find(long device) {
    for (int i = 0; i < size; i++) {
      if (devices[i] == device) {
        return i;
      }
    }
    return -1;
  }

  /** Whether {@code device} is one the owner used. */
  public boolean knows(long device) {
    return find(device) >= 0;
  }

  /** Whether the owner used at least one device whose user agent named its model. */
  public boolean knowsAModel() {
    for (int i = 0; i < size; i++) {
      if (models[i]) {
        return true;
      }
    }
    return false;
  }

  /** Newest OS version seen on slot {@code i} (negative when unknown). */
  public long osNewest(int i) {
    return osNewest[i];
  }

  /**
   * Records a device seen at {@code t} with OS version {@code os} (negative if unknown); nothing
   * for {@link Hashing#ABSENT}.
   */
  public void learn(long device, boolean model, long os, long t) {
    if (device == Hashing.ABSENT) {
      return;
    }
    int i = find(device);
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
      devices[i] = device;
      models[i] = model;
      osNewest[i] = os;
      lastSeen[i] = t;
    }
    osNewest[i] = Math.max(osNewest[i], os);
    lastSeen[i] = Math.max(lastSeen[i], t);
  }

  void write(DataOutput out) throws IOException {
    out.writeByte(size);
    for (int i = 0; i < size; i++) {
      out.writeLong(devices[i]);
      out.writeLong(osNewest[i]);
      out.writeLong(lastSeen[i]);
      out.writeBoolean(models[i]);
    }
  }

  void read(DataInput in) throws IOException {
    int n = in.readUnsignedByte();
    if (n > SLOTS) {
      throw new IOException("account profile holds " + n + " devices, at most " + SLOTS);
    }
    size = n;
    for (int i = 0; i < n; i++) {
      devices[i] = in.readLong();
      osNewest[i] = in.readLong();
      lastSeen[i] = in.readLong();
      models[i] = in.readBoolean();
    }
  }
}
