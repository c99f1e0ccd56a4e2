package dev.vigil.cli;

import dev.vigil.kafka.TopicAdmin;
import dev.vigil.kafka.VigilTopic;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Topic management. */
@Command(
    name = "topics",
    description = "Manage Vigil's Kafka topics.",
    subcommands = {TopicsCommand.Create.class, TopicsCommand.ListTopics.class})
public final class TopicsCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Creates every topic Vigil uses, with its partitions and configs; existing ones are kept. */
  @Command(name = "create", description = "Create Vigil's topics that do not exist yet.")
  static final class Create implements Callable<Integer> {
    @Spec CommandSpec spec;
    @Mixin KafkaOptions kafka;

    @Option(
        names = "--replication-factor",
        defaultValue = "3",
        description = "Replicas per partition (default: ${DEFAULT-VALUE}; 1 for a single broker).")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
      if (replicationFactor < 1) {
        throw new Preflight.Usage(
            "--replication-factor must be at least 1; use 3 in production, 1 for one broker");
      }
      List<String> created =
          TopicAdmin.createMissing(
              kafka.connect(), replicationFactor, EnumSet.allOf(VigilTopic.class));
      var out = spec.commandLine().getOut();
      for (VigilTopic topic : VigilTopic.values()) {
        out.printf(
            "%-24s %s%n",
            topic.topicName(), created.contains(topic.topicName()) ? "created" : "exists");
      }
      return 0;
    }
  }

  /** Lists the topic definitions (no cluster needed). */
  @Command(name = "list", description = "Show the topics Vigil uses and their settings.")
  static final class ListTopics implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Override
    public Integer call() {
      var out = spec.commandLine().getOut();
      for (VigilTopic topic : VigilTopic.values()) {
        out.printf(
            "%-24s partitions=%d %s%n", topic.topicName(), topic.partitions(), topic.configs());
      }
      return 0;
    }
  }
}
