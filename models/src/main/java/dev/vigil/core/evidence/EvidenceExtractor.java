package dev.vigil.core.evidence;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.ForwardDecay;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.core.sketch.Hashing;

/**
 * Turns one event into evidence terms, each a weighted log-likelihood ratio ln P(x | compromised) -
 * ln P(x | owner) in nats, clamped to [{@code evidence.llrMin}, {@code evidence.llrMax}].
 *
 * <p>Categorical terms follow Freeman et al. (NDSS 2016): the owner's probability of a value is the
 * account's decayed frequency smoothed towards a prior, {@code P_acc(x) = (c_x + alpha *
 * P_prior(x)) / (n + alpha)}, with the network hierarchy prefix, AS number, country each backed off
 * to the population; the attacker's probability is a mixture of the population and a rare-value
 * floor, {@code P_att(x) = (1 - rho) * P_pop(x) + rho * r}, so unseen rare networks weigh more than
 * unseen common ones and a brand-new account (n = 0) gets LLR ln(P_att / P_pop), close to 0, not
 * "all novel". Session-level facts (a new network, a new client, an hour) count once when they
 * appear, not on every request; rate and failure terms count only the increase of their session
 * peak, so a sustained condition adds its peak once. Terms are assumed conditionally independent
 * given the state, which they are not quite (a new network often comes with a new client): the
 * weights below 1 discount that correlation.
 *
 * <p>Reads the account and population; writes only the session's evidence memory (peaks, the
 * clock-skew and sensitive flags, and the poisoning mark when the session is seen in two places).
 * No allocation. Rate and notional are scored against the larger deviation from the account's
 * current baseline and from the baseline as it was when the session started, so slow drift within a
 * session is measured from a fixed reference.
 */
public final class EvidenceExtractor {
  private EvidenceExtractor() {}

