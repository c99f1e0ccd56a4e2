package dev.vigil.cli;

import dev.vigil.evaluation.ComparisonCharts;
import dev.vigil.evaluation.ComparisonTable;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.ModelComparison;
import dev.vigil.injection.InjectedAttacks;
import dev.vigil.injection.InjectionConfig;
import dev.vigil.kafka.VigilTopic;
import dev.vigil.schema.RiskDecision;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code vigil compare}: two models backtested on the same traffic, labelled or with attacks
 * injected, side by side.
 */
@Command(
    name = "compare",
    description = {
      "Backtest two models on the same events (each with engine states of its own, one pass"
          + " over the file) and print one table, A, B and B - A: takeovers acted on in time and"
          + " median requests and seconds to action per scenario, benign sessions killed and"
          + " stepped up or held per population (warm-up included), bot sessions killed and"
          + " disrupted, per-event calibration error, session ROC and PR AUC, commands by action.",
      "With --labels, the labels written with the events (vigil simulate writes both) say"
          + " which sessions an attacker held. Without them, attacks from the simulator's library"
          + " are injected onto the file's own accounts, as vigil train does (--seed, --injection):"
          + " the injected sessions are the compromised ones and every other session counts as"
          + " benign (sessions mostly signed with an API key as 'automated', the others as"
          + " 'human'; those starting in the first warmupShare of the file as warm-up).",
      "Live: with --decisions FILE or -b BROKER [--topic T] instead, the active model"
          + " (champion) and the shadow model (challenger) of a running job, from its audit"
          + " records: each session's max probability and actions under both, the sessions where"
          + " they differ, and with --labels acted-on and false-action counts, calibration and"
          + " AUC."
    })
public final class CompareCommand implements Callable<Integer> {
  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Option(
      names = "--model",
      paramLabel = "FILE|default",
      description =
          "Give it twice: A (e.g. the active model, or 'default'), then B (the candidate).")
  List<String> models;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description = "Access-log JSON lines in time order (events.jsonl of vigil simulate).")
  Path events;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description =
          "labels.jsonl written with the events; without it, attacks are injected (see above).")
  Path labels;

  @Option(
      names = "--seed",
      defaultValue = "1",
      paramLabel = "N",
      description = "Without --labels: the injection's seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--injection",
      paramLabel = "FILE",
      description =
          "Without --labels: which attacks and how many, carefulShare and warmupShare (the JSON"
              + " of vigil train --injection; absent keys take the defaults, see models/README.md).")
  Path injection;

  @Option(
      names = "--decisions",
      paramLabel = "FILE",
      description =
          "Live: the champion and the challenger (shadow) of a run, from its audit records as JSON"
              + " lines (vigil consume, vigil audit export); instead of --model and --events.")
  Path decisions;

  @Option(
      names = "--topic",
      paramLabel = "TOPIC",
      description = "Live, with -b: the audit topic, read committed (default: ${DEFAULT-VALUE}).")
  String topic = VigilTopic.RISK_DECISIONS.topicName();

  @Option(names = "--json", paramLabel = "FILE", description = "Also write the table as JSON.")
  Path json;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description =
          "Write comparison.txt, .csv and .json there, and PNG charts: takeovers acted on in"
              + " time, benign actions per population, per-event reliability.")
  Path out;

  @Override
  public Integer call() throws IOException {
    boolean fromKafka = kafka.bootstrapServers != null || kafka.clientConfig != null;
    if (fromKafka || decisions != null) {
      return live(fromKafka);
    }
    if (models == null || models.size() != 2) {
      throw new ParameterException(
          spec.commandLine(),
          "give --model exactly twice (got "
              + (models == null ? 0 : models.size())
              + "): A, the model to compare against (a file or 'default'), then B, the candidate");
    }
    if (events == null) {
      throw new ParameterException(
          spec.commandLine(),
          "give --events FILE (the traffic to backtest both models on), or --decisions FILE or"
              + " -b BROKER to compare the champion and challenger of a live run");
    }
    boolean seeded = spec.commandLine().getParseResult().hasMatchedOption("--seed");
    if (labels != null && (injection != null || seeded)) {
      throw new ParameterException(
          spec.commandLine(),
          (injection != null ? "--injection" : "--seed")
              + " applies only without --labels (attacks are injected into unlabelled"
              + " traffic); drop one of them");
    }
    Preflight.inputFile(events, "--events");
    if (labels != null) {
      Preflight.inputFile(labels, "--labels");
    }
    if (injection != null) {
      Preflight.inputFile(injection, "--injection");
    }
    if (json != null) {
      Preflight.outputFile(json, "--json"); // before the backtest, not after
    }
    ModelComparison.Candidate a = candidate(models.get(0));
    ModelComparison.Candidate b = candidate(models.get(1));
    PrintWriter w = spec.commandLine().getOut();
    ModelComparison.Result r;
    String note = "";
    if (labels != null) {
      r = ModelComparison.run(events, EvaluationFiles.readLabels(labels), a, b);
    } else {
      InjectionConfig cfg =
          injection == null ? InjectionConfig.defaults() : InjectionConfig.load(injection);
      InjectedAttacks injected = InjectedAttacks.plan(events, cfg, seed);
      r = ModelComparison.run(injected::forEach, "events file " + events, injected.labels(), a, b);
      note =
          injected.describe(injection == null ? "defaults" : injection.getFileName().toString())
              + "\n";
    }
    String table = note + ComparisonTable.render(r);
    ComparisonOutput.write(
        w,
        table,
        ComparisonTable.csv(r),
        ComparisonTable.json(r),
        json,
        out,
        dir -> ComparisonCharts.write(r, dir),
        "; charts beside it");
    w.flush();
    return 0;
  }

  private int live(boolean fromKafka) throws IOException {
    if (fromKafka && decisions != null) {
      throw new ParameterException(
          spec.commandLine(),
          "give one source of the live run's audit records: --decisions FILE or -b BROKER [--topic"
              + " T]");
    }
    if (models != null || events != null || injection != null) {
      throw new ParameterException(
          spec.commandLine(),
          "--decisions and -b compare the champion and challenger a live run audited;"
              + " --model, --events and --injection backtest two models on a file: give one or"
              + " the other");
    }
    List<RiskDecision> read =
        fromKafka ? LiveCompare.fromTopic(kafka.connect(), topic) : LiveCompare.fromFile(decisions);
    String source = fromKafka ? "topic " + topic : "decisions file " + decisions;
    return LiveCompare.run(read, source, labels, json, out, spec.commandLine().getOut());
  }

  static ModelComparison.Candidate candidate(String spec) {
    String name =
        ModelArgument.DEFAULT.equals(spec) ? spec : Path.of(spec).getFileName().toString();
    return new ModelComparison.Candidate(name, ModelArgument.load(spec, "--model"));
  }
}
