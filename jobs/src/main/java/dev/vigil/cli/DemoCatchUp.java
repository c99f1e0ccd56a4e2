package dev.vigil.cli;

import dev.vigil.demo.DemoTally;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * Whether the demo's jobs have read everything sent so far: the ingest has turned every record sent
 * into an event or a dead letter ({@link DemoTally}), and the risk job's consumer group has
 * committed the access-events topic's end offsets (its Kafka source commits them with each
 * checkpoint, every two seconds in the demo; the topic is written at-least-once, so without
 * transaction markers, and a committed offset equals the end offset once everything was read). One
 * admin client; each check is two requests to the local broker.
 */
final class DemoCatchUp implements AutoCloseable {
  private final Admin admin;
  private final DemoTally tally;
  private final String group;
  private final List<TopicPartition> partitions;

  DemoCatchUp(Properties client, DemoTally tally, String group, String eventsTopic)
      throws Exception {
    this.admin = Admin.create(client);
    this.tally = tally;
    this.group = group;
    this.partitions =
        admin
            .describeTopics(List.of(eventsTopic))
            .allTopicNames()
            .get(30, TimeUnit.SECONDS)
            .get(eventsTopic)
            .partitions()
            .stream()
            .map(p -> new TopicPartition(eventsTopic, p.partition()))
            .toList();
  }

  /** True once both jobs have read the {@code sent} records. */
  boolean caughtUp(long sent) throws Exception {
    if (tally.valid() + tally.deadLettered() < sent) {
      return false;
    }
    Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
    partitions.forEach(p -> latest.put(p, OffsetSpec.latest()));
    var ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
    Map<TopicPartition, OffsetAndMetadata> committed =
        admin
            .listConsumerGroupOffsets(group)
            .partitionsToOffsetAndMetadata()
            .get(30, TimeUnit.SECONDS);
    for (TopicPartition p : partitions) {
      long end = ends.get(p).offset();
      OffsetAndMetadata at = committed.get(p);
      if (end > 0 && (at == null || at.offset() < end)) {
        return false;
      }
    }
    return true;
  }

  @Override
  public void close() {
    admin.close();
  }
}
