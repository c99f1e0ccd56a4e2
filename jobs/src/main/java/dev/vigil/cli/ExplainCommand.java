package dev.vigil.cli;

import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.explain.SessionTimeline;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.RiskDecision;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code vigil explain}: a session's timeline from the audit records (see SessionTimeline). */
@Command(
    name = "explain",
    description = {
      "Print a session's timeline from its audit records: each request, P before -> after,",
      "the evidence terms that moved it with their nats and values, policy notes, commands sent."
    })
public final class ExplainCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(names = "--session", required = true, paramLabel = "ID", description = "The session.")
  String session;

  @Option(
      names = "--decisions",
      paramLabel = "FILE",
      description = "RiskDecision JSON lines (vigil score's decisions.jsonl, or vigil consume).")
  Path decisions;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "With -b: the decisions topic (default: ${DEFAULT-VALUE}).")
  String topic = VigilTopic.RISK_DECISIONS.topicName();

  @Option(names = "--shadow", description = "Show the challenger (shadow) model's decisions.")
  boolean shadow;

  @Override
  public Integer call() {
    boolean fromKafka = kafka.bootstrapServers != null || kafka.clientConfig != null;
    if (fromKafka == (decisions != null)) {
      throw new ParameterException(
          spec.commandLine(),
          "give exactly one source of decisions: --decisions FILE or -b BROKER [--topic T]");
    }
    List<RiskDecision> read;
    String source;
    if (decisions != null) {
      read = EvaluationFiles.readDecisions(Preflight.inputFile(decisions, "--decisions"));
      source = decisions.toString();
    } else {
      List<RiskDecision> fromTopic = new ArrayList<>();
      ConsumeCommand.readAll(
          kafka.connect(),
          topic,
          value -> {
            try {
              fromTopic.add(RiskDecision.getDecoder().decode(value));
            } catch (Exception e) {
              // not a decision (another record type on a shared topic): skip
            }
          });
      read = fromTopic;
      source = "topic " + topic;
    }
    SessionTimeline t = SessionTimeline.of(session, read, shadow);
    if (t.isEmpty()) {
      throw new IllegalArgumentException(
          "no "
              + (shadow ? "shadow " : "")
              + "decision of session "
              + session
              + " in "
              + source
              + " ("
              + t.read()
              + " decisions of "
              + t.sessionsRead()
              + " sessions read); check --session"
              + (shadow ? " and --shadow" : ""));
    }
    PrintWriter o = spec.commandLine().getOut();
    o.print(t.render());
    o.flush();
    return 0;
  }
}
