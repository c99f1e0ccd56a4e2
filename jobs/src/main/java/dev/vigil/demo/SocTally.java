package dev.vigil.demo;

import dev.vigil.schema.ExchangeSignal;
import dev.vigil.schema.SecurityCase;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * What the demo shows the SOC, read from the topics as a SOC consumer would: the exchange job's
 * signals ({@code vigil.signals}), the session risk job's cases ({@code vigil.cases}) and OCSF
 * findings ({@code vigil.findings}). All three are written at-least-once, so a signal counts once
 * per signal id and a case by its highest revision. Runs on its own thread, as {@link DemoTally};
 * the getters are safe to call from another.
 */
public final class SocTally extends TopicTally {
  private final String signalsTopic;
  private final String casesTopic;
  private final Properties client;
  private final String riskSignalsGroup;
  private final long liveFrom;

  private final Map<String, ExchangeSignal> signals = new LinkedHashMap<>();
  private final Map<String, SecurityCase> cases = new LinkedHashMap<>();
  private long signalRecords;
  private long findings;
  private long unreadable;

  /**
   * @param riskSignalsGroup the session risk job's consumer group on {@code signals}, whose
   *     committed offsets say how many signal records it read back
   * @param liveFrom event time (epoch milliseconds, as sent) at which the demo's live window
   *     begins: signals raised from then on are counted apart from the history's
   */
  public SocTally(
      Properties client,
      String signals,
      String cases,
      String findings,
      String riskSignalsGroup,
      long liveFrom) {
    super(client, Map.of(), "vigil-demo-soc-tally", signals, cases, findings);
    this.liveFrom = liveFrom;
    this.signalsTopic = signals;
    this.casesTopic = cases;
    this.client = client;
    this.riskSignalsGroup = riskSignalsGroup;
  }

  public SocTally start() {
    startReading();
    return this;
  }

  @Override
  void count(ConsumerRecord<byte[], byte[]> r) {
    try {
      if (r.topic().equals(signalsTopic)) {
        signalRecords++;
        ExchangeSignal s = ExchangeSignal.getDecoder().decode(r.value());
        signals.putIfAbsent(s.getSignalId(), s);
      } else if (r.topic().equals(casesTopic)) {
        SecurityCase c = SecurityCase.getDecoder().decode(r.value());
        cases.merge(c.getCaseId(), c, (a, b) -> b.getRevision() > a.getRevision() ? b : a);
      } else {
        findings++;
      }
    } catch (Exception e) {
      unreadable++;
    }
  }

  /** The distinct signals read so far, in the order first read. */
  public synchronized List<ExchangeSignal> signals() {
    return List.copyOf(signals.values());
  }

  /** The latest revision of each case read so far, in the order first read. */
  public synchronized List<SecurityCase> cases() {
    return List.copyOf(cases.values());
  }

  /** Event time at which the demo's live window begins, as sent. */
  public long liveFrom() {
    return liveFrom;
  }

  /** Records read from the signals topic, repeats included. */
  public synchronized long signalRecords() {
    return signalRecords;
  }

  /**
   * Signal records the session risk job has read back, as its consumer group committed them (with
   * each checkpoint): the sum of its committed offsets on the signals topic; -1 when the broker did
   * not say.
   */
  public long readByRiskJob() {
    try (Admin admin = Admin.create(client)) {
      return admin
          .listConsumerGroupOffsets(riskSignalsGroup)
          .partitionsToOffsetAndMetadata()
          .get(10, TimeUnit.SECONDS)
          .entrySet()
          .stream()
          .filter(e -> e.getKey().topic().equals(signalsTopic) && e.getValue() != null)
          .mapToLong(e -> e.getValue().offset())
          .sum();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    } catch (Exception e) {
      return -1;
    }
  }

  /** OCSF findings read so far (one per case revision and per kill). */
  public synchronized long findings() {
    return findings;
  }

  /** Signals or cases that did not decode (none expected: the jobs write them). */
  public synchronized long unreadable() {
    return unreadable;
  }
}
