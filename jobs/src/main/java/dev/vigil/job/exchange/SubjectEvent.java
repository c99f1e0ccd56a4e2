package dev.vigil.job.exchange;

import dev.vigil.schema.SignalSubject;

/**
 * One access event as one subject's detector reads it: the subject it is keyed by, the account that
 * sent it, its time and whether it failed. A Flink POJO (public fields, no-arg constructor).
 */
public final class SubjectEvent {
  /** {@code type:subject}, the key. */
  public String key;

  public SignalSubject type;
  public String subject;
  public String accountId;
  public long timeMillis;
  public boolean failed;

  /** The request's duration in milliseconds, NaN when unknown (endpoint volume only). */
  public double latencyMillis = Double.NaN;

  /** The population whose series the request joins (endpoint volume only), else null. */
  public String population;

  /** The request's source address and user agent (endpoint volume only: who drives a flood). */
  public String sourceIp;

  public String userAgent;

  public SubjectEvent() {}

  public SubjectEvent(
      SignalSubject type, String subject, String accountId, long timeMillis, boolean failed) {
    this.key = type.name() + ':' + subject;
    this.type = type;
    this.subject = subject;
    this.accountId = accountId;
    this.timeMillis = timeMillis;
    this.failed = failed;
  }

  @Override
  public String toString() {
    return key + " " + accountId + " @" + timeMillis + (failed ? " failed" : "");
  }
}
