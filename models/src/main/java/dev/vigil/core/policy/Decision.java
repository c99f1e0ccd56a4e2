package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.HoldScope;

/**
 * What the policies decided on one event: up to {@value #MAX_ACTIONS} actions with their parameters
 * (one event may carry a step-up, a withdrawal hold, a timeout and a rate limit at once), the
 * session's top reasons, strongest first, up to {@value #MAX_NOTES} policy notes (what was not done
 * and why) and the session's evidence per kind, and apart from them the account commands of the
 * event ({@link #account()}). Reusable and allocation-free; {@code
 * dev.vigil.core.engine.CommandFactory} turns it into Avro commands when it is not empty.
 */
public final class Decision {
  public static final int MAX_ACTIONS = 5;
  public static final int MAX_NOTES = 2;
  public static final int MAX_REASONS = 3;
  public static final int REASON_VALUES = 3;

  private final CommandAction[] actions = new CommandAction[MAX_ACTIONS];
  private final long[] absoluteTimeoutSeconds = new long[MAX_ACTIONS];
  private final long[] idleTimeoutSeconds = new long[MAX_ACTIONS];
  private final double[] requestsPerSecond = new double[MAX_ACTIONS];
  private final int[] burst = new int[MAX_ACTIONS];
  private final long[] validMillis = new long[MAX_ACTIONS];
  private final long[] holdSeconds = new long[MAX_ACTIONS];
  private final HoldScope[] holdScope = new HoldScope[MAX_ACTIONS];
  private final boolean[] otherFactor = new boolean[MAX_ACTIONS];
  private int actionCount;

  private final byte[] noteCodes = new byte[MAX_NOTES];
  private final double[] noteValues = new double[MAX_NOTES * REASON_VALUES];
  private int noteCount;

  private final float[] kindLlr = new float[SessionState.EVIDENCE_KINDS];
  private float volumeLlr;
  private double minKindLlr;

  private final byte[] reasonCodes = new byte[MAX_REASONS];
  private final double[] reasonLlr = new double[MAX_REASONS];
  private final double[] reasonValues = new double[MAX_REASONS * REASON_VALUES];
  private int reasonCount;

  private final AccountActions account = new AccountActions();

  private double probability;
  private SessionKind kind = SessionKind.HUMAN;

  public void clear() {
    actionCount = 0;
    reasonCount = 0;
    noteCount = 0;
    account.clear();
  }

  /** No session action and no account action. */
  public boolean isEmpty() {
    return actionCount == 0 && account.count() == 0;
  }

  /** The account commands of this event (target ACCOUNT), apart from the session's actions. */
  public AccountActions account() {
    return account;
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
    rateLimit(rps, burstSize, Long.MAX_VALUE);
  }

  /**
   * A rate limit whose command must expire within {@code validForMillis} of its issue (a flood
   * throttle, no longer valid than the signal it answers), else at the usual command expiry.
   */
  public void rateLimit(double rps, int burstSize, long validForMillis) {
    int i = next(CommandAction.SET_RATE_LIMIT);
    requestsPerSecond[i] = rps;
    burst[i] = burstSize;
    validMillis[i] = Math.max(0, validForMillis);
  }

  /** How long after its issue the action's command may at most be valid (MAX_VALUE: no cap). */
  public long validForMillis(int i) {
    return actions[i] == CommandAction.SET_RATE_LIMIT ? validMillis[i] : Long.MAX_VALUE;
  }

  public void stepUp() {
    stepUp(false);
  }

  /**
   * A step-up; {@code otherFactor}: the factor the session already passed may be in the attacker's
   * hands, so only another one satisfies it ({@link EscalationPolicy#OTHER_FACTORS}).
   */
  public void stepUp(boolean otherFactor) {
    this.otherFactor[next(CommandAction.STEP_UP)] = otherFactor;
  }

  public boolean otherFactor(int i) {
    return otherFactor[i];
  }

  public void holdWithdrawals(long seconds, HoldScope scope) {
    int i = next(CommandAction.HOLD_WITHDRAWALS);
    holdSeconds[i] = seconds;
    holdScope[i] = scope;
  }

  public long holdSeconds(int i) {
    return holdSeconds[i];
  }

  public HoldScope holdScope(int i) {
    return holdScope[i];
  }

  public void note(PolicyNote note, double v0, double v1, double v2) {
    if (noteCount == MAX_NOTES) {
      return;
    }
    int i = noteCount++;
    noteCodes[i] = (byte) note.ordinal();
    noteValues[i * REASON_VALUES] = v0;
    noteValues[i * REASON_VALUES + 1] = v1;
    noteValues[i * REASON_VALUES + 2] = v2;
  }

  public int noteCount() {
    return noteCount;
  }

  public PolicyNote note(int i) {
    return PolicyNote.byOrdinal(noteCodes[i]);
  }

  public double noteValue(int i, int v) {
    return noteValues[i * REASON_VALUES + v];
  }

  public boolean hasNote(PolicyNote n) {
    for (int i = 0; i < noteCount; i++) {
      if (noteCodes[i] == n.ordinal()) {
        return true;
      }
    }
    return false;
  }

  /** Copies the session's evidence per kind (for the commands' {@code evidence_kinds} reason). */
  public void setKinds(SessionState s, double minKindLlr) {
    System.arraycopy(s.kindLlr, 0, kindLlr, 0, kindLlr.length);
    volumeLlr = s.volumeLlr;
    this.minKindLlr = minKindLlr;
  }

  /** Positive LLR of the session per kind ordinal. */
  public float kindLlr(int kind) {
    return kindLlr[kind];
  }

  public float volumeLlr() {
    return volumeLlr;
  }

  public double minKindLlr() {
    return minKindLlr;
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