  public static void extract(
      AccountProfile a,
      SessionState s,
      PopulationPrior pop,
      EventFeatures f,
      RiskModel m,
      EvidenceBuffer out) {
    out.clear();
    RiskModel.Evidence ev = m.evidence;
    RiskModel.Features on = m.features;
    long t = f.timeMillis;
    double w = a.weightAt(t, ForwardDecay.tauMillis(m.profile.halfLifeDays));
    double alpha = m.profile.smoothingAlpha;
    boolean first = s.events <= 1;
    boolean networkChanged = first || f.prefix != s.currentPrefix;
    double prefixShare = CategoricalLlr.share(a.prefixes, f.prefix);
    double asnShare = CategoricalLlr.share(a.asns, f.asn);
    // Familiar: the account's own prefix or AS, in a country it uses. The country matters because
    // one cloud AS spans the world: the owner's AWS region says nothing about another one.
    boolean familiar =
        (prefixShare >= ev.freshNetworkMaxAccountShare
                || asnShare >= ev.freshNetworkMaxAccountShare)
            && CategoricalLlr.share(a.countries, f.country) >= ev.freshNetworkMaxAccountShare;

    // A network counts once per session: a session going back and forth must not add it at
    // each switch (the back and forth has its own terms).
    long networkBit = 1L << (f.prefix & 63);
    if (on.newNetwork && networkChanged && (s.scoredNetworks & networkBit) == 0) {
      s.scoredNetworks |= networkBit;
      double llr =
          ev.weightNetworkPrefix
                  * CategoricalLlr.networkLlr(
                      a.prefixes, f.prefix, PopulationPrior.NETWORK_PREFIX, pop, w, t, m)
              + ev.weightNetworkAsn
                  * CategoricalLlr.networkLlr(a.asns, f.asn, PopulationPrior.ASN, pop, w, t, m)
              + ev.weightNetworkCountry
                  * CategoricalLlr.networkLlr(
                      a.countries, f.country, PopulationPrior.COUNTRY, pop, w, t, m);
      add(
          out,
          ev,
          EvidenceCode.NEW_NETWORK,
          llr,
          f.asNumber,
          f.countryPacked,
          prefixShare,
          a.prefixes.total() / w);
    }

    // Likewise a client (family string and API key) counts once per session.
    long clientBit = 1L << (Hashing.combine(f.client, f.apiKey) & 63);
    if (on.newClient
        && (first || f.client != s.currentClient || f.apiKey != s.currentApiKey)
        && (s.scoredUserAgents & clientBit) == 0) {
      s.scoredUserAgents |= clientBit;
      double pPop = pop.probability(PopulationPrior.CLIENT_FAMILY, f.client, t, m.population);
      double llr =
          ev.weightClientFamily
                  * CategoricalLlr.backoffLlr(
                      a.clients, f.client, w, alpha, pPop, CategoricalLlr.attacker(pPop, m))
              + ev.weightApiKey * CategoricalLlr.apiKeyLlr(a, f.apiKey, w, alpha, m);
      add(
          out,
          ev,
          EvidenceCode.NEW_CLIENT,
          llr,
          CategoricalLlr.share(a.clients, f.client),
          CategoricalLlr.share(a.apiKeys, f.apiKey),
          pPop,
          a.clients.total() / w);
    }

    if (on.newClient) {
      ClientLineage.score(a, s, f, ev, first, out);
    }

    if (on.unusualHour && first && a.hoursTotal > 0) {
      int hour = (int) Math.floorMod(t / 3_600_000L, 24L);
      double pOwner = (a.hours[hour] / w + alpha / 24.0) / (a.hoursTotal / w + alpha);
      double llr = ev.weightHour * Math.log((1.0 / 24.0) / pOwner);
      add(
          out,
          ev,
          EvidenceCode.UNUSUAL_HOUR,
          llr,
          hour,
          a.hours[hour] / a.hoursTotal,
          Double.NaN,
          a.hoursTotal / w);
    }

    if (on.concurrentNetworks && networkChanged && !first && f.prefix != Hashing.ABSENT) {
      ConcurrencyEvidence.hop(s, f, ev, out);
      ConcurrencyEvidence.returning(s, f, ev, familiar, out);
    }
    if (on.concurrentNetworks && !first) {
      ConcurrencyEvidence.interleaving(s, f, ev, out);
    }
    if (on.concurrentNetworks) {
      KeyConcurrencyEvidence.score(a, s, f, ev, out);
    }

    if (on.impossibleTravel && !Double.isNaN(f.latitude) && !Float.isNaN(s.lastLatitude)) {
      TravelEvidence.score(s, f, ev, familiar, out);
    }

    if (on.replayedNonce && f.nonce != Hashing.ABSENT) {
      long seenAt = s.nonces.seenAt(f.nonce, t - (long) (ev.replayWindowSeconds * 1000));
      if (seenAt != Long.MIN_VALUE) {
        boolean below = f.nonceDecimal && f.nonceValue <= s.nonceHighWater;
        add(
            out,
            ev,
            EvidenceCode.REPLAYED_NONCE,
            ev.replayLlr,
            (t - seenAt) / 1000.0,
            below ? 1 : 0,
            Double.NaN);
      }
    }

    if (on.clockSkew && f.hasClientTimestamp) {
      double skew = Math.abs(t - f.clientTimestampMillis) / 1000.0;
      boolean skewed = skew > ev.receiveWindowSeconds;
      if (skewed && !s.clockSkewed) {
        add(
            out,
            ev,
            EvidenceCode.CLOCK_SKEW,
            ev.clockSkewLlr,
            skew,
            ev.receiveWindowSeconds,
            Double.NaN);
      }
      s.clockSkewed = skewed;
    }

    // A burst of new sessions on the account (minted session ids, scripted logins): scored once
    // per session, at its first request; log2 of the decayed count over the allowance, capped.
    if (on.sessionBurst && first && a.newSessions > ev.sessionBurstAllowance) {
      double doublings = Math.log(a.newSessions / ev.sessionBurstAllowance) / Math.log(2);
      add(
          out,
          ev,
          EvidenceCode.SESSION_BURST,
          Math.min(ev.sessionBurstMaxLlr, ev.sessionBurstLlrPerDoubling * doublings),
          a.newSessions,
          ev.sessionBurstHalfLifeSeconds,
          ev.sessionBurstAllowance);
    }

    if (on.failureBurst && f.authFailure) {
      double count = Math.max(s.failures, a.failures);
      if (count > ev.failureAllowance && ev.failureAllowance > 0) {
        double x = Math.log(count / ev.failureAllowance) / Math.log(2);
        if (x > s.failurePeak) {
          // Two parts: per doubling, a burst that keeps growing keeps adding; per failure, a
          // brute force weighs what a geometric model of failures gives (an owner retries a typo
          // with probability q ~ 0.2, a guesser with ~ 1: ln(1 / 0.2) per failure). The count
          // above the allowance is allowance * 2^x, so the increase needs no extra state.
          double perFailure =
              ev.failureLlrPerFailure
                  * ev.failureAllowance
                  * (Math.pow(2, x) - Math.pow(2, Math.max(0f, s.failurePeak)));
          add(
              out,
              ev,
              EvidenceCode.FAILURE_BURST,
              ev.failureLlrPerDoubling * (x - s.failurePeak) + perFailure,
              s.failures,
              a.failures,
              ev.failureAllowance);
          s.failurePeak = (float) x;
        }
      }
    }

    if (on.rateAboveBaseline) {
      BaselineEvidence.rate(a, s, ev, out);
    }

    double p0 = ev.behaviourPriorProbability;
    // Like the other session-level facts, an unusual path to sensitive endpoints counts once per
    // session: an owner who withdraws twice is no more suspect than one who withdraws once, and a
    // thief's withdrawals after his whitelist change add nothing new. A change of network does not
    // re-arm it (it did: a phone hopping between carrier prefixes and its wifi added 6.5 nats on
    // each hop, up to 4 times in one session): where the session comes from is the network
    // terms' fact, counted by them.
    if (on.unusualTransition && f.sensitive && !s.sensitiveTransitionReported) {
      s.sensitiveTransitionReported = true;
      long from = s.lastEndpoint == Hashing.ABSENT ? EventFeatures.SESSION_START : s.lastEndpoint;
      long transition = Hashing.combine(from, f.endpoint);
      double pEndpoint = CategoricalLlr.smoothed(a.endpoints, f.endpoint, w, alpha, p0);
      double pTransition = CategoricalLlr.smoothed(a.transitions, transition, w, alpha, pEndpoint);
      double llr = ev.weightTransition * Math.log(ev.sensitiveAttackerProbability / pTransition);
      add(
          out,
          ev,
          EvidenceCode.UNUSUAL_TRANSITION,
          llr,
          CategoricalLlr.share(a.transitions, transition),
          CategoricalLlr.share(a.endpoints, f.endpoint),
          Double.NaN,
          a.transitions.total() / w);
    }

    if (on.unusualInstrument
        && f.instrument != Hashing.ABSENT
        && f.instrument != s.lastInstrument) {
      double llr =
          ev.weightInstrument
              * CategoricalLlr.backoffLlr(a.instruments, f.instrument, w, alpha, p0, p0);
      // "This session trades an instrument the account rarely trades" is one fact per
      // instrument: a market maker switching back and forth between its quotes must not add it
      // on every switch, while a thief spreading orders over four thin contracts adds four.
      long bit = 1L << (f.instrument & 63);
      if (llr > 0 && (s.unusualInstruments & bit) != 0) {
        llr = 0;
      } else if (llr > 0) {
        s.unusualInstruments |= bit;
      }
      // The familiar side says "this is the owner's trading". Once the session has shown two
      // parties at once (interleaved networks or clients, a key in two places), the owner's own
      // requests are expected under both hypotheses, so they exculpate nothing: a replay hidden
      // among a market maker's quotes (interleaved networks +5, a stale signed timestamp +2 per
      // replayed request) was taken back to P = 1e-4 within seconds by -0.84 nats on every switch
      // between the bot's usual contracts.
      boolean twoParties = s.kindLlr[EvidenceKind.CONCURRENCY.ordinal()] > 0;
      if (llr > 0 || !twoParties) {
        add(
            out,
            ev,
            EvidenceCode.UNUSUAL_INSTRUMENT,
            llr,
            CategoricalLlr.share(a.instruments, f.instrument),
            Double.NaN,
            Double.NaN,
            a.instruments.total() / w);
      }
    }

    if (on.unusualNotional) {
      BaselineEvidence.notional(a, s, f, ev, out);
    }

    if (on.newWithdrawalAddress
        && f.withdrawalAddress != Hashing.ABSENT
        && f.withdrawalAddress != s.lastWithdrawalAddress) {
      double llr =
          ev.weightWithdrawalAddress
              * CategoricalLlr.backoffLlr(
                  a.withdrawalAddresses, f.withdrawalAddress, w, alpha, p0, p0);
      add(
          out,
          ev,
          EvidenceCode.NEW_WITHDRAWAL_ADDRESS,
          llr,
          CategoricalLlr.share(a.withdrawalAddresses, f.withdrawalAddress),
          Double.NaN,
          Double.NaN,
          a.withdrawalAddresses.total() / w);
    }

    // Cashing out: funds sent to an address this very session added to the whitelist. Thieves
    // must add their own address (P ~ 0.9 of their withdrawals); owners mostly withdraw to
    // addresses they added long ago (the simulator's owners pay out to a new wallet in 1 of 10
    // withdrawals): ln(0.9 / 0.1) = 2.2. The same on any network: how new the network is to the
    // account is counted by its own terms. Scored once per session.
    if (on.withdrawalToAddressAddedInSession
        && f.sensitive
        && !f.whitelistAdd
        && f.withdrawalAddress != Hashing.ABSENT
        && f.withdrawalAddress == s.lastWithdrawalAddress
        && s.addressWhitelistedHere
        && !s.freshAddressWithdrawalReported) {
      s.freshAddressWithdrawalReported = true;
      boolean fromFresh = s.addressWhitelistedFromFresh;
      add(
          out,
          ev,
          EvidenceCode.WITHDRAWAL_TO_ADDRESS_ADDED_IN_SESSION,
          ev.freshAddressWithdrawalLlr,
          fromFresh ? 1 : 0,
          CategoricalLlr.share(a.withdrawalAddresses, f.withdrawalAddress),
          Double.NaN);
    }

    if (networkChanged) {
      s.sensitiveFreshReported = false;
    }
    // A network the session arrived on fresh stays fresh for the session, even once the profile
    // has adopted it from this very session's first requests.
    boolean fresh = networkChanged ? !familiar : s.currentNetworkFresh;
    // After a fixed-line hop the block is fresh for owner and thief alike: the hop counted it.
    if (on.sensitiveFreshNetwork
        && f.sensitive
        && fresh
        && a.prefixes.total() > 0
        && !s.sensitiveFreshReported
        && !s.fixedLineHopReported) {
      add(
          out,
          ev,
          EvidenceCode.SENSITIVE_FROM_FRESH_NETWORK,
          ev.sensitiveFreshLlr,
          prefixShare,
          ev.freshNetworkMaxAccountShare,
          Double.NaN,
          a.prefixes.total() / w);
      s.sensitiveFreshReported = true;
    }

    if (on.mfaPassed && f.mfaPassed) {
      // From a network new to the account the pass says less (RiskModel.mfaPassedFreshNetworkLlr).
      double llr = fresh ? ev.mfaPassedFreshNetworkLlr : ev.mfaPassedLlr;
      add(out, ev, EvidenceCode.MFA_PASSED, llr, Double.NaN, Double.NaN, Double.NaN);
    }

    IntentEvidence.extract(a, s, pop, f, m, w, out);
  }

