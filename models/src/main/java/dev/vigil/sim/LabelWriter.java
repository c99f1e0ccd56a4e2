package dev.vigil.sim;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;

/**
 * Writes labels.jsonl: one object per session, in order of the session's first event. Attacked
 * sessions also list every attacker (or, for abuse, abusive) event id with its time, so that a
 * command's trigger event can be placed among them even when the owner shares the session
 * (token_hijack, replay, abuse_*).
 */
public final class LabelWriter {
  private LabelWriter() {}

  public static void write(List<Session> sessions, long seed, OutputStream out) throws IOException {
    JsonGenerator g = new JsonFactory().createGenerator(out);
    g.setRootValueSeparator(null);
    for (Session s : sessions) {
      g.writeStartObject();
      g.writeStringField("session.id", s.id());
      g.writeStringField("user.id", s.userId());
      g.writeStringField("population", s.population().id());
      g.writeStringField("label", s.scenario == null ? "benign" : s.scenario.id());
      nullable(g, "kind", s.kind);
      nullable(g, "hard_case", s.hardCase == null ? null : s.hardCase.id());
      boolean attacked = s.scenario != null;
      nullable(g, "takeover_event_id", attacked ? EventIds.of(seed, s.takeoverCounter) : null);
      nullableTime(g, "takeover_time", attacked, s.takeoverTime);
      nullable(
          g, "last_attacker_event_id", attacked ? EventIds.of(seed, s.lastAttackerCounter) : null);
      nullableTime(g, "last_attacker_time", attacked, s.lastAttackerTime);
      g.writeNumberField("attacker_requests", s.attackerCounters.size());
      g.writeNumberField("first_event_time", s.firstEventTime);
      g.writeNumberField("last_event_time", s.lastEventTime);
      g.writeNumberField("events", s.events);
      if (attacked) {
        g.writeArrayFieldStart("attacker_event_ids");
        for (int i = 0; i < s.attackerCounters.size(); i++) {
          g.writeString(EventIds.of(seed, s.attackerCounters.get(i)));
        }
        g.writeEndArray();
        g.writeArrayFieldStart("attacker_event_times");
        for (int i = 0; i < s.attackerTimes.size(); i++) {
          g.writeNumber(s.attackerTimes.get(i));
        }
        g.writeEndArray();
      }
      if (s.warmup) {
        g.writeBooleanField("warmup", true);
      }
      g.writeEndObject();
      g.writeRaw('\n');
    }
    g.flush();
  }

  private static void nullable(JsonGenerator g, String name, String v) throws IOException {
    if (v == null) {
      g.writeNullField(name);
    } else {
      g.writeStringField(name, v);
    }
  }

  private static void nullableTime(JsonGenerator g, String name, boolean present, long v)
      throws IOException {
    if (present) {
      g.writeNumberField(name, v);
    } else {
      g.writeNullField(name);
    }
  }
}
