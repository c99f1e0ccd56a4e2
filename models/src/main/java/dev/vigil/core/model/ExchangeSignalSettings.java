package dev.vigil.core.model;

/**
 * Weights of the exchange-signal terms (optional section {@code evidence.exchangeSignals}; the
 * defaults below when absent or for a key left out, so a model file written before them loads and
 * scores as before: without a live signal no term fires). Each is a log-likelihood ratio in nats,
 * ln(P(the session meets a live signal | compromised) / P(... | owner)), from stated base rates
 * (models/artifacts/README.md gives the derivations); none is fitted yet.
 */
public final class ExchangeSignalSettings {
  /** Whether live signals count at all (default true). */
  public final boolean enabled;

  /**
   * A request from a network prefix or AS in a credential-stuffing wave (default 3.0 = ln(0.3 /
   * 0.015)).
   */
  public final double loginWaveLlr;

  /**
   * A successful login from a network prefix or AS in a wave: a stuffing success (default 6.0 =
   * ln(0.9 / 0.0022)). Below the 7 nats from the prior to a step-up: alone it never steps up an
   * owner behind a shared exit; with a network or client new to the account it does.
   */
  public final double loginWaveSuccessLlr;

  /** A request whose exact client fingerprint is in a wave (default 1.0 = ln(0.3 / 0.11)). */
  public final double loginWaveClientLlr;

  /** A withdrawal address several accounts use (default 2.3 = ln(0.3 / 0.03)). */
  public final double sharedWithdrawalAddressLlr;

  /** An API key or session id two accounts presented (default 4.6 = ln(0.5 / 0.005)). */
  public final double sharedCredentialLlr;

  /** The defaults. */
  public static final ExchangeSignalSettings DEFAULTS = new ExchangeSignalSettings(null);

  ExchangeSignalSettings(StrictNode n) {
    enabled = n == null || !n.has("enabled") || n.bool("enabled");
    loginWaveLlr = number(n, "loginWaveLlr", 3.0);
    loginWaveSuccessLlr = number(n, "loginWaveSuccessLlr", 6.0);
    loginWaveClientLlr = number(n, "loginWaveClientLlr", 1.0);
    sharedWithdrawalAddressLlr = number(n, "sharedWithdrawalAddressLlr", 2.3);
    sharedCredentialLlr = number(n, "sharedCredentialLlr", 4.6);
    if (n != null) {
      if (loginWaveSuccessLlr < loginWaveLlr) {
        throw new ModelValidationException(
            n.path() + ".loginWaveSuccessLlr",
            "must be at least loginWaveLlr: a stuffing success weighs more than any other request"
                + " from the wave");
      }
      n.finish();
    }
  }

  /** Reads the optional section of {@code evidence}. */
  static ExchangeSignalSettings read(StrictNode evidence) {
    return evidence.has("exchangeSignals")
        ? new ExchangeSignalSettings(evidence.object("exchangeSignals"))
        : DEFAULTS;
  }

  private static double number(StrictNode n, String key, double absent) {
    return n != null && n.has(key) ? n.number(key, 0, 20) : absent;
  }
}
