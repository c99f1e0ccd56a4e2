package dev.vigil.job.exchange;

import dev.vigil.core.exchange.Subjects;
import dev.vigil.core.model.EndpointRoles;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.SignalSubject;
import org.apache.flink.api.common.functions.FlatMapFunction;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichFlatMapFunction;
import org.apache.flink.util.Collector;

/** What each detector is keyed by, taken from an access event ({@link Subjects}). */
final class SubjectFanOut {
  private SubjectFanOut() {}

  /**
   * Logins (by the model file's endpoint roles) by source network, AS and client fingerprint: up to
   * three subject events per login, none for other requests.
   */
  static final class Logins extends RichFlatMapFunction<AccessEvent, SubjectEvent> {
    private static final long serialVersionUID = 1L;
    private final byte[] model;
    private transient EndpointRoles roles;

    /**
     * @param model the model file (JSON) whose {@code evidence.endpointRoles} name logins
     */
    Logins(byte[] model) {
      this.model = model.clone();
    }

    @Override
    public void open(OpenContext context) {
      roles = RiskModelLoader.parse(model).evidence.roles;
    }

    @Override
    public void flatMap(AccessEvent e, Collector<SubjectEvent> out) {
      if (!Subjects.isLogin(e, roles)) {
        return;
      }
      boolean failed = Subjects.failed(e);
      long t = e.getTimestamp();
      String account = e.getAccountId();
      emit(out, SignalSubject.NETWORK, Subjects.network(e.getSourceIp()), account, t, failed);
      emit(
          out,
          SignalSubject.AUTONOMOUS_SYSTEM,
          Subjects.autonomousSystem(e.getAsNumber()),
          account,
          t,
          failed);
      emit(out, SignalSubject.CLIENT, Subjects.client(e.getUserAgent()), account, t, failed);
    }
  }

  /**
   * Every request by endpoint template and population ({@link Subjects#endpoint}, {@link
   * Subjects#population}), keyed by both.
   */
  static final class Endpoints extends RichFlatMapFunction<AccessEvent, SubjectEvent> {
    private static final long serialVersionUID = 1L;
    private final byte[] model;
    private transient EndpointRoles roles;

    /**
     * @param model the model file (JSON) whose {@code evidence.endpointRoles} name endpoints
     */
    Endpoints(byte[] model) {
      this.model = model.clone();
    }

    @Override
    public void open(OpenContext context) {
      roles = RiskModelLoader.parse(model).evidence.roles;
    }

    @Override
    public void flatMap(AccessEvent e, Collector<SubjectEvent> out) {
      SubjectEvent s =
          new SubjectEvent(
              SignalSubject.ENDPOINT,
              Subjects.endpoint(e, roles),
              e.getAccountId(),
              e.getTimestamp(),
              Subjects.failed(e));
      s.population = Subjects.population(e);
      s.key = s.key + '|' + s.population;
      Long nanos = e.getDurationNanos();
      s.latencyMillis = nanos == null ? Double.NaN : nanos / 1e6;
      s.sourceIp = e.getSourceIp();
      s.userAgent = e.getUserAgent();
      out.collect(s);
    }
  }

  /** Successful requests that add or pay to a withdrawal address, by address. */
  static final class Addresses implements FlatMapFunction<AccessEvent, SubjectEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(AccessEvent e, Collector<SubjectEvent> out) {
      emit(
          out,
          SignalSubject.WITHDRAWAL_ADDRESS,
          Subjects.withdrawalAddress(e),
          e.getAccountId(),
          e.getTimestamp(),
          false);
    }
  }

  /** Every request by its session id, and by its API key id when it has one. */
  static final class Credentials implements FlatMapFunction<AccessEvent, SubjectEvent> {
    private static final long serialVersionUID = 1L;

    @Override
    public void flatMap(AccessEvent e, Collector<SubjectEvent> out) {
      long t = e.getTimestamp();
      emit(out, SignalSubject.SESSION, e.getSessionId(), e.getAccountId(), t, false);
      emit(out, SignalSubject.API_KEY, e.getApiKeyId(), e.getAccountId(), t, false);
    }
  }

  private static void emit(
      Collector<SubjectEvent> out,
      SignalSubject type,
      String subject,
      String account,
      long t,
      boolean failed) {
    if (subject != null && !subject.isEmpty()) {
      out.collect(new SubjectEvent(type, subject, account, t, failed));
    }
  }
}
