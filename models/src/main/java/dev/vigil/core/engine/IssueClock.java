package dev.vigil.core.engine;

import java.io.Serializable;

/**
 * What "issued" means for a command: the instant its validity counts from (schema version 5, {@code
 * SessionCommand.issuedAt}). Serializable, so a job graph can carry it.
 *
 * <ul>
 *   <li>{@link #WALL}: the processing time of the streaming job, so a command decided while the job
 *       catches up on a backlog or after a restart is valid for a full lifetime from when the
 *       gateway can first see it, whatever the age of its event.
 *   <li>{@link #EVENT_TIME}: the trigger's event time, for backtests ({@code vigil score}, {@code
 *       vigil evaluate}): their commands are never enforced, and a run must not depend on when it
 *       ran. Command ids and sequences do not depend on the clock, so a backtest and the stream
 *       issue the same ids either way ({@code BacktestParityIT}).
 *   <li>{@link #fixed}: a constant instant, for deterministic tests.
 * </ul>
 */
@FunctionalInterface
public interface IssueClock extends Serializable {
  /** The issue time of a command triggered by an event at {@code eventTimeMillis}. */
  long issuedAt(long eventTimeMillis);

  /** The wall clock (processing time). */
  IssueClock WALL = eventTimeMillis -> System.currentTimeMillis();

  /** The trigger's event time. */
  IssueClock EVENT_TIME = eventTimeMillis -> eventTimeMillis;

  /** Always {@code nowMillis}. */
  static IssueClock fixed(long nowMillis) {
    return eventTimeMillis -> nowMillis;
  }
}
