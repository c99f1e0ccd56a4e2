package dev.vigil.demo;

import dev.vigil.audit.AuditVerifier;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.DeadLetter;
import dev.vigil.schema.DeadLetterReason;
import dev.vigil.schema.RiskDecision;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the demo shows, read from the output topics as any consumer would: valid events and
 * sessions, dead letters by reason, commands by action, audit records, CAEP tokens. Runs on its own
 * thread; the getters are safe to call from another.
 */
public final class DemoTally extends TopicTally {
  private final String events;
  private final String deadLetters;
  private final String commands;
  private final String decisions;

  private long valid;
  private final Set<String> sessions = new HashSet<>();
  private final Map<DeadLetterReason, Long> deadByReason = new EnumMap<>(DeadLetterReason.class);
  private final Map<CommandAction, Long> commandsByAction = new EnumMap<>(CommandAction.class);
  private final Set<String> enforcedSessions = new HashSet<>();
  private final List<SessionCommand> allCommands = new ArrayList<>();
  private final List<RiskDecision> allDecisions = new ArrayList<>();
  private final AuditVerifier auditChain = new AuditVerifier(true);
  private long caepTokens;

  public DemoTally(
      Properties client,
      String events,
      String deadLetters,
      String commands,
      String decisions,
      String caep) {
    super(
        client,
        Map.of("max.partition.fetch.bytes", String.valueOf(16 << 20)),
        "vigil-demo-tally",
        events,
        deadLetters,
        commands,
        decisions,
        caep);
    this.events = events;
    this.deadLetters = deadLetters;
    this.commands = commands;
    this.decisions = decisions;
  }

  public DemoTally start() {
    startReading();
    return this;
  }

  @Override
  void count(ConsumerRecord<byte[], byte[]> r) {
    try {
      String topic = r.topic();
      if (topic.equals(events)) {
        valid++;
        sessions.add(AccessEvent.getDecoder().decode(r.value()).getSessionId());
      } else if (topic.equals(deadLetters)) {
        deadByReason.merge(DeadLetter.getDecoder().decode(r.value()).getReason(), 1L, Long::sum);
      } else if (topic.equals(commands)) {
        SessionCommand c = SessionCommand.getDecoder().decode(r.value());
        allCommands.add(c);
        commandsByAction.merge(c.getAction(), 1L, Long::sum);
        if (c.getAction() == CommandAction.KILL || c.getAction() == CommandAction.STEP_UP) {
          enforcedSessions.add(c.getSessionId());
        }
      } else if (topic.equals(decisions)) {
        RiskDecision d = RiskDecision.getDecoder().decode(r.value());
        allDecisions.add(d);
        auditChain.accept(r.partition(), r.offset(), d);
      } else {
        caepTokens++;
      }
    } catch (Exception e) {
      deadByReason.merge(DeadLetterReason.OTHER, 1L, Long::sum);
    }
  }

  public synchronized long valid() {
    return valid;
  }

  public synchronized int sessions() {
    return sessions.size();
  }

  public synchronized long deadLettered() {
    return deadByReason.values().stream().mapToLong(Long::longValue).sum();
  }

  public synchronized Map<DeadLetterReason, Long> deadLettersByReason() {
    return new EnumMap<>(deadByReason);
  }

  public synchronized Map<CommandAction, Long> commandsByAction() {
    return commandsByAction.isEmpty() ? Map.of() : new EnumMap<>(commandsByAction);
  }

  /** Sessions that got a step-up or a kill so far. */
  public synchronized Set<String> enforcedSessions() {
    return Collections.unmodifiableSet(new HashSet<>(enforcedSessions));
  }

  public synchronized List<SessionCommand> commands() {
    return List.copyOf(allCommands);
  }

  public synchronized List<RiskDecision> decisions() {
    return List.copyOf(allDecisions);
  }

  /**
   * The audit topic's hash chains as read so far, from sequence 0 (the demo's topic is new): one
   * line, "intact, N chained records in P partitions" or the first break.
   */
  public synchronized String auditChain() {
    AuditVerifier.Result r = auditChain.finish();
    return r.intact()
        ? String.format(
            Locale.ROOT,
            "intact, %,d chained records in %d partitions",
            r.records() - r.unchained(),
            r.heads().size())
        : "broken at " + r.breaks().get(0).describe("offset");
  }

  public synchronized long caepTokens() {
    return caepTokens;
  }
}
