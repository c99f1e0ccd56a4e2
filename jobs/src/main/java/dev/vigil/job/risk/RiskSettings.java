package dev.vigil.job.risk;

import dev.vigil.core.engine.IssueClock;
import java.io.Serializable;
import java.time.Duration;

/**
 * Tunables of the session risk operator that are not part of the model (those travel in the model
 * file). Holds no secrets: keys are named by file path or environment variable and read on the task
 * managers, so they never enter the job graph.
 *
 * @param auditMinProbabilityChange write an audit record when the probability moves by more than
 *     this in one event (0 = every change, however small); a command always gets one
 * @param sessionStateTtl a session's state is dropped this long after its last update
 * @param accountStateTtl an account's profile is dropped this long after its last update
 * @param defaultIdleTimeout sessions without a commanded idle timeout expire after this long idle
 * @param riskBandMedium probability from which a session's CAEP risk level is MEDIUM
 * @param riskBandHigh probability from which it is HIGH
 * @param commandKeyFile file with the command key ring (lines keyId:base64), or null
 * @param commandKeyEnv environment variable holding the key ring, used when there is no file
 * @param requireSignedCommands refuse to start without a command key
 * @param caepEnabled emit CAEP security event tokens
 * @param caepIssuer the SETs' iss claim
 * @param caepAudience the SETs' aud claim, or null
 * @param caepKeyFile HS256 secret (base64) or ES256 PKCS#8 PEM key file for signing SETs, or null
 * @param caepKeyEnv environment variable with the same, used when there is no file
 * @param trustedModelKeys comma-separated files of the Ed25519 public keys whose model signatures
 *     the job accepts, or null (then no signed model is accepted)
 * @param allowUnsignedModels apply models without signature headers (tests and demos only)
 * @param commandSigningKeyFile Ed25519 command signing key file (wins over the HMAC ring), or null
 * @param commandSigningKeyEnv environment variable with the same, used when there is no file
 * @param commandHmacLegacyForm HMAC only: sign the old newline-joined form
 * @param maxSessionsPerAccount most sessions kept per account (at least 16); beyond it the oldest
 *     session not acted on is evicted ({@link SessionStore})
 * @param auditPseudonymise replace the event's direct identifiers in audit records by keyed
 *     pseudonyms ({@link dev.vigil.audit.Pseudonymiser})
 * @param auditPseudonymKeyFile file with the pseudonym key (base64, at least 32 bytes), or null
 * @param auditPseudonymKeyEnv environment variable with the same, used when there is no file
 * @param commandClock what a command's issue time is, which its expiry counts from: {@link
 *     IssueClock#WALL} (processing time) in the streaming job, {@link IssueClock#EVENT_TIME} in a
 *     backtest ({@link Backtest#run}), a fixed clock in tests
 */
