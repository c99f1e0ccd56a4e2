package dev.vigil.enforcer;

import java.util.Objects;

/**
 * One request of a session, as {@link ReferenceEnforcer#check(String, Request)} takes it. The
 * allocation-free form is {@link ReferenceEnforcer#check(String, long, RequestKind)}.
 *
 * @param timeMillis when the gateway received it, epoch milliseconds
 * @param kind what it does
 */
public record Request(long timeMillis, RequestKind kind) {
  public Request {
    Objects.requireNonNull(kind, "kind");
  }
}
