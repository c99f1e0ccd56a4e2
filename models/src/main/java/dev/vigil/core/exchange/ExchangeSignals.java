package dev.vigil.core.exchange;

import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SignalKind;
import dev.vigil.schema.SignalSubject;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

/** Builds {@link ExchangeSignal} records with their deterministic id. */
public final class ExchangeSignals {
  private ExchangeSignals() {}

  /**
   * The signal id: a name-based UUID (RFC 9562 version 3) of kind, subject type, subject and the
   * window's key, so a replay of the same events issues the same id and a consumer applies it once.
   */
  public static String id(SignalKind kind, SignalSubject type, String subject, long windowKey) {
    String name = kind + "|" + type + "|" + subject + "|" + windowKey;
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** Score 0 at the threshold, 1/2 at twice it, 9/10 at ten times it: {@code 1 - t / x}. */
  public static double score(double value, double threshold) {
    return value <= threshold ? 0.0 : Math.min(1.0, 1.0 - threshold / value);
  }

  static ExchangeSignal of(
      SignalKind kind,
      SignalSubject type,
      String subject,
      long windowKey,
      long windowStart,
      long windowEnd,
      long lifetimeMillis,
      int accounts,
      long failures,
      long successes,
      double score,
      String basis,
      List<String> samples) {
    return ExchangeSignal.newBuilder()
        .setSignalId(id(kind, type, subject, windowKey))
        .setKind(kind)
        .setSubjectType(type)
        .setSubject(subject)
        .setWindowStart(windowStart)
        .setWindowEnd(windowEnd)
        .setIssuedAt(windowEnd)
        .setExpiresAt(windowEnd + lifetimeMillis)
        .setAccounts(accounts)
        .setFailures(failures)
        .setSuccesses(successes)
        .setScore(score)
        .setBasis(basis)
        .setSampleAccounts(samples)
        .setPopulation(null)
        .build();
  }
}