public record RiskSettings(
    double auditMinProbabilityChange,
    Duration sessionStateTtl,
    Duration accountStateTtl,
    Duration defaultIdleTimeout,
    double riskBandMedium,
    double riskBandHigh,
    String commandKeyFile,
    String commandKeyEnv,
    boolean requireSignedCommands,
    boolean caepEnabled,
    String caepIssuer,
    String caepAudience,
    String caepKeyFile,
    String caepKeyEnv,
    String trustedModelKeys,
    boolean allowUnsignedModels,
    String commandSigningKeyFile,
    String commandSigningKeyEnv,
    boolean commandHmacLegacyForm,
    int maxSessionsPerAccount,
    boolean auditPseudonymise,
    String auditPseudonymKeyFile,
    String auditPseudonymKeyEnv,
    IssueClock commandClock)
    implements Serializable {

  /** The default of {@link #maxSessionsPerAccount}. */
  public static final int DEFAULT_MAX_SESSIONS_PER_ACCOUNT = 1024;

  public static RiskSettings defaults() {
    return new RiskSettings(
        0.001,
        Duration.ofHours(25),
        Duration.ofDays(90),
        Duration.ofHours(1),
        0.3,
        0.8,
        null,
        "VIGIL_COMMAND_KEYS",
        true,
        false,
        "https://vigil.invalid",
        null,
        null,
        "VIGIL_CAEP_KEY",
        null,
        false,
        null,
        "VIGIL_COMMAND_SIGNING_KEY",
        false,
        DEFAULT_MAX_SESSIONS_PER_ACCOUNT,
        false,
        null,
        "VIGIL_AUDIT_PSEUDONYM_KEY",
        IssueClock.WALL);
  }

  /** Issues commands at the time {@code clock} tells (expiry counts from it). */
  public RiskSettings withCommandClock(IssueClock clock) {
    Copy c = new Copy(this);
    c.commandClock = java.util.Objects.requireNonNull(clock);
    return c.build();
  }

  /** Reads the pseudonym key from this environment variable when there is no key file. */
  public RiskSettings withAuditPseudonymKeyEnv(String variable) {
    Copy c = new Copy(this);
    c.auditPseudonymKeyEnv = variable;
    return c.build();
  }

  /** Pseudonymises the audit records with the key in this file (base64, mode 600). */
  public RiskSettings withAuditPseudonyms(String keyFile) {
    Copy c = new Copy(this);
    c.auditPseudonymise = true;
    c.auditPseudonymKeyFile = keyFile;
    return c.build();
  }

  /** Keeps at most this many sessions per account. */
  public RiskSettings withMaxSessionsPerAccount(int max) {
    Copy c = new Copy(this);
    c.maxSessionsPerAccount = max;
    return c.build();
  }

  /** Trusts the public keys in these files (comma-separated) to sign models. */
  public RiskSettings withTrustedModelKeys(String files) {
    Copy c = new Copy(this);
    c.trustedModelKeys = files;
    return c.build();
  }

  /** Applies models without signatures too: for tests about something else, never production. */
  public RiskSettings withUnsignedModels() {
    Copy c = new Copy(this);
    c.allowUnsignedModels = true;
    return c.build();
  }

  /** Signs commands with this Ed25519 private key file (wins over an HMAC key ring). */
  public RiskSettings withCommandSigningKeyFile(String path) {
    Copy c = new Copy(this);
    c.commandSigningKeyFile = path;
    return c.build();
  }

  public RiskSettings withCommandKeyFile(String path) {
    Copy c = new Copy(this);
    c.commandKeyFile = path;
    return c.build();
  }

  public RiskSettings withCaep(String issuer, String audience, String keyFile) {
    Copy c = new Copy(this);
    c.caepEnabled = true;
    c.caepIssuer = issuer;
    c.caepAudience = audience;
    c.caepKeyFile = keyFile;
    return c.build();
  }

  public RiskSettings withoutCaep() {
    Copy c = new Copy(this);
    c.caepEnabled = false;
    return c.build();
  }

  public RiskSettings withAuditMinProbabilityChange(double change) {
    Copy c = new Copy(this);
    c.auditMinProbabilityChange = change;
    return c.build();
  }

  public RiskSettings withUnsignedCommands() {
    Copy c = new Copy(this);
    c.requireSignedCommands = false;
    return c.build();
  }

  /** A mutable copy, so each wither names only the fields it changes. */
  private static final class Copy {
    double auditMinProbabilityChange;
    Duration sessionStateTtl;
    Duration accountStateTtl;
    Duration defaultIdleTimeout;
    double riskBandMedium;
    double riskBandHigh;
    String commandKeyFile;
    String commandKeyEnv;
    boolean requireSignedCommands;
    boolean caepEnabled;
    String caepIssuer;
    String caepAudience;
    String caepKeyFile;
    String caepKeyEnv;
    String trustedModelKeys;
    boolean allowUnsignedModels;
    String commandSigningKeyFile;
    String commandSigningKeyEnv;
    boolean commandHmacLegacyForm;
    int maxSessionsPerAccount;
    boolean auditPseudonymise;
    String auditPseudonymKeyFile;
    String auditPseudonymKeyEnv;
    IssueClock commandClock;

    Copy(RiskSettings s) {
      auditMinProbabilityChange = s.auditMinProbabilityChange;
      sessionStateTtl = s.sessionStateTtl;
      accountStateTtl = s.accountStateTtl;
      defaultIdleTimeout = s.defaultIdleTimeout;
      riskBandMedium = s.riskBandMedium;
      riskBandHigh = s.riskBandHigh;
      commandKeyFile = s.commandKeyFile;
      commandKeyEnv = s.commandKeyEnv;
      requireSignedCommands = s.requireSignedCommands;
      caepEnabled = s.caepEnabled;
      caepIssuer = s.caepIssuer;
      caepAudience = s.caepAudience;
      caepKeyFile = s.caepKeyFile;
      caepKeyEnv = s.caepKeyEnv;
      trustedModelKeys = s.trustedModelKeys;
      allowUnsignedModels = s.allowUnsignedModels;
      commandSigningKeyFile = s.commandSigningKeyFile;
      commandSigningKeyEnv = s.commandSigningKeyEnv;
      commandHmacLegacyForm = s.commandHmacLegacyForm;
      maxSessionsPerAccount = s.maxSessionsPerAccount;
      auditPseudonymise = s.auditPseudonymise;
      auditPseudonymKeyFile = s.auditPseudonymKeyFile;
      auditPseudonymKeyEnv = s.auditPseudonymKeyEnv;
      commandClock = s.commandClock;
    }

    RiskSettings build() {
      return new RiskSettings(
          auditMinProbabilityChange,
          sessionStateTtl,
          accountStateTtl,
          defaultIdleTimeout,
          riskBandMedium,
          riskBandHigh,
          commandKeyFile,
          commandKeyEnv,
          requireSignedCommands,
          caepEnabled,
          caepIssuer,
          caepAudience,
          caepKeyFile,
          caepKeyEnv,
          trustedModelKeys,
          allowUnsignedModels,
          commandSigningKeyFile,
          commandSigningKeyEnv,
          commandHmacLegacyForm,
          maxSessionsPerAccount,
          auditPseudonymise,
          auditPseudonymKeyFile,
          auditPseudonymKeyEnv,
          commandClock);
    }
  }
}
