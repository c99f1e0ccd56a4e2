package dev.vigil.enforcer;

import dev.vigil.enforcer.ReferenceEnforcer.CommandResult;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.OutcomeKind;
import dev.vigil.schema.RejectionReason;
import dev.vigil.schema.SessionCommand;

/**
 * How {@link ReferenceEnforcer} reports what it did: counts it in {@link EnforcerStats}, builds the
 * {@link EnforcementOutcome} (README, "For gateway teams"), signs it with the gateway's key when
 * one is given and hands it to the {@link OutcomeSink}. An outcome id is {@code
 * gatewayId:commandId-or-sessionId:kind[-rejection]}, so a re-sent outcome keeps its id.
 *
 * <p>Thread-safe when the sink is: it holds no mutable state of its own (the stats are adders).
 */
final class OutcomeReporter {
  private final EnforcerSettings settings;
  private final GatewayKey key;
  private final OutcomeSink sink;
  private final EnforcerStats stats;

  /**
   * @param key the gateway's signing key; null leaves outcomes unsigned (a dry run)
   */
  OutcomeReporter(
      EnforcerSettings settings, GatewayKey key, OutcomeSink sink, EnforcerStats stats) {
    this.settings = settings;
    this.key = key;
    this.sink = sink;
    this.stats = stats;
  }

  CommandResult applied(SessionCommand c, long nowMillis) {
    stats.applied.increment();
    publish(
        c.getSessionId(),
        c.getAccountId(),
        c.getCommandId(),
        c.getAction(),
        OutcomeKind.APPLIED,
        null,
        null,
        null,
        nowMillis);
    return new CommandResult(OutcomeKind.APPLIED, null, null);
  }

  CommandResult ignored(SessionCommand c, String why, long nowMillis) {
    stats.ignored.increment();
    publish(
        c.getSessionId(),
        c.getAccountId(),
        c.getCommandId(),
        c.getAction(),
        OutcomeKind.REJECTED,
        RejectionReason.OTHER,
        null,
        "ignored: " + why,
        nowMillis);
    return new CommandResult(OutcomeKind.REJECTED, RejectionReason.OTHER, "ignored: " + why);
  }

  CommandResult reject(SessionCommand c, RejectionReason reason, String detail, long nowMillis) {
    stats.countRejected(reason);
    publish(
        c.getSessionId(),
        c.getAccountId(),
        c.getCommandId(),
        c.getAction(),
        OutcomeKind.REJECTED,
        reason,
        null,
        detail,
        nowMillis);
    return new CommandResult(OutcomeKind.REJECTED, reason, detail);
  }

  /**
   * A session's end: {@code why} (a step-up outcome) when it is not SESSION_ENDED itself, then
   * SESSION_ENDED.
   */
  void ended(
      String sessionId,
      SessionState s,
      String commandId,
      OutcomeKind why,
      String factor,
      String detail,
      long nowMillis) {
    stats.ended.increment();
    CommandAction action = commandId == null ? null : CommandAction.STEP_UP;
    if (why != OutcomeKind.SESSION_ENDED) {
      publish(sessionId, s.accountId, commandId, action, why, null, factor, detail, nowMillis);
    }
    publish(
        sessionId,
        s.accountId,
        commandId,
        action,
        OutcomeKind.SESSION_ENDED,
        null,
        null,
        detail,
        nowMillis);
  }

  void publish(
      String sessionId,
      String accountId,
      String commandId,
      CommandAction action,
      OutcomeKind kind,
      RejectionReason rejection,
      String factor,
      String detail,
      long nowMillis) {
    String kindId = rejection == null ? kind.name() : kind.name() + "-" + rejection.name();
    EnforcementOutcome o =
        EnforcementOutcome.newBuilder()
            .setOutcomeId(
                settings.gatewayId()
                    + ":"
                    + (commandId != null ? commandId : sessionId)
                    + ":"
                    + kindId)
            .setSessionId(sessionId)
            .setAccountId(accountId)
            .setCommandId(commandId)
            .setAction(action)
            .setKind(kind)
            .setRejection(rejection)
            .setFactor(factor)
            .setTime(nowMillis)
            .setGatewayId(settings.gatewayId())
            .setDetail(detail)
            .build();
    sink.publish(key == null ? o : key.sign(o));
  }
}
