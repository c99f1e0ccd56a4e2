package dev.vigil.ingest;

import java.io.EOFException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.avro.io.Decoder;
import org.apache.avro.util.Utf8;

/**
 * Avro binary encoding (Avro 1.12 specification, "Binary Encoding") read from a byte array slice
 * that it never reads past. Every length prefix is checked against the bytes left before anything
 * is allocated: Avro's own {@code BinaryDecoder.readString} sizes its buffer from the untrusted
 * prefix first, so a 14-byte record could demand a 2 GiB array. Running out of bytes throws {@link
 * EOFException}; any other malformation throws {@link CorruptAvroException}. Reusable, not
 * thread-safe.
 */
final class BoundedBinaryDecoder extends Decoder {

  /** Bytes that cannot be a valid Avro encoding (as opposed to too few bytes). */
  static final class CorruptAvroException extends IOException {
    CorruptAvroException(String message) {
      super(message);
    }
  }

  private byte[] buf;
  private int pos;
  private int limit;

  BoundedBinaryDecoder reset(byte[] data, int offset, int length) {
    this.buf = data;
    this.pos = offset;
    this.limit = offset + length;
    return this;
  }

  int remaining() {
    return limit - pos;
  }

  @Override
  public void readNull() {}

  @Override
  public boolean readBoolean() throws IOException {
    int b = readByte();
    if (b > 1) {
      throw new CorruptAvroException("boolean byte is neither 0 nor 1");
    }
    return b == 1;
  }

  @Override
  public int readInt() throws IOException {
    long raw = readVarint(5);
    if (raw >>> 32 != 0) {
      throw new CorruptAvroException("int varint exceeds 32 bits");
    }
    int n = (int) raw;
    return (n >>> 1) ^ -(n & 1);
  }

  @Override
  public long readLong() throws IOException {
    long n = readVarint(10);
    return (n >>> 1) ^ -(n & 1);
  }

  @Override
  public float readFloat() throws IOException {
    return Float.intBitsToFloat((int) readLittleEndian(4));
  }

  @Override
  public double readDouble() throws IOException {
    return Double.longBitsToDouble(readLittleEndian(8));
  }

  @Override
  public Utf8 readString(Utf8 old) throws IOException {
    int length = readLength();
    Utf8 result = old != null ? old : new Utf8();
    result.setByteLength(length);
    System.arraycopy(buf, pos, result.getBytes(), 0, length);
    pos += length;
    return result;
  }

  @Override
  public String readString() throws IOException {
    int length = readLength();
    String s = new String(buf, pos, length, StandardCharsets.UTF_8);
    pos += length;
    return s;
  }

  @Override
  public void skipString() throws IOException {
    pos += readLength();
  }

  @Override
  public ByteBuffer readBytes(ByteBuffer old) throws IOException {
    int length = readLength();
    ByteBuffer result =
        old != null && old.capacity() >= length ? old.clear() : ByteBuffer.allocate(length);
    result.put(buf, pos, length).flip();
    pos += length;
    return result;
  }

  @Override
  public void skipBytes() throws IOException {
    pos += readLength();
  }

  @Override
  public void readFixed(byte[] bytes, int start, int length) throws IOException {
    require(length);
    System.arraycopy(buf, pos, bytes, start, length);
    pos += length;
  }

  @Override
  public void skipFixed(int length) throws IOException {
    require(length);
    pos += length;
  }

  @Override
  public int readEnum() throws IOException {
    return readInt();
  }

  @Override
  public long readArrayStart() throws IOException {
    return readItemCount();
  }

  @Override
  public long arrayNext() throws IOException {
    return readItemCount();
  }

  @Override
  public long skipArray() throws IOException {
    return skipBlocks();
  }

  @Override
  public long readMapStart() throws IOException {
    return readItemCount();
  }

  @Override
  public long mapNext() throws IOException {
    return readItemCount();
  }

  @Override
  public long skipMap() throws IOException {
    return skipBlocks();
  }

  @Override
  public int readIndex() throws IOException {
    return readInt();
  }

  /**
   * A block's item count. A negative count is followed by the block's byte size (spec), which we
   * skip. Counts above the bytes left are refused: readers size collections from them.
   */
  private long readItemCount() throws IOException {
    long count = readLong();
    if (count < 0) {
      if (count == Long.MIN_VALUE) {
        throw new CorruptAvroException("block count out of range");
      }
      count = -count;
      readLong();
    }
    if (count > remaining()) {
      throw new CorruptAvroException("block claims more items than bytes left");
    }
    return count;
  }

  /** Skips blocks that carry their byte size; returns the count of the first one that does not. */
  private long skipBlocks() throws IOException {
    while (true) {
      long count = readLong();
      if (count >= 0) {
        if (count > remaining()) {
          throw new CorruptAvroException("block claims more items than bytes left");
        }
        return count;
      }
      long size = readLong();
      if (size < 0 || count == Long.MIN_VALUE) {
        throw new CorruptAvroException("negative block size");
      }
      require(size);
      pos += (int) size;
    }
  }

  private int readLength() throws IOException {
    long length = readLong();
    if (length < 0) {
      throw new CorruptAvroException("negative length");
    }
    require(length);
    return (int) length;
  }

  private void require(long length) throws IOException {
    if (length < 0) {
      throw new CorruptAvroException("negative length");
    }
    if (length > remaining()) {
      throw new EOFException("record ends inside a value");
    }
  }

  private int readByte() throws IOException {
    if (pos >= limit) {
      throw new EOFException("record ends inside a value");
    }
    return buf[pos++] & 0xFF;
  }

  private long readVarint(int maxBytes) throws IOException {
    long value = 0;
    for (int i = 0; i < maxBytes; i++) {
      int b = readByte();
      value |= (long) (b & 0x7F) << (7 * i);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new CorruptAvroException("varint longer than " + maxBytes + " bytes");
  }

  private long readLittleEndian(int bytes) throws IOException {
    require(bytes);
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= (buf[pos + i] & 0xFFL) << (8 * i);
    }
    pos += bytes;
    return v;
  }
}
