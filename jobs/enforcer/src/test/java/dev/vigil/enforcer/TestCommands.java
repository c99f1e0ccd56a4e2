package dev.vigil.enforcer;

import dev.vigil.schema.CommandAction;
import dev.vigil.schema.CommandAuthenticator;
import dev.vigil.schema.CommandParameters;
import dev.vigil.schema.CommandVerifier;
import dev.vigil.schema.EnforcementOutcome;
import dev.vigil.schema.SessionCommand;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/** Signed commands and an enforcer that records its outcomes, for the enforcer's tests. */
final class TestCommands {
  static final long T = 1_764_400_000_000L;
  static final String RING =
      "k1:" + Base64.getEncoder().encodeToString("a-test-command-key-of-32-bytes-!".getBytes());
  static final CommandAuthenticator SIGNER = CommandAuthenticator.parse(RING);
  static final GatewayKey GATEWAY_KEY =
      GatewayKey.parse(
          "gw1:"
              + Base64.getEncoder().encodeToString("gateway-KEY-for-tests-0123456789".getBytes()),
          "test");

  private TestCommands() {}

  static SessionCommand.Builder unsigned(
      String session, String id, CommandAction action, long sequence, CommandParameters p) {
    return SessionCommand.newBuilder()
        .setCommandId(id)
        .setSessionId(session)
        .setAccountId("acct-" + session)
        .setAction(action)
        .setParameters(p == null ? CommandParameters.newBuilder().build() : p)
        .setIssuedAt(T)
        .setExpiresAt(T + 300_000)
        .setProbability(0.9)
        .setModelVersion("m")
        .setTriggerEventId("e")
        .setEventTime(T)
        .setSequence(sequence);
  }

  static SessionCommand signed(
      String session, String id, CommandAction action, long sequence, CommandParameters p) {
    return SIGNER.sign(unsigned(session, id, action, sequence, p).build());
  }

  static CommandParameters rate(double rps, int burst) {
    return CommandParameters.newBuilder().setRequestsPerSecond(rps).setBurst(burst).build();
  }

  static CommandParameters timeout(long absolute, long idle) {
    return CommandParameters.newBuilder()
        .setAbsoluteTimeoutSeconds(absolute)
        .setIdleTimeoutSeconds(idle)
        .build();
  }

  static CommandParameters stepUp(long timeoutSeconds, String... factors) {
    return CommandParameters.newBuilder()
        .setAcceptedFactors(factors.length == 0 ? null : List.of(factors))
        .setStepUpTimeoutSeconds(timeoutSeconds)
        .build();
  }

  /** An enforcer with the test ring, default settings and a list that keeps its outcomes. */
  static ReferenceEnforcer enforcer(List<EnforcementOutcome> outcomes) {
    return enforcer(outcomes, EnforcerSettings.defaults("gw-test"));
  }

  static ReferenceEnforcer enforcer(List<EnforcementOutcome> outcomes, EnforcerSettings settings) {
    return new ReferenceEnforcer(
        settings, new CommandVerifier(SIGNER.ring()), GATEWAY_KEY, outcomes::add);
  }

  static List<EnforcementOutcome> outcomes() {
    return new ArrayList<>();
  }
}
