package dev.vigil.sim;

import java.io.IOException;

/** Receives each rendered event: one JSON object and its trailing newline. */
@FunctionalInterface
public interface EventSink {
  /**
   * @param json buffer holding the line; valid only during the call
   * @param length bytes of the line, newline included
   * @param timeMs the event's @timestamp
   * @param userId the account, the Kafka key
   */
  void accept(byte[] json, int length, long timeMs, String userId) throws IOException;
}