  /**
   * A session seen in two places at once, or travelling impossibly through an unfamiliar network,
   * may be shared with someone else: it must not teach the profile (the same guard as a high
   * probability), or a hijacker's network would become familiar after a few quiet requests.
   */
  static void poison(SessionState s) {
    s.poisoned = true;
  }

  /** Adds a term clamped to the model's LLR range (NaN terms are dropped). */
  static void add(
      EvidenceBuffer out,
      RiskModel.Evidence ev,
      EvidenceCode code,
      double llr,
      double v0,
      double v1,
      double v2) {
    add(out, ev, code, llr, v0, v1, v2, Double.NaN);
  }

  /** As above, with the count behind the estimate ({@link EvidenceCode#basisName()}). */
  static void add(
      EvidenceBuffer out,
      RiskModel.Evidence ev,
      EvidenceCode code,
      double llr,
      double v0,
      double v1,
      double v2,
      double basis) {
    if (Double.isNaN(llr)) {
      out.countNotFinite(); // counted, and alerted on by the job's evidenceNotFinite metric
      return;
    }
    // The trained weight multiplies the clamped term (1 unless the model's combination says).
    out.add(
        code,
        ev.codeWeight(code) * Math.max(ev.llrMin, Math.min(ev.llrMax, llr)),
        v0,
        v1,
        v2,
        basis);
  }
}
