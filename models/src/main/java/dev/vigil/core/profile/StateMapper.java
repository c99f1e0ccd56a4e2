package dev.vigil.core.profile;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Canonical persistence of a state object as compact, versioned binary: a version byte first, then
 * the fields. Readers accept every version they ever wrote; writers always write the newest. This
 * is what a keyed state backend stores (no Java serialization).
 */
public interface StateMapper<T> {
  /** The version byte written first. */
  int currentVersion();

  void write(T state, DataOutput out) throws IOException;

  T read(DataInput in) throws IOException;

  default byte[] toBytes(T state) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    try (DataOutputStream out = new DataOutputStream(bytes)) {
      write(state, out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  default T fromBytes(byte[] bytes) {
    try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
      return read(in);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt state bytes", e);
    }
  }

  /** Fails with a clear message on a version this reader does not know. */
  static int checkVersion(int version, int newest, String what) throws IOException {
    if (version < 1 || version > newest) {
      throw new IOException(
          what
              + " state version "
              + version
              + " is not readable by this build (knows 1.."
              + newest
              + ")");
    }
    return version;
  }
}
