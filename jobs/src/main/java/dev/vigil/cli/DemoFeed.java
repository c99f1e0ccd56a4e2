package dev.vigil.cli;

import dev.vigil.demo.HostileRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The records the demo sends, in order: each line of the simulator's {@code events.jsonl}, its time
 * moved by {@link DemoRebase} and keyed by its account (as a shipper should: one account's requests
 * stay in order), and before it, with probability {@code --hostile-share}, one malformed or hostile
 * record ({@link HostileRecords}), unkeyed.
 *
 * <p>Which lines get a hostile record and which one is drawn from the seed alone, one draw (two for
 * a hostile record) per line: for a seed, the same records in the same order and with the same
 * dead-letter reasons, whatever the pacing. Their bytes differ from run to run only in their times:
 * the lines' by the whole hours of the rebase, the hostile records' by the wall clock they are
 * stamped against (an hour ahead must be ahead of the ingestion time).
 */
final class DemoFeed implements AutoCloseable {
  /** Where the records go. */
  @FunctionalInterface
  interface Sink {
    void send(byte[] key, byte[] value) throws Exception;
  }

  private final BufferedReader in;
  private final SplittableRandom dice;
  private final double hostileShare;
  private final List<HostileRecords.Sample> hostile;
  private final DemoRebase rebase;
  private long lines;
  private long records;

  /**
   * @param events the simulator's file
   * @param seed the demo's {@code --seed}
   * @param hostileShare the demo's {@code --hostile-share}
   * @param hostile the hostile records to draw from, stamped against the wall clock
   * @param rebase how far the lines' times move
   */
  DemoFeed(
      Path events,
      long seed,
      double hostileShare,
      List<HostileRecords.Sample> hostile,
      DemoRebase rebase)
      throws IOException {
    this.in = Files.newBufferedReader(events, StandardCharsets.UTF_8);
    this.dice = new SplittableRandom(seed ^ 0x9E3779B97F4A7C15L);
    this.hostileShare = hostileShare;
    this.hostile = List.copyOf(hostile);
    this.rebase = rebase;
  }

  /**
   * Sends the next simulator line, and the hostile record drawn before it if any, to {@code sink}.
   *
   * @return the line as the simulator wrote it (its phase is read from it), or null at the end
   */
  String sendNext(Sink sink) throws Exception {
    String line = in.readLine();
    if (line == null) {
      return null;
    }
    if (dice.nextDouble() < hostileShare) {
      sink.send(null, hostile.get(dice.nextInt(hostile.size())).raw());
      records++;
    }
    sink.send(DemoProgress.accountKey(line), rebase.apply(line));
    records++;
    lines++;
    return line;
  }

  /** Simulator lines sent so far. */
  long lines() {
    return lines;
  }

  /** Records sent so far: lines and hostile records. */
  long records() {
    return records;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
