package dev.vigil.core.exchange;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Up to {@value #SIZE} distinct accounts, the most recent ones, for a signal's {@code
 * sampleAccounts} (the schema's bound). O(SIZE) per add with no allocation (the id string is
 * referenced, not copied); 10 references and 10 hashes of state.
 */
final class AccountSamples {
  static final int SIZE = 10;
  private final String[] ids = new String[SIZE];
  private final long[] hashes = new long[SIZE];
  private int count;
  private int next;

  void add(String id, long hash) {
    for (int i = 0; i < count; i++) {
      if (hashes[i] == hash) {
        return;
      }
    }
    ids[next] = id;
    hashes[next] = hash;
    next = (next + 1) % SIZE;
    if (count < SIZE) {
      count++;
    }
  }

  void clear() {
    count = 0;
    next = 0;
  }

  /** A new list, oldest first. */
  List<String> list() {
    List<String> out = new ArrayList<>(count);
    int start = count < SIZE ? 0 : next;
    for (int i = 0; i < count; i++) {
      out.add(ids[(start + i) % SIZE]);
    }
    return out;
  }

  void write(DataOutput out) throws IOException {
    out.writeByte(count);
    int start = count < SIZE ? 0 : next;
    for (int i = 0; i < count; i++) {
      out.writeUTF(ids[(start + i) % SIZE]);
    }
  }

  void read(DataInput in) throws IOException {
    clear();
    int n = in.readUnsignedByte();
    if (n > SIZE) {
      throw new IOException("more than " + SIZE + " sample accounts: " + n);
    }
    for (int i = 0; i < n; i++) {
      String id = in.readUTF();
      add(id, dev.vigil.core.sketch.Hashing.of(id));
    }
  }
}
