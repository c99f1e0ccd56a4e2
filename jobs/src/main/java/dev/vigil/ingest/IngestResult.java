package dev.vigil.ingest;

import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetterReason;
import java.util.Objects;

/**
 * The outcome of ingesting one record: either an accepted {@link AccessEvent} or a rejection with
 * its {@link DeadLetterReason}, the ECS name of the field at fault (or null) and a plain-words
 * message. Messages never quote field values, so they carry no secrets.
 */
public final class IngestResult {

  /** Messages are capped so a dead letter never balloons, whatever produced the message. */
  static final int MAX_MESSAGE_CHARS = 200;

  private final AccessEvent event;
  private final DeadLetterReason reason;
  private final String field;
  private final String message;

  private IngestResult(AccessEvent event, DeadLetterReason reason, String field, String message) {
    this.event = event;
    this.reason = reason;
    this.field = field;
    this.message = message;
  }

  public static IngestResult accepted(AccessEvent e) {
    return new IngestResult(Objects.requireNonNull(e, "event"), null, null, null);
  }

  public static IngestResult rejected(DeadLetterReason r, String field, String message) {
    Objects.requireNonNull(r, "reason");
    String m = message == null ? r.name() : message;
    if (m.length() > MAX_MESSAGE_CHARS) {
      m = m.substring(0, MAX_MESSAGE_CHARS);
    }
    return new IngestResult(null, r, field, m);
  }

  public boolean isAccepted() {
    return event != null;
  }

  /** The accepted event, or null when rejected. */
  public AccessEvent event() {
    return event;
  }

  /** Why the record was rejected, or null when accepted. */
  public DeadLetterReason reason() {
    return reason;
  }

  /** ECS name of the offending field, or null when no single field is at fault. */
  public String field() {
    return field;
  }

  /** What was wrong, or null when accepted. */
  public String message() {
    return message;
  }

  @Override
  public String toString() {
    return isAccepted()
        ? "IngestResult{accepted " + event.getEventId() + '}'
        : "IngestResult{" + reason + (field == null ? "" : " " + field) + ": " + message + '}';
  }
}
