package dev.vigil.cli;

import dev.vigil.demo.DemoTally;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.util.Set;

/**
 * The demo's live line while it sends: redrawn every second on a terminal, printed every five
 * seconds otherwise, with the phase ({@link DemoPhase}) so "attacks acted on 0/13" during the
 * history replay reads as what it is. Nothing once Ctrl-C was pressed (the summary follows).
 */
final class DemoProgress {
  private final PrintWriter out;
  private final boolean tty;
  private final DemoTally tally;
  private final Set<String> compromised;
  private final DemoShutdown shutdown;
  private final DemoPhase phase;

  DemoProgress(
      PrintWriter out,
      boolean tty,
      DemoTally tally,
      Set<String> compromised,
      DemoShutdown shutdown,
      DemoPhase phase) {
    this.out = out;
    this.tty = tty;
    this.tally = tally;
    this.compromised = compromised;
    this.shutdown = shutdown;
    this.phase = phase;
  }

  void report(long seconds, long sent) {
    String line = DemoSummary.progress(seconds, phase, sent, tally, compromised);
    synchronized (out) {
      if (shutdown.interrupted()) {
        return;
      }
      if (tty) {
        out.print("\r" + line);
        out.flush();
      } else if (seconds % 5 == 0) {
        out.println(line);
        out.flush();
      }
    }
  }

  /** Ends a redrawn line. */
  void finish() {
    if (tty) {
      out.println();
    }
  }

  /** The user.id of a simulated line (written dotted by the simulator), as the record key. */
  static byte[] accountKey(String line) {
    int at = line.indexOf("\"user.id\":\"");
    if (at < 0) {
      return null;
    }
    int from = at + "\"user.id\":\"".length();
    int to = line.indexOf('"', from);
    return to < 0 ? null : line.substring(from, to).getBytes(StandardCharsets.UTF_8);
  }
}
