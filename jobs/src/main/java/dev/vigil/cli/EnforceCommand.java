package dev.vigil.cli;

import dev.vigil.enforcer.CommandFeed;
import dev.vigil.enforcer.EnforcerSettings;
import dev.vigil.enforcer.EnforcerStats;
import dev.vigil.enforcer.FairAccessDefaults;
import dev.vigil.enforcer.GatewayKey;
import dev.vigil.enforcer.KafkaOutcomeSink;
import dev.vigil.enforcer.OutcomeSink;
import dev.vigil.enforcer.ReferenceEnforcer;
import dev.vigil.enforcer.ReferenceEnforcer.CommandResult;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.SessionCommand;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * A dry-run gateway: runs the reference enforcer ({@code vigil-enforcer}) on the commands topic and
 * prints, per command, whether a gateway would apply it or reject it and why, then a summary (on
 * reaching the end with {@code --until-end}, or on Ctrl-C).
 */
@Command(
    name = "enforce",
    description = {
      "Run the reference enforcer on the commands topic as a dry-run gateway: print what it",
      "would do with each command (applied, or rejected and why) and, on exit or Ctrl-C, a",
      "summary (sessions killed, stepped up, rate-limited, held; rejects by reason)."
    })
public final class EnforceCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Commands topic (default: ${DEFAULT-VALUE}).")
  String topic = VigilTopic.SESSION_COMMANDS.topicName();

  @Option(
      names = "--command-keys",
      required = true,
      paramLabel = "FILE",
      description =
          "Key ring to verify commands with: Ed25519 public keys (.pub of vigil keys generate)"
              + " or keyId:base64 HMAC lines (commands.key-file of vigil run).")
  Path commandKeys;

  @Option(
      names = "--start",
      paramLabel = "beginning|end",
      description =
          "Where to start reading: the topic's beginning, or its end (only commands published"
              + " from now on; default: ${DEFAULT-VALUE}).")
  String start = "beginning";

  @Option(
      names = "--until-end",
      description = "Stop once every command in the topic at start has been read (else Ctrl-C).")
  boolean untilEnd;

  @Option(
      names = "--publish-outcomes",
      description =
          "Also publish the outcomes, signed with --gateway-key, to --outcomes-topic (a dry run"
              + " publishes nothing).")
  boolean publishOutcomes;

  @Option(
      names = "--outcomes-topic",
      paramLabel = "TOPIC",
      description = "Where --publish-outcomes writes (default: ${DEFAULT-VALUE}).")
  String outcomesTopic = VigilTopic.ENFORCEMENT_OUTCOMES.topicName();

  @Option(
      names = "--gateway-key",
      paramLabel = "FILE",
      description =
          "The gateway's outcome signing key, one line keyId:base64 (mode 600); else $"
              + GatewayKey.ENV
              + ".")
  Path gatewayKey;

  @Option(
      names = "--gateway-id",
      paramLabel = "ID",
      description = "This gateway's id in outcomes (default: ${DEFAULT-VALUE}).")
  String gatewayId = "vigil-enforce";

  @Option(
      names = "--capacity",
      paramLabel = "SESSIONS",
      description = "Most sessions held (default: ${DEFAULT-VALUE}).")
  int capacity = EnforcerSettings.DEFAULT_CAPACITY;

  @Option(
      names = "--limits",
      paramLabel = "FILE",
      description =
          "Default rate limits per population and endpoint role, as vigil limits recommend"
              + " writes them: checked, listed, and given to the enforcer (a gateway's requests"
              + " get them; the commands' SET_RATE_LIMIT applies on top).")
  Path limits;

  private final Map<CommandAction, Set<String>> sessionsByAction =
      new EnumMap<>(CommandAction.class);
  private long read;

  @Override
  public Integer call() throws Exception {
    Preflight.require(capacity >= 1, "--capacity must be at least 1");
    Preflight.require(!gatewayId.isBlank(), "--gateway-id must not be blank");
    Preflight.require(
        start.equals("beginning") || start.equals("end"),
        "--start takes beginning or end, not '" + start + "'");
    CommandFeed.Start from =
        start.equals("end") ? CommandFeed.Start.END : CommandFeed.Start.BEGINNING;
    FairAccessDefaults defaults = FairAccessDefaults.NONE;
    if (limits != null) {
      defaults = FairAccessDefaults.load(Preflight.inputFile(limits, "--limits"));
    }
    KeyPreflight.commandKeyRing(commandKeys, "--command-keys");
    CommandVerifier verifier =
        CommandVerifier.watching(
            commandKeys,
            CommandVerifier.DEFAULT_REPLAY_CAPACITY,
            CommandVerifier.DEFAULT_CLOCK_SKEW_MILLIS);
    GatewayKey key = null;
    if (publishOutcomes) {
      key = KeyPreflight.gatewayKey(gatewayKey);
      Preflight.require(
          key != null,
          "--publish-outcomes needs the gateway's signing key: give --gateway-key FILE or set "
              + GatewayKey.ENV);
    }
    Properties client = kafka.connect();
    PrintWriter out = spec.commandLine().getOut();
    KafkaOutcomeSink kafkaSink =
        publishOutcomes ? new KafkaOutcomeSink(client, outcomesTopic) : null;
    OutcomeSink sink = kafkaSink != null ? kafkaSink : OutcomeSink.NONE;
    ReferenceEnforcer enforcer =
        new ReferenceEnforcer(
            EnforcerSettings.defaults(gatewayId).withCapacity(capacity),
            verifier,
            key,
            sink,
            defaults);
    CountDownLatch finished = new CountDownLatch(1);
    try (CommandFeed feed =
        new CommandFeed(
            client, topic, from, enforcer, Clock.systemUTC(), (c, r) -> print(out, c, r))) {
      Thread onCtrlC =
          new Thread(
              () -> {
                feed.wakeup();
                try {
                  finished.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              },
              "vigil-enforce-stop");
      Runtime.getRuntime().addShutdownHook(onCtrlC);
      try {
        out.printf(
            "reading %s from its %s%s; Ctrl-C prints the summary%n",
            topic,
            start,
            publishOutcomes ? ", publishing outcomes to " + outcomesTopic : " (dry run)");
        if (!defaults.isEmpty()) {
          out.printf(
              "default rate limits from %s: %d, populations %s, roles %s%n",
              limits,
              defaults.limits().size(),
              String.join(", ", defaults.populations()),
              String.join(", ", defaults.roles()));
        }
        feed.run(untilEnd);
      } finally {
        try {
          if (kafkaSink != null) {
            kafkaSink.close();
          }
          summary(out, enforcer.stats());
          out.flush();
        } finally {
          finished.countDown();
          removeHook(onCtrlC);
        }
      }
    }
    return 0;
  }

  private static void removeHook(Thread hook) {
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // the JVM is shutting down (Ctrl-C): the hook is running
    }
  }

  private void print(PrintWriter out, SessionCommand c, CommandResult r) {
    read++;
    if (r.applied()) {
      sessionsByAction.computeIfAbsent(c.getAction(), a -> new HashSet<>()).add(c.getSessionId());
    }
    out.printf(
        Locale.ROOT,
        "%-8s %-16s session %s account %s seq %d%s%s%n",
        r.kind(),
        c.getAction(),
        c.getSessionId(),
        c.getAccountId(),
        c.getSequence(),
        c.getLateBySeconds() > 0 ? " late " + c.getLateBySeconds() + " s" : "",
        r.applied() ? "" : ": " + r.rejection() + " (" + r.detail() + ")");
  }

  private void summary(PrintWriter out, EnforcerStats s) {
    out.println();
    out.println("Summary");
    out.printf(Locale.ROOT, "  commands read       %,12d%n", read);
    out.printf(Locale.ROOT, "  applied             %,12d%n", s.applied());
    long rejected = s.rejections().values().stream().mapToLong(Long::longValue).sum();
    out.printf(Locale.ROOT, "  rejected            %,12d%n", rejected + s.ignored());
    s.rejections().forEach((reason, n) -> out.printf(Locale.ROOT, "    %-17s %,12d%n", reason, n));
    if (s.ignored() > 0) {
      out.printf(Locale.ROOT, "    %-17s %,12d%n", "ignored (ended)", s.ignored());
    }
    if (s.malformed() > 0) {
      out.printf(Locale.ROOT, "  not a command       %,12d%n", s.malformed());
    }
    out.printf(Locale.ROOT, "  sessions killed     %,12d%n", s.sessionsKilled());
    out.printf(Locale.ROOT, "  sessions challenged %,12d%n", sessions(CommandAction.STEP_UP));
    out.printf(
        Locale.ROOT, "  sessions throttled  %,12d%n", sessions(CommandAction.SET_RATE_LIMIT));
    out.printf(
        Locale.ROOT, "  sessions held       %,12d%n", sessions(CommandAction.HOLD_WITHDRAWALS));
    out.printf(Locale.ROOT, "  sessions timed      %,12d%n", sessions(CommandAction.SET_TIMEOUT));
  }

  private int sessions(CommandAction action) {
    Set<String> s = sessionsByAction.get(action);
    return s == null ? 0 : s.size();
  }
}
