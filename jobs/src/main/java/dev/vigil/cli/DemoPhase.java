package dev.vigil.cli;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * Which part of the simulated file the demo is sending: first days of benign history (the
 * profiles' warm-up, no attack in it), then the live window where the attacks are. Told each line
 * as it is sent; the simulator writes {@code {"@timestamp":"uuuu-MM-ddTHH:mm:ss.SSSZ"} first on
 * every line and in time order, so comparing that fixed-width prefix with the window's start as
 * text is comparing times. Once live, a line costs one field read: O(1), no allocation.
 */
final class DemoPhase {
  static final String HISTORY = "history replay";
  static final String LIVE = "live window";

  private static final String PREFIX = "{\"@timestamp\":\"";
  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);

  private final String windowStart;
  private volatile boolean live;

  /** The window starts at {@code windowStartMillis}; lines before it are history. */
  DemoPhase(long windowStartMillis) {
    windowStart = STAMP.format(Instant.ofEpochMilli(windowStartMillis));
  }

  /** Notes a line about to be sent. */
  void sent(String line) {
    if (live) {
      return;
    }
    int from = PREFIX.length();
    if (!line.startsWith(PREFIX) || line.length() < from + windowStart.length()) {
      return; // not a simulator line: leaves the phase as it is
    }
    for (int i = 0; i < windowStart.length(); i++) {
      char c = line.charAt(from + i);
      char w = windowStart.charAt(i);
      if (c != w) {
        live = c > w;
        return;
      }
    }
    live = true; // exactly the window's start
  }

  boolean live() {
    return live;
  }

  /** {@link #HISTORY} or {@link #LIVE}. */
  String name() {
    return live ? LIVE : HISTORY;
  }
}
