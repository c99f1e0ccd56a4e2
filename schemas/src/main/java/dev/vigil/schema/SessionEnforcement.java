package dev.vigil.schema;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One session's effective enforcement under the gateway contract of schema version 5 (root README,
 * "For gateway teams"): the executable form of its precedence, supersession and idempotency rules,
 * for gateways to embed or read. JDK only; not thread-safe (one per session, guarded by the
 * caller). Feed it only commands {@link CommandVerifier} found VALID.
 *
 * <ul>
 *   <li>Idempotency: a command id already applied is a {@link Outcome#DUPLICATE}. The ids of the
 *       last {@value #REMEMBERED_IDS} commands are kept (Vigil issues at most five per event).
 *   <li>Precedence KILL > HOLD_WITHDRAWALS > STEP_UP > SET_RATE_LIMIT > SET_TIMEOUT: a KILL is
 *       terminal and applied whatever its sequence; after it only a hold (the account's, not the
 *       session's) still applies, everything else is {@link Outcome#IGNORED}.
 *   <li>Supersession: per action, a command with a sequence strictly below the in-force one's is
 *       {@link Outcome#STALE}; an equal or higher one replaces it. Sequence 0 (a producer older
 *       than version 5) is ordered by issuedAt instead.
 *   <li>Tightest limits: {@link #absoluteTimeoutSeconds}, {@link #idleTimeoutSeconds}, {@link
 *       #requestsPerSecond} and {@link #burst} take the smaller of the in-force command's value and
 *       the gateway's own hard limit.
 *   <li>Holds: the later end and the wider scope win; a hold runs {@code holdSeconds} from its
 *       {@code issuedAt}.
 * </ul>
 */
public final class SessionEnforcement {
  /** What {@link #apply} did with a command. */
  public enum Outcome {
    APPLIED,
    DUPLICATE,
    STALE,
    IGNORED
  }

  /** The strongest measure in force, in the contract's order of precedence. */
  public enum Mode {
    KILLED,
    STEP_UP_PENDING,
    LIMITED,
    NORMAL
  }

  static final int REMEMBERED_IDS = 64;

  private final Set<String> ids = new HashSet<>();
  private final ArrayDeque<String> idOrder = new ArrayDeque<>();
  private final long[] inForce = new long[CommandAction.values().length];
  private boolean killed;
  private long holdUntilMillis = Long.MIN_VALUE;
  private HoldScope holdScope;
  private boolean stepUpPending;
  private List<String> acceptedFactors;
  private long stepUpTimeoutSeconds;
  private Long absoluteTimeoutSeconds;
  private Long idleTimeoutSeconds;
  private Double requestsPerSecond;
  private Integer burst;

  public SessionEnforcement() {
    Arrays.fill(inForce, Long.MIN_VALUE);
  }

  /** Applies one VALID command of this session by the contract's rules. */
  public Outcome apply(SessionCommand c) {
    if (ids.contains(c.getCommandId())) {
      return Outcome.DUPLICATE;
    }
    CommandAction action = sessionEffect(c);
    if (action == CommandAction.OTHER
        || (killed && action != CommandAction.HOLD_WITHDRAWALS && action != CommandAction.KILL)) {
      return Outcome.IGNORED;
    }
    // An account command's sequence orders the account's commands, not this session's.
    boolean account = c.getTarget() == CommandTarget.ACCOUNT;
    long order = c.getSequence() != 0 ? c.getSequence() : c.getIssuedAt();
    if (!account && action != CommandAction.KILL && order < inForce[action.ordinal()]) {
      return Outcome.STALE;
    }
    remember(c.getCommandId());
    if (!account) {
      inForce[action.ordinal()] = Math.max(inForce[action.ordinal()], order);
    }
    CommandParameters p = c.getParameters();
    switch (action) {
      case KILL -> {
        killed = true;
        stepUpPending = false;
      }
      case HOLD_WITHDRAWALS -> hold(c, p);
      case STEP_UP -> {
        stepUpPending = true;
        acceptedFactors = p == null ? null : p.getAcceptedFactors();
        Long timeout = p == null ? null : p.getStepUpTimeoutSeconds();
        stepUpTimeoutSeconds = timeout == null ? 300 : timeout;
      }
      case SET_RATE_LIMIT -> {
        requestsPerSecond = p == null ? null : p.getRequestsPerSecond();
        burst = p == null ? null : p.getBurst();
      }
      case SET_TIMEOUT -> {
        absoluteTimeoutSeconds = p == null ? null : p.getAbsoluteTimeoutSeconds();
        idleTimeoutSeconds = p == null ? null : p.getIdleTimeoutSeconds();
      }
      default -> throw new IllegalStateException("unhandled action " + action);
    }
    return Outcome.APPLIED;
  }

  /**
   * What a command does to one session: its action for a session command; for an account command
   * (target ACCOUNT, applied by the gateway to each session of the account) KILL for {@code
   * KILL_ALL_SESSIONS}, HOLD_WITHDRAWALS for the account's hold, and OTHER (nothing to do to a
   * session: the identity service acts) for {@code REVOKE_API_KEY} and {@code
   * REQUIRE_REVERIFICATION}. OTHER for an unknown target and for an account action sent as a
   * session command.
   */
  public static CommandAction sessionEffect(SessionCommand c) {
    CommandAction a = c.getAction();
    CommandTarget target = c.getTarget();
    if (target == CommandTarget.ACCOUNT) {
      return switch (a) {
        case KILL_ALL_SESSIONS -> CommandAction.KILL;
        case HOLD_WITHDRAWALS -> CommandAction.HOLD_WITHDRAWALS;
        default -> CommandAction.OTHER;
      };
    }
    if (target != CommandTarget.SESSION) {
      return CommandAction.OTHER;
    }
    return switch (a) {
      case KILL_ALL_SESSIONS, REVOKE_API_KEY, REQUIRE_REVERIFICATION -> CommandAction.OTHER;
      default -> a;
    };
  }

  private void hold(SessionCommand c, CommandParameters p) {
    long seconds = p == null || p.getHoldSeconds() == null ? 0 : p.getHoldSeconds();
    holdUntilMillis = Math.max(holdUntilMillis, c.getIssuedAt() + seconds * 1000);
    HoldScope scope = p == null || p.getHoldScope() == null ? HoldScope.ALL : p.getHoldScope();
    if (scope == HoldScope.OTHER || holdScope == HoldScope.ALL) {
      scope = HoldScope.ALL; // a reader seeing OTHER holds all; the wider scope wins
    }
    holdScope = scope;
  }

  private void remember(String id) {
    ids.add(id);
    idOrder.addLast(id);
    if (idOrder.size() > REMEMBERED_IDS) {
      ids.remove(idOrder.removeFirst());
    }
  }

  /** The user passed a step-up with one of {@link #acceptedFactors}: it no longer blocks. */
  public void stepUpPassed() {
    stepUpPending = false;
  }

  /** The strongest measure in force. */
  public Mode mode() {
    if (killed) {
      return Mode.KILLED;
    }
    if (stepUpPending) {
      return Mode.STEP_UP_PENDING;
    }
    return requestsPerSecond != null || absoluteTimeoutSeconds != null || idleTimeoutSeconds != null
        ? Mode.LIMITED
        : Mode.NORMAL;
  }

  /** Whether withdrawals in {@link #holdScope} are held at {@code nowMillis}. */
  public boolean withdrawalsHeld(long nowMillis) {
    return nowMillis < holdUntilMillis;
  }

  /** The scope of the hold, or null when none was applied. */
  public HoldScope holdScope() {
    return holdScope;
  }

  /** The factors that satisfy the pending step-up; null means any second factor. */
  public List<String> acceptedFactors() {
    return acceptedFactors;
  }

  /** How long the gateway waits for the pending step-up's answer, in seconds. */
  public long stepUpTimeoutSeconds() {
    return stepUpTimeoutSeconds;
  }

  /** The tighter of the commanded absolute timeout and the gateway's own maximum. */
  public long absoluteTimeoutSeconds(long gatewayMax) {
    return absoluteTimeoutSeconds == null
        ? gatewayMax
        : Math.min(gatewayMax, absoluteTimeoutSeconds);
  }

  /** The tighter of the commanded idle timeout and the gateway's own maximum. */
  public long idleTimeoutSeconds(long gatewayMax) {
    return idleTimeoutSeconds == null ? gatewayMax : Math.min(gatewayMax, idleTimeoutSeconds);
  }

  /** The tighter of the commanded rate and the gateway's own maximum, requests per second. */
  public double requestsPerSecond(double gatewayMax) {
    return requestsPerSecond == null ? gatewayMax : Math.min(gatewayMax, requestsPerSecond);
  }

  /** The tighter of the commanded burst and the gateway's own maximum. */
  public int burst(int gatewayMax) {
    return burst == null ? gatewayMax : Math.min(gatewayMax, burst);
  }
}
