package dev.vigil.core.evidence;

import dev.vigil.core.exchange.LiveSignals;
import dev.vigil.core.exchange.SignalSubjects;
import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.model.ExchangeSignalSettings;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;

/**
 * What the exchange job sees across accounts, as evidence about one session (issue 12): the event's
 * network prefix and AS, client fingerprint, withdrawal address, API key and session id are looked
 * up in the subtask's {@link LiveSignals}, and a live signal on one of them adds a term once per
 * session and feature ({@link SessionState#scoredSignals}): a session that moves to a second waved
 * network does not count the second wave (it is the same fact, that the session comes from a
 * stuffing source). A successful login from a network in a credential-stuffing wave is the
 * strongest case (a stuffing success): it adds {@code loginWaveSuccessLlr}, or the rest of it when
 * the session had already counted the wave.
 *
 * <p><b>Kinds.</b> A signal is evidence of the kind of the feature it names ({@link EvidenceKind}),
 * so the two-kinds rule still asks for an independent second source: a wave on the session's
 * network is {@code exchange_signal}, kind NETWORK (a fault in the source-address field would make
 * both the wave and the network's novelty), a wave on its client fingerprint {@code
 * exchange_signal_client} (DEVICE), a shared withdrawal address {@code exchange_signal_address}
 * (CASH_OUT), a shared API key or session id {@code exchange_signal_credential} (CONCURRENCY). Per
 * code and event one term, the strongest: a wave seen on both the /24 and its AS is one wave.
 *
 * <p><b>Cost.</b> Nothing when the table is empty; else at most six lookups ({@link
 * LiveSignals#find}, O(1)), a session-id hash only while a SESSION signal is held, no allocation.
 */
public final class ExchangeEvidence {
  private static final int LOGIN = EndpointRole.LOGIN.ordinal();
  private static final int LOGIN_WAVE = SignalKind.LOGIN_WAVE.ordinal();
  private static final int SHARED_ADDRESS = SignalKind.SHARED_WITHDRAWAL_ADDRESS.ordinal();
  private static final int SHARED_CREDENTIAL = SignalKind.SHARED_CREDENTIAL.ordinal();
  private static final int SESSION = SignalSubject.SESSION.ordinal();

  private ExchangeEvidence() {}

  /**
   * Adds the event's exchange-signal terms to {@code out}.
   *
   * @param sessionId the event's session id (hashed only while a SESSION signal is held)
   */
  public static void score(
      LiveSignals signals,
      SessionState s,
      EventFeatures f,
      CharSequence sessionId,
      RiskModel m,
      EvidenceBuffer out) {
    ExchangeSignalSettings w = m.evidence.exchangeSignals;
    if (signals == null || signals.size() == 0 || !w.enabled) {
      return;
    }
    long t = f.timeMillis;
    boolean loginSuccess = f.role == LOGIN && !f.failed && !f.authFailure;

    // Network prefix and AS: the same wave at two granularities, one term.
    int a = signals.find(SignalSubjects.key(SignalSubject.NETWORK, f.prefix), t);
    int b = signals.find(SignalSubjects.key(SignalSubject.AUTONOMOUS_SYSTEM, f.asn), t);
    double la = term(signals, a, s, 0, loginSuccess, w.loginWaveLlr, w.loginWaveSuccessLlr, w);
    double lb = term(signals, b, s, 1, loginSuccess, w.loginWaveLlr, w.loginWaveSuccessLlr, w);
    double success = loginSuccess ? 1 : 0;
    emit(
        out, m, EvidenceCode.EXCHANGE_SIGNAL, signals, la >= lb ? a : b, Math.max(la, lb), success);

    // The wave names the client fingerprint (Subjects.client: the user agent without digits and
    // dots), which is the event's client family hash, not the exact user agent's.
    int c = signals.find(SignalSubjects.key(SignalSubject.CLIENT, f.client), t);
    double lc = term(signals, c, s, 2, loginSuccess, w.loginWaveClientLlr, w.loginWaveClientLlr, w);
    emit(out, m, EvidenceCode.EXCHANGE_SIGNAL_CLIENT, signals, c, lc, success);

    long address = SignalSubjects.key(SignalSubject.WITHDRAWAL_ADDRESS, f.withdrawalAddress);
    int d = signals.find(address, t);
    double ld = term(signals, d, s, 3, false, 0, 0, w);
    emit(out, m, EvidenceCode.EXCHANGE_SIGNAL_ADDRESS, signals, d, ld, Double.NaN);

    int k = signals.find(SignalSubjects.key(SignalSubject.API_KEY, f.apiKey), t);
    int sid =
        signals.size(SESSION) == 0
            ? -1
            : signals.find(SignalSubjects.key(SignalSubject.SESSION, Hashing.of(sessionId)), t);
    double lk = term(signals, k, s, 4, false, 0, 0, w);
    double ls = term(signals, sid, s, 5, false, 0, 0, w);
    int credential = lk >= ls ? k : sid;
    emit(
        out,
        m,
        EvidenceCode.EXCHANGE_SIGNAL_CREDENTIAL,
        signals,
        credential,
        Math.max(lk, ls),
        Double.NaN);
  }

  /**
   * The LLR a live signal in {@code slot} adds to this session now (0 if none or already counted),
   * marking it counted.
   *
   * @param subject which of the event's features matched (0 network, 1 AS, 2 client, 3 address, 4
   *     API key, 5 session id): its bit in {@link SessionState#scoredSignals}, and for the network
   *     and the AS one more (6, 7) for a counted stuffing success
   * @param wave the weight of a login wave on this subject, {@code success} with a login success
   */
  private static double term(
      LiveSignals signals,
      int slot,
      SessionState s,
      int subject,
      boolean loginSuccess,
      double wave,
      double success,
      ExchangeSignalSettings w) {
    if (slot < 0) {
      return 0;
    }
    int kind = signals.kind(slot);
    double plain;
    if (kind == LOGIN_WAVE) {
      plain = wave;
    } else if (kind == SHARED_ADDRESS) {
      plain = w.sharedWithdrawalAddressLlr;
    } else if (kind == SHARED_CREDENTIAL) {
      plain = w.sharedCredentialLlr;
    } else {
      return 0; // ENDPOINT_VOLUME is volume, not compromise; OTHER is a kind added later
    }
    double strong = kind == LOGIN_WAVE && loginSuccess ? success : plain;
    int seen = 1 << subject;
    int seenStrong = subject < 2 ? 1 << (6 + subject) : 0;
    boolean counted = (s.scoredSignals & seen) != 0;
    if (strong <= plain) {
      s.scoredSignals |= seen;
      return counted ? 0 : plain;
    }
    if ((s.scoredSignals & seenStrong) != 0) {
      return 0;
    }
    s.scoredSignals |= seen | seenStrong;
    return counted ? strong - plain : strong;
  }

  private static void emit(
      EvidenceBuffer out,
      RiskModel m,
      EvidenceCode code,
      LiveSignals signals,
      int slot,
      double llr,
      double loginSuccess) {
    if (llr > 0 && slot >= 0) {
      EvidenceExtractor.add(
          out, m.evidence, code, llr, signals.accounts(slot), signals.score(slot), loginSuccess);
    }
  }
}
