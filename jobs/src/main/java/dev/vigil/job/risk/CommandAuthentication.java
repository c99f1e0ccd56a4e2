package dev.vigil.job.risk;

import dev.vigil.enforce.RotatingCommandSigner;
import dev.vigil.schema.CommandSigner;

/**
 * The command signer a risk operator signs with, from its settings: Ed25519 or HMAC keys (file or
 * environment, with rotation), or none when unsigned commands are explicitly allowed. One place for
 * the job's operator ({@link SessionRiskFunction}) and the file backtest ({@link SubtaskReplay}),
 * so both refuse a missing key with the same message.
 */
final class CommandAuthentication {
  private CommandAuthentication() {}

  /** The signer, or null when the settings allow unsigned commands and name no key. */
  static CommandSigner of(RiskSettings settings) {
    CommandSigner authenticator =
        RotatingCommandSigner.of(
            settings.commandSigningKeyFile(),
            settings.commandSigningKeyEnv(),
            settings.commandKeyFile(),
            settings.commandKeyEnv(),
            settings.commandHmacLegacyForm());
    if (authenticator == null && settings.requireSignedCommands()) {
      throw new IllegalStateException(
          "no command key: set "
              + settings.commandSigningKeyEnv()
              + " or commands.signing-key-file (Ed25519), or "
              + settings.commandKeyEnv()
              + " or commands.key-file (HMAC), or allow unsigned commands explicitly");
    }
    return authenticator;
  }
}
