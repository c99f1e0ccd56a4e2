package dev.vigil.enforcer;

import java.util.Objects;

/**
 * One request of a session, as {@link ReferenceEnforcer#check(String, Request)} takes it. The
 * allocation-free form is {@link ReferenceEnforcer#check(String, long, RequestKind, int, int)}.
 *
 * @param timeMillis when the gateway received it, epoch milliseconds
 * @param kind what it does
 * @param role the endpoint's role index in the enforcer's {@link FairAccessDefaults} ({@link
 *     FairAccessDefaults#role(String)}), or {@link FairAccessDefaults#NO_ROLE}
 * @param population the session's population index ({@link FairAccessDefaults#population(String)}),
 *     or {@link FairAccessDefaults#NO_POPULATION}; read on the session's first request that names
 *     one, later ones are ignored
 */
public record Request(long timeMillis, RequestKind kind, int role, int population) {
  public Request {
    Objects.requireNonNull(kind, "kind");
  }

  /** A request without default rate limits: no role, no population (only Vigil's commands). */
  public Request(long timeMillis, RequestKind kind) {
    this(timeMillis, kind, FairAccessDefaults.NO_ROLE, FairAccessDefaults.NO_POPULATION);
  }
}
