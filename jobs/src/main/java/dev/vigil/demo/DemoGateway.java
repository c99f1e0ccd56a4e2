package dev.vigil.demo;

import dev.vigil.enforcer.CommandFeed;
import dev.vigil.enforcer.Decision;
import dev.vigil.enforcer.EnforcerSettings;
import dev.vigil.enforcer.GatewayKey;
import dev.vigil.enforcer.KafkaOutcomeSink;
import dev.vigil.enforcer.ReferenceEnforcer;
import dev.vigil.enforcer.ReferenceEnforcer.CommandResult;
import dev.vigil.enforcer.RequestKind;
import dev.vigil.enforcer.StepUpResult;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandTarget;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.SessionCommand;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.apache.kafka.common.errors.WakeupException;

/**
 * The demo's gateway: the reference enforcer ({@link ReferenceEnforcer}) on the commands topic
 * while the demo's risk job runs, verifying each command with the demo's command key ring and
 * publishing signed outcomes to {@code vigil.enforcement-outcomes}, which the job reads back.
 *
 * <p>Each applied command meets the session's next request(s), as a gateway would see them: a KILL
 * denies it, a HOLD_WITHDRAWALS denies a withdrawal to a freshly added address, a SET_RATE_LIMIT
 * meets a burst of {@code burst + 1} requests (the last one throttled), and a STEP_UP challenges it
 * and is then answered as the simulated user would: the owner (any session not labelled compromise
 * by the simulator) passes with a factor the step-up accepts ({@code passkey} when it is accepted,
 * else the first accepted factor), the attacker fails or abandons (half each, by session id). An
 * ended session gets nothing more. An account command (target ACCOUNT) is applied to the account
 * ({@code AccountEnforcement}) and meets the triggering session's next request (a withdrawal for
 * the account's hold), and is counted in {@link #accountCommands()}. Every decision, rejection and
 * step-up answer is counted in {@link #stats()} and {@link #answers()}.
 *
 * <p>Bounds: one consumer and one producer thread; the enforcer's cache holds at most {@link
 * EnforcerSettings#DEFAULT_CAPACITY} sessions; a rate limit's burst is met with at most {@value
 * #MAX_BURST_PROBE} requests.
 */
public final class DemoGateway implements AutoCloseable {
  /** The gateway id the demo's outcomes carry. */
  public static final String GATEWAY_ID = "vigil-demo-gateway";

  /** Most requests sent at once to meet a rate limit's burst. */
  static final int MAX_BURST_PROBE = 10_000;

  /** How the demo's step-ups were answered. */
  public static final class Answers {
    final LongAdder presented = new LongAdder();
    final LongAdder passed = new LongAdder();
    final LongAdder failed = new LongAdder();
    final LongAdder abandoned = new LongAdder();

    /** Step-ups presented to a user (each answered exactly once). */
    public long presented() {
      return presented.sum();
    }

    public long passed() {
      return passed.sum();
    }

    public long failed() {
      return failed.sum();
    }

    public long abandoned() {
      return abandoned.sum();
    }
  }

  private final ReferenceEnforcer enforcer;
  private final KafkaOutcomeSink sink;
  private final CommandFeed feed;
  private final Set<String> attacks;
  private final Clock clock = Clock.systemUTC();
  private final Answers answers = new Answers();
  private final LongAdder accountCommands = new LongAdder();
  private final Thread thread;
  private final AtomicReference<Throwable> failure = new AtomicReference<>();
  private volatile boolean stopping;

  private DemoGateway(Properties client, Path commandKeys, Path gatewayKey, Set<String> attacks) {
    this.attacks = attacks;
    CommandVerifier verifier =
        CommandVerifier.watching(
            commandKeys,
            CommandVerifier.DEFAULT_REPLAY_CAPACITY,
            CommandVerifier.DEFAULT_CLOCK_SKEW_MILLIS);
    this.sink = new KafkaOutcomeSink(client, VigilTopic.ENFORCEMENT_OUTCOMES.topicName());
    this.enforcer =
        new ReferenceEnforcer(
            EnforcerSettings.defaults(GATEWAY_ID),
            verifier,
            GatewayKey.fromFileOrEnv(gatewayKey),
            sink);
    CommandFeed f;
    try {
      f =
          new CommandFeed(
              client,
              VigilTopic.SESSION_COMMANDS.topicName(),
              CommandFeed.Start.BEGINNING,
              enforcer,
              clock,
              this::meet);
    } catch (RuntimeException e) {
      sink.close();
      throw e;
    }
    this.feed = f;
    this.thread = new Thread(this::run, "vigil-demo-gateway");
    this.thread.setDaemon(true);
  }

