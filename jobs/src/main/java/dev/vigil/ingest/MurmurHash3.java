package dev.vigil.ingest;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * MurmurHash3, x64 128-bit variant, after Austin Appleby's public-domain reference {@code
 * MurmurHash3_x64_128} (https://github.com/aappleby/smhasher, src/MurmurHash3.cpp). Not
 * cryptographic: it names records for replay-stable ids, it does not protect against someone
 * forging a collision. For accidental collisions among n distinct records the probability is about
 * n^2 / 2^129.
 */
final class MurmurHash3 {

  private static final VarHandle LONG_LE =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long C1 = 0x87c37b91114253d5L;
  private static final long C2 = 0x4cf5ad432745937fL;
  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private MurmurHash3() {}

  /** Writes {h1, h2} of {@code data[off..off+len)} under {@code seed} into {@code out[0..1]}. */
  @SuppressWarnings("fallthrough") // the reference mixes the tail bytes by falling through
  static void hash128(byte[] data, int off, int len, long seed, long[] out) {
    long h1 = seed;
    long h2 = seed;
    int blocks = len >>> 4;
    for (int b = 0; b < blocks; b++) {
      int at = off + (b << 4);
      long k1 = (long) LONG_LE.get(data, at);
      long k2 = (long) LONG_LE.get(data, at + 8);
      h1 ^= mixK1(k1);
      h1 = Long.rotateLeft(h1, 27) + h2;
      h1 = h1 * 5 + 0x52dce729;
      h2 ^= mixK2(k2);
      h2 = Long.rotateLeft(h2, 31) + h1;
      h2 = h2 * 5 + 0x38495ab5;
    }
    int tail = off + (blocks << 4);
    long k1 = 0;
    long k2 = 0;
    switch (len & 15) {
      case 15:
        k2 ^= (data[tail + 14] & 0xFFL) << 48;
      // fall through
      case 14:
        k2 ^= (data[tail + 13] & 0xFFL) << 40;
      // fall through
      case 13:
        k2 ^= (data[tail + 12] & 0xFFL) << 32;
      // fall through
      case 12:
        k2 ^= (data[tail + 11] & 0xFFL) << 24;
      // fall through
      case 11:
        k2 ^= (data[tail + 10] & 0xFFL) << 16;
      // fall through
      case 10:
        k2 ^= (data[tail + 9] & 0xFFL) << 8;
      // fall through
      case 9:
        k2 ^= data[tail + 8] & 0xFFL;
        h2 ^= mixK2(k2);
      // fall through
      case 8:
        k1 ^= (data[tail + 7] & 0xFFL) << 56;
      // fall through
      case 7:
        k1 ^= (data[tail + 6] & 0xFFL) << 48;
      // fall through
      case 6:
        k1 ^= (data[tail + 5] & 0xFFL) << 40;
      // fall through
      case 5:
        k1 ^= (data[tail + 4] & 0xFFL) << 32;
      // fall through
      case 4:
        k1 ^= (data[tail + 3] & 0xFFL) << 24;
      // fall through
      case 3:
        k1 ^= (data[tail + 2] & 0xFFL) << 16;
      // fall through
      case 2:
        k1 ^= (data[tail + 1] & 0xFFL) << 8;
      // fall through
      case 1:
        k1 ^= data[tail] & 0xFFL;
        h1 ^= mixK1(k1);
      // fall through
      default:
        break;
    }
    h1 ^= len;
    h2 ^= len;
    h1 += h2;
    h2 += h1;
    h1 = fmix64(h1);
    h2 = fmix64(h2);
    h1 += h2;
    h2 += h1;
    out[0] = h1;
    out[1] = h2;
  }

  /**
   * The 128-bit hash as 32 lower-case hex digits, bytes in the reference's output order (h1 then
   * h2, each little-endian), so it matches other MurmurHash3_x64_128 implementations byte for byte.
   */
  static void appendHex(long[] h, char[] out, int at) {
    int k = at;
    for (int w = 0; w < 2; w++) {
      long v = h[w];
      for (int b = 0; b < 8; b++) {
        int octet = (int) (v >>> (8 * b)) & 0xFF;
        out[k++] = HEX[octet >>> 4];
        out[k++] = HEX[octet & 0xF];
      }
    }
  }

  private static long mixK1(long k1) {
    return Long.rotateLeft(k1 * C1, 31) * C2;
  }

  private static long mixK2(long k2) {
    return Long.rotateLeft(k2 * C2, 33) * C1;
  }

  private static long fmix64(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }
}
