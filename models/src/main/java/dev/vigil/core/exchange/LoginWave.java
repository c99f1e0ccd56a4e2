package dev.vigil.core.exchange;

import dev.vigil.core.profile.StateMapper;
import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.util.Locale;

/**
 * Credential stuffing seen from one subject (a source network, an AS, a client fingerprint): the
 * logins it sent across accounts in a sliding window, and a {@link SignalKind#LOGIN_WAVE} when at
 * least {@link ExchangeSettings#waveMinAccounts} distinct accounts had a failed login and at least
 * {@link ExchangeSettings#waveMinFailureShare} of its logins failed. Stuffing tries one leaked
 * password per account, so it touches many accounts and nearly all of its tries fail (OWASP
 * Automated Threats OAT-008 "Credential Stuffing"; MITRE ATT&CK T1110.004); a NAT or a
 * carrier-grade NAT has as many accounts but few failures, a user who mistypes has one account.
 *
 * <p><b>Window.</b> Time is cut into half-windows aligned on the epoch; counts and the distinct
 * accounts ({@link WindowedDistinct}) of the current and the previous half are read together, so
 * what is counted spans between half the window and all of it (5 to 10 minutes by default). An
 * event older than the current half (out of order) is counted in it. <b>Once per window.</b> A wave
 * is raised at most once per {@link ExchangeSettings#loginWindow}: a wave that lasts an hour gives
 * about six signals, each renewing the evidence, with ids that differ by window.
 *
 * <p><b>Bounds.</b> About 1.2 KB per subject (two {@link WindowedDistinct}: all accounts, accounts
 * with a failure; ten sample accounts); O(1) per event, no allocation except when a signal is
 * raised (once per window at most).
 */
public final class LoginWave implements SubjectDetector {
  /** The state's binary form. */
  public static final StateMapper<LoginWave> MAPPER = new Mapper();

  private final WindowedDistinct accounts = new WindowedDistinct();
  private final WindowedDistinct failedAccounts = new WindowedDistinct();
  private final AccountSamples samples = new AccountSamples();
  private long half = Long.MIN_VALUE;
  private long failures;
  private long previousFailures;
  private long successes;
  private long previousSuccesses;
  private long first;
  private long previousFirst;
  private long lastSeen = Long.MIN_VALUE;
  private long lastRaised = Long.MIN_VALUE;

  @Override
  public ExchangeSignal update(
      ExchangeSettings s,
      long t,
      String accountId,
      long accountHash,
      boolean failed,
      SignalSubject type,
      String subject) {
    long halfMillis = s.loginWindow().toMillis() / 2;
    long h = Math.floorDiv(t, halfMillis);
    if (h > half) {
      long halves = half == Long.MIN_VALUE ? 2 : h - half;
      accounts.rotate(halves);
      failedAccounts.rotate(halves);
      previousFailures = halves == 1 ? failures : 0;
      previousSuccesses = halves == 1 ? successes : 0;
      previousFirst = halves == 1 ? first : Long.MAX_VALUE;
      failures = 0;
      successes = 0;
      first = t;
      half = h;
    }
    lastSeen = Math.max(lastSeen, t);
    accounts.add(accountHash);
    if (failed) {
      failures++;
      failedAccounts.add(accountHash);
      samples.add(accountId, accountHash);
    } else {
      successes++;
    }
    long windowFailures = failures + previousFailures;
    if (windowFailures < s.waveMinAccounts()
        || (lastRaised != Long.MIN_VALUE && t < lastRaised + s.loginWindow().toMillis())) {
      return null;
    }
    long windowSuccesses = successes + previousSuccesses;
    double share = windowFailures / (double) (windowFailures + windowSuccesses);
    double failedDistinct = failedAccounts.estimate();
    if (failedDistinct < s.waveMinAccounts() || share < s.waveMinFailureShare()) {
      return null;
    }
    lastRaised = t;
    int touched = (int) Math.round(Math.max(accounts.estimate(), failedDistinct));
    long windowStart = Math.min(first, previousFirst);
    String basis =
        String.format(
            Locale.ROOT,
            "%d failed and %d successful logins for about %d accounts (%d with a failure) in the"
                + " last %d min; thresholds %d accounts with a failure, %.0f%% failed",
            windowFailures,
            windowSuccesses,
            touched,
            Math.round(failedDistinct),
            Math.max(1, (t - windowStart) / 60_000),
            s.waveMinAccounts(),
            100 * s.waveMinFailureShare());
    return ExchangeSignals.of(
        SignalKind.LOGIN_WAVE,
        type,
        subject,
        half,
        windowStart,
        t,
        s.waveLifetime().toMillis(),
        touched,
        windowFailures,
        windowSuccesses,
        ExchangeSignals.score(failedDistinct, s.waveMinAccounts()),
        basis,
        samples.list());
  }

  @Override
  public long lastSeen() {
    return lastSeen;
  }

  private static final class Mapper implements StateMapper<LoginWave> {
    @Override
    public int currentVersion() {
      return 1;
    }

    @Override
    public void write(LoginWave w, DataOutput out) throws IOException {
      out.writeByte(currentVersion());
      out.writeLong(w.half);
      out.writeLong(w.failures);
      out.writeLong(w.previousFailures);
      out.writeLong(w.successes);
      out.writeLong(w.previousSuccesses);
      out.writeLong(w.first);
      out.writeLong(w.previousFirst);
      out.writeLong(w.lastSeen);
      out.writeLong(w.lastRaised);
      w.accounts.write(out);
      w.failedAccounts.write(out);
      w.samples.write(out);
    }

    @Override
    public LoginWave read(DataInput in) throws IOException {
      StateMapper.checkVersion(in.readUnsignedByte(), 1, "login wave");
      LoginWave w = new LoginWave();
      w.half = in.readLong();
      w.failures = in.readLong();
      w.previousFailures = in.readLong();
      w.successes = in.readLong();
      w.previousSuccesses = in.readLong();
      w.first = in.readLong();
      w.previousFirst = in.readLong();
      w.lastSeen = in.readLong();
      w.lastRaised = in.readLong();
      w.accounts.read(in);
      w.failedAccounts.read(in);
      w.samples.read(in);
      return w;
    }
  }
}
