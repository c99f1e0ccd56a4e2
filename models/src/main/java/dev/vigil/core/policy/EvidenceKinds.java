package dev.vigil.core.policy;

import dev.vigil.core.evidence.EvidenceBuffer;
import dev.vigil.core.evidence.EvidenceCode;
import dev.vigil.core.evidence.EvidenceKind;
import dev.vigil.core.profile.SessionState;

/**
 * The session's positive evidence summed per independent kind ({@link EvidenceKind}), kept in
 * {@link SessionState#kindLlr}, and the rules that read it.
 *
 * <p><b>Why per kind, not from the three retained reasons.</b> The session keeps its three
 * strongest codes for the commands' reasons; a fourth code of a new kind can be dropped there while
 * two codes of one kind (a new network and a sensitive request from it) are kept, so the kinds are
 * counted apart: {@value SessionState#EVIDENCE_KINDS} floats per session, O(terms) per event.
 *
 * <p><b>Volume is not compromise.</b> The request-rate term ({@link
 * EvidenceCode#RATE_ABOVE_BASELINE}) is summed apart ({@link SessionState#volumeLlr}) and counts
 * for no kind: a flood or a scraper is the owner's own pace far more often than a thief's, and the
 * usage throttle ({@link RateLimitPolicy}) is its answer. Escalation (step-up, hold, kill) needs at
 * least {@code killMinKindLlr} nats of evidence of some kind, so volume alone never escalates,
 * whatever probability its terms reach.
 *
 * <p><b>What a flood does is its volume seen from another side.</b> A scraper paging the trade
 * history a thousand times has an endpoint mix unlike its account's and takes paths the account
 * rarely takes, because it scrapes: those behaviour terms are not independent of the rate. With
 * {@code policy.behaviourCountsAtVolume} false (vigil-default-8), once a session's rate term has
 * fired ({@link SessionState#volumeLlr} above 0) its behaviour evidence no longer makes it
 * escalable: it needs a kind that says who is there (network, device, location, concurrency,
 * credential, protocol) or that money leaves (cash-out). The probability keeps every term; only the
 * gate changes, so abuse by the owner is throttled, never stepped up, held or killed on what it
 * does at volume.
 */
public final class EvidenceKinds {
  private static final EvidenceKind[] KINDS = EvidenceKind.values();

  private EvidenceKinds() {}

  /** Adds the event's positive terms to the session's sums. O(terms), no allocation. */
  public static void accumulate(SessionState s, EvidenceBuffer ev) {
    for (int i = 0; i < ev.size(); i++) {
      double llr = ev.llr(i);
      if (!(llr > 0)) {
        continue;
      }
      EvidenceCode code = ev.code(i);
      if (code == EvidenceCode.RATE_ABOVE_BASELINE) {
        s.volumeLlr += (float) llr;
        continue;
      }
      int k = code.kind().ordinal();
      if (k < SessionState.EVIDENCE_KINDS) {
        s.kindLlr[k] += (float) llr;
      }
    }
  }

  /** Whether a kind's evidence counts: positive and at least {@code minLlr} nats. */
  public static boolean present(SessionState s, EvidenceKind kind, double minLlr) {
    float llr = s.kindLlr[kind.ordinal()];
    return llr > 0 && llr >= minLlr;
  }

  /** How many kinds carry at least {@code minLlr} nats (and more than 0). */
  public static int count(SessionState s, double minLlr) {
    int n = 0;
    for (int k = 0; k < SessionState.EVIDENCE_KINDS; k++) {
      if (s.kindLlr[k] > 0 && s.kindLlr[k] >= minLlr) {
        n++;
      }
    }
    return n;
  }

  /** The kind with the most evidence (NONE when there is none). */
  public static EvidenceKind strongest(SessionState s) {
    int best = -1;
    for (int k = 0; k < SessionState.EVIDENCE_KINDS; k++) {
      if (s.kindLlr[k] > 0 && (best < 0 || s.kindLlr[k] > s.kindLlr[best])) {
        best = k;
      }
    }
    return best < 0 ? EvidenceKind.NONE : KINDS[best];
  }

  /**
   * Whether the session has evidence beyond volume to escalate on: a kind of at least {@code
   * minLlr} nats, not counting behaviour once the rate term has fired unless {@code
   * behaviourCountsAtVolume}.
   */
  public static boolean beyondVolume(
      SessionState s, double minLlr, boolean behaviourCountsAtVolume) {
    if (behaviourCountsAtVolume || !(s.volumeLlr > 0)) {
      return count(s, minLlr) > 0;
    }
    int behaviour = EvidenceKind.BEHAVIOUR.ordinal();
    for (int k = 0; k < SessionState.EVIDENCE_KINDS; k++) {
      if (k != behaviour && s.kindLlr[k] > 0 && s.kindLlr[k] >= minLlr) {
        return true;
      }
    }
    return false;
  }

  /** The session's strongest retained reason code, or -1 (the breaker counts kills by it). */
  public static int strongestCode(SessionState s) {
    int best = -1;
    for (int j = 0; j < s.topCount; j++) {
      if (best < 0 || s.topLlr[j] > s.topLlr[best]) {
        best = j;
      }
    }
    return best < 0 ? -1 : s.topCodes[best];
  }
}
