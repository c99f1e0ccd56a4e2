package dev.vigil.core.engine;

import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.PopulationPrior;
import dev.vigil.core.profile.SessionState;
import dev.vigil.schema.AccessEvent;
import java.util.HashMap;
import java.util.Map;

/** Runs events through the engine with per-session and per-account state, as the job will. */
public final class SessionHarness {
  public final RiskModel model;
  public final SessionRiskEngine engine = new SessionRiskEngine(new PopulationPrior());
  public final Map<String, AccountProfile> accounts = new HashMap<>();
  public final Map<String, SessionState> sessions = new HashMap<>();
  public final Scored scored = new Scored();

  public SessionHarness() {
    this(RiskModelLoader.defaults());
  }

  public SessionHarness(RiskModel model) {
    this.model = model;
  }

  public Scored score(AccessEvent e) {
    AccountProfile a = accounts.computeIfAbsent(e.getAccountId(), k -> new AccountProfile());
    SessionState s = sessions.computeIfAbsent(e.getSessionId(), k -> new SessionState());
    engine.score(a, s, e, model, scored);
    return scored;
  }

  public AccountProfile account(String id) {
    return accounts.get(id);
  }

  public SessionState session(String id) {
    return sessions.get(id);
  }

  /**
   * Trains account "acct-1" with {@code sessions} owner sessions of {@code requests} requests, one
   * a day, each request 20 s apart; returns the time after the last one.
   */
  public long trainOwner(int days, int requests) {
    long t = Events.T0;
    for (int d = 0; d < days; d++) {
      long start = Events.T0 + d * 86_400_000L + 9 * 3_600_000L;
      for (int i = 0; i < requests; i++) {
        t = start + i * 20_000L;
        String path =
            i % 3 == 0 ? "/api/v1/balance" : (i % 3 == 1 ? "/api/v1/orders" : "/api/v1/ticker");
        score(Events.owner("owner-" + d, t).setPath(path).build());
      }
    }
    return t;
  }
}
