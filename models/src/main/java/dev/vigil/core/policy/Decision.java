package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.schema.CommandAction;

/**
 * What the policies decided on one event: up to {@value #MAX_ACTIONS} actions with their parameters
 * and the session's top reasons, strongest first. Reusable and allocation-free; {@code
 * dev.vigil.core.engine.CommandFactory} turns it into Avro commands when it is not empty.
 */
public final class Decision {
  public static final int MAX_ACTIONS = 4;
  public static final int MAX_REASONS = 3;
  public static final int REASON_VALUES = 3;

  private final CommandAction[] actions = new CommandAction[MAX_ACTIONS];
  private final long[] absoluteTimeoutSeconds = new long[MAX_ACTIONS];
  private final long[] idleTimeoutSeconds = new long[MAX_ACTIONS];
  private final double[] requestsPerSecond = new double[MAX_ACTIONS];
  private final int[] burst = new int[MAX_ACTIONS];
  private int actionCount;

  private final byte[] reasonCodes = new byte[MAX_REASONS];
  private final double[] reasonLlr = new double[MAX_REASONS];
  private final double[] reasonValues = new double[MAX_REASONS * REASON_VALUES];
  private int reasonCount;

  private double probability;
  private SessionKind kind = SessionKind.HUMAN;

  public void clear() {
    actionCount = 0;
    reasonCount = 0;
  }

  public boolean isEmpty() {
    return actionCount == 0;
  }

  public int actionCount() {
    return actionCount;
  }

  public CommandAction action(int i) {
    return actions[i];
  }

  public long absoluteTimeoutSeconds(int i) {
    return absoluteTimeoutSeconds[i];
  }

  public long idleTimeoutSeconds(int i) {
    return idleTimeoutSeconds[i];
  }

  public double requestsPerSecond(int i) {
    return requestsPerSecond[i];
  }

  public int burst(int i) {
    return burst[i];
  }

  /** Index of the first action of that kind, or -1. */
  public int indexOf(CommandAction a) {
    for (int i = 0; i < actionCount; i++) {
      if (actions[i] == a) {
        return i;
      }
    }
    return -1;
  }

  public double probability() {
    return probability;
  }

  public SessionKind kind() {
    return kind;
  }

  public void setContext(double probability, SessionKind kind) {
    this.probability = probability;
    this.kind = kind;
  }

  public void timeout(long absoluteSeconds, long idleSeconds) {
    int i = next(CommandAction.SET_TIMEOUT);
    absoluteTimeoutSeconds[i] = absoluteSeconds;
    idleTimeoutSeconds[i] = idleSeconds;
  }

  public void rateLimit(double rps, int burstSize) {
    int i = next(CommandAction.SET_RATE_LIMIT);
    requestsPerSecond[i] = rps;
    burst[i] = burstSize;
  }

  public void stepUp() {
    next(CommandAction.STEP_UP);
  }

  public void kill() {
    next(CommandAction.KILL);
  }

  public int reasonCount() {
    return reasonCount;
  }

  public EvidenceCode reasonCode(int i) {
    return EvidenceCode.byOrdinal(reasonCodes[i]);
  }

  public double reasonLlr(int i) {
    return reasonLlr[i];
  }

  public double reasonValue(int i, int v) {
    return reasonValues[i * REASON_VALUES + v];
  }

  public void addReason(int codeOrdinal, double llr, double v0, double v1, double v2) {
    if (reasonCount == MAX_REASONS) {
      return;
    }
    int i = reasonCount++;
    reasonCodes[i] = (byte) codeOrdinal;
    reasonLlr[i] = llr;
    reasonValues[i * REASON_VALUES] = v0;
    reasonValues[i * REASON_VALUES + 1] = v1;
    reasonValues[i * REASON_VALUES + 2] = v2;
  }

  private int next(CommandAction a) {
    if (actionCount == MAX_ACTIONS) {
      throw new IllegalStateException("more than " + MAX_ACTIONS + " actions in one decision");
    }
    actions[actionCount] = a;
    return actionCount++;
  }
}
