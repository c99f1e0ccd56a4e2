package dev.vigil.enforcer;

import java.util.List;
import java.util.Locale;

/**
 * The step-up factors of the contract ({@code passkey}, {@code totp}, {@code sms}, {@code
 * email_link}) as bits, so a session keeps its accepted factors in one int.
 */
final class Factors {
  static final String[] NAMES = {"passkey", "totp", "sms", "email_link"};

  /** Bit of factors not in {@link #NAMES}: named by a newer producer, accepted as listed. */
  static final int OTHER = 1 << NAMES.length;

  private Factors() {}

  /** The bits of {@code accepted}; 0 (any factor) for null or empty. */
  static int mask(List<String> accepted) {
    if (accepted == null) {
      return 0;
    }
    int m = 0;
    for (String f : accepted) {
      m |= bit(f);
    }
    return m;
  }

  static int bit(String factor) {
    if (factor == null) {
      return OTHER;
    }
    String f = factor.toLowerCase(Locale.ROOT);
    for (int i = 0; i < NAMES.length; i++) {
      if (NAMES[i].equals(f)) {
        return 1 << i;
      }
    }
    return OTHER;
  }

  /** Whether {@code factor} satisfies a step-up that accepts {@code mask}. */
  static boolean accepts(int mask, String factor) {
    return mask == 0 || (bit(factor) & mask & ~OTHER) != 0;
  }
}