  /**
   * Starts the gateway on its own thread.
   *
   * @param client the demo broker's client properties
   * @param commandKeys the key ring to verify commands with (the demo's command-signing .pub)
   * @param gatewayKey the gateway's outcome signing key file ({@link GatewayKey}, mode 600)
   * @param attacks the sessions the simulator labelled compromise: their step-ups fail or are
   *     abandoned; every other session's pass
   */
  public static DemoGateway start(
      Properties client, Path commandKeys, Path gatewayKey, Set<String> attacks) {
    DemoGateway g = new DemoGateway(client, commandKeys, gatewayKey, attacks);
    g.thread.start();
    return g;
  }

  private void run() {
    try {
      while (!stopping) {
        feed.pollOnce(Duration.ofMillis(500));
      }
    } catch (WakeupException e) {
      // asked to stop
    } catch (Throwable t) {
      failure.set(t);
    }
  }

  /** What the session does next after {@code c}, as the simulated user or attacker would. */
  private void meet(SessionCommand c, CommandResult r) {
    if (!r.applied()) {
      return;
    }
    String session = c.getSessionId();
    long now = clock.millis();
    if (c.getTarget() == CommandTarget.ACCOUNT) {
      accountCommands.increment();
      enforcer.check(
          session,
          now,
          c.getAction() == CommandAction.HOLD_WITHDRAWALS
              ? RequestKind.WITHDRAWAL
              : RequestKind.ORDINARY);
      return;
    }
    switch (c.getAction()) {
      case KILL, SET_TIMEOUT, OTHER -> enforcer.check(session, now, RequestKind.ORDINARY);
      case HOLD_WITHDRAWALS ->
          enforcer.check(session, now, RequestKind.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION);
      case SET_RATE_LIMIT -> {
        Integer burst = c.getParameters().getBurst();
        int probe = burst == null ? MAX_BURST_PROBE : Math.min(MAX_BURST_PROBE, burst + 1);
        for (int i = 0; i < probe; i++) {
          if (enforcer.check(session, now, RequestKind.ORDINARY) != Decision.ALLOW) {
            break;
          }
        }
      }
      case STEP_UP -> {
        if (enforcer.check(session, now, RequestKind.ORDINARY) == Decision.CHALLENGE) {
          answer(session, c.getParameters(), now);
        }
      }
    }
  }

  /** Account commands applied (log out everywhere, account holds, key revocations, re-verify). */
  public long accountCommands() {
    return accountCommands.sum();
  }

  private void answer(String session, CommandParameters p, long now) {
    StepUpResult result;
    LongAdder counter;
    if (!attacks.contains(session)) {
      result = StepUpResult.PASSED;
      counter = answers.passed;
    } else if ((session.hashCode() & 1) == 0) {
      result = StepUpResult.FAILED;
      counter = answers.failed;
    } else {
      result = StepUpResult.ABANDONED;
      counter = answers.abandoned;
    }
    String factor = result == StepUpResult.PASSED ? ownerFactor(p.getAcceptedFactors()) : null;
    if (enforcer.reportStepUp(session, result, factor, now)) {
      answers.presented.increment();
      counter.increment();
    }
  }

  /** The factor the owner uses: a passkey when the step-up accepts it, else the first accepted. */
  static String ownerFactor(List<String> accepted) {
    if (accepted == null || accepted.isEmpty() || accepted.contains("passkey")) {
      return "passkey";
    }
    return accepted.get(0);
  }

  /** What the enforcer did so far (safe while it runs). */
  public dev.vigil.enforcer.EnforcerStats stats() {
    return enforcer.stats();
  }

  /** How the step-ups were answered so far. */
  public Answers answers() {
    return answers;
  }

  /** The first error that stopped the gateway's thread, or null. */
  public Throwable failure() {
    return failure.get();
  }

  /** Stops reading, waits for the thread, and flushes every outcome published. */
  @Override
  public void close() throws InterruptedException {
    stopping = true;
    feed.wakeup();
    thread.join();
    try {
      feed.close();
    } finally {
      sink.close();
    }
  }
}
