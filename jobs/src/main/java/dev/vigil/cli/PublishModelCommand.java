package dev.vigil.cli;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.evaluation.EvaluationFiles;
import dev.vigil.evaluation.ModelComparison;
import dev.vigil.evaluation.PublishGuard;
import dev.vigil.job.risk.ModelSlot;
import dev.vigil.job.risk.SessionRiskFunction;
import dev.vigil.signing.ModelSignature;
import dev.vigil.signing.PublisherKeys;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Validates a model file and publishes it to the model topic, where running jobs pick it up. */
@Command(
    name = "publish-model",
    description = {
      "Validate a model file and publish it to the model topic; running jobs switch to it",
      "from their next event. --shadow runs it beside the active model, audit only.",
      "With --events and --labels it first backtests the candidate and the active model on that",
      "traffic (as vigil compare) and refuses (exit 3) a candidate that kills more benign",
      "sessions, steps up or holds a larger share of them (beyond 0.1 pp) or disrupts more bot",
      "sessions, naming each failing metric; --force publishes anyway."
    })
public final class PublishModelCommand implements Callable<Integer> {
  /** Environment variable with the signing key's PEM text, used when --signing-key is not given. */
  static final String SIGNING_KEY_ENV = "VIGIL_MODEL_SIGNING_KEY";

  @Spec CommandSpec spec;
  @Mixin KafkaOptions kafka;

  @Parameters(
      index = "0",
      arity = "0..1",
      paramLabel = "FILE",
      description = "The model JSON (see models/artifacts/README.md).")
  Path file;

  @Option(names = "--shadow", description = "Publish as the shadow (challenger) model.")
  boolean shadow;

  @Option(names = "--clear-shadow", description = "Stop the shadow model (no FILE).")
  boolean clearShadow;

  @Option(
      names = "--clear-kill-breaker",
      description = "Clear the kill-rate breaker on every subtask of the running jobs (no FILE).")
  boolean clearKillBreaker;

  @Option(
      names = "--signing-key",
      paramLabel = "FILE",
      description = {
        "Ed25519 private key (from 'vigil keys generate', mode 600) that signs the record;",
        "jobs apply only records signed by a key in their models.trusted-keys. Without it, the",
        "key (PEM text) in the environment variable " + PublishModelCommand.SIGNING_KEY_ENV + "."
      })
  Path signingKey;

  @Option(
      names = "--unsigned",
      description =
          "Publish without a signature (only jobs with models.allow-unsigned=true apply it).")
  boolean unsigned;

  @Option(names = "--topic", defaultValue = "vigil.models", description = "Model topic.")
  String topic;

  @Option(
      names = "--validate-only",
      description = "Check the file and print what it holds; publish nothing.")
  boolean validateOnly;

  @Option(
      names = "--events",
      paramLabel = "FILE",
      description = "Backtest on these events (JSON lines) before publishing: the guard rails.")
  Path events;

  @Option(
      names = "--labels",
      paramLabel = "FILE",
      description = "labels.jsonl written with --events (required with it).")
  Path labels;

  @Option(
      names = "--active",
      defaultValue = ModelArgument.DEFAULT,
      paramLabel = "FILE|default",
      description = "The model live now, to hold the candidate to (default: ${DEFAULT-VALUE}).")
  String active;

  @Option(
      names = "--force",
      description = "Publish even when the candidate fails a guard rail (says which).")
  boolean force;

  /**
   * The publisher's key, checked ({@link KeyPreflight#modelSigningKey}) before any broker work;
   * null with --unsigned.
   */
  private PrivateKey signingKey() {
    if (unsigned) {
      return null;
    }
    PrivateKey key = KeyPreflight.modelSigningKey(signingKey, SIGNING_KEY_ENV);
    if (key == null) {
      throw new Preflight.Usage(
          "jobs refuse unsigned models: give --signing-key FILE or set "
              + SIGNING_KEY_ENV
              + " (create a key with 'vigil keys generate --out DIR'), or --unsigned for a job"
              + " with models.allow-unsigned=true");
    }
    return key;
  }

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    byte[] json = null;
    ModelSlot slot = shadow || clearShadow ? ModelSlot.SHADOW : ModelSlot.ACTIVE;
    String key = clearKillBreaker ? SessionRiskFunction.CLEAR_KILL_BREAKER_KEY : slot.key();
    if (clearShadow && clearKillBreaker) {
      throw new Preflight.Usage("give either --clear-shadow or --clear-kill-breaker");
    }
    if (signingKey != null && unsigned) {
      throw new Preflight.Usage("give either --signing-key or --unsigned, not both");
    }
    PrivateKey privateKey = null;
    if (clearShadow || clearKillBreaker) {
      if (file != null) {
        throw new Preflight.Usage(
            (clearShadow ? "--clear-shadow" : "--clear-kill-breaker") + " takes no FILE");
      }
      if (clearKillBreaker) {
        json = "clear".getBytes(StandardCharsets.UTF_8);
      }
      privateKey = signingKey();
    } else {
      if (file == null) {
        throw new Preflight.Usage("give the model FILE to publish (or --clear-shadow)");
      }
      Preflight.inputFile(file, "the model FILE");
      try {
        json = Files.readAllBytes(file);
      } catch (NoSuchFileException e) {
        throw new IllegalArgumentException("model file " + file + " does not exist");
      }
      RiskModel model;
      try {
        model = RiskModelLoader.parse(json);
      } catch (ModelValidationException e) {
        throw new IllegalArgumentException(
            "model file " + file + " is invalid: " + e.getMessage() + "; nothing was published");
      }
      out.println("model " + model.modelVersion + " (format " + model.formatVersion + ") is valid");
      if (!guard(model)) {
        return VigilCli.EXIT_REFUSED;
      }
      if (validateOnly) {
        return 0;
      }
      privateKey = signingKey(); // before any broker work
    }
    ProducerRecord<byte[], byte[]> record =
        new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8), json);
    if (privateKey != null) {
      long signedAt = System.currentTimeMillis();
      byte[] sig = ModelSignature.sign(privateKey, key, signedAt, json);
      String keyId = PublisherKeys.keyId(PublisherKeys.publicOf(privateKey));
      record
          .headers()
          .add(ModelSignature.SIGNATURE_HEADER, ascii(Base64.getEncoder().encodeToString(sig)));
      record.headers().add(ModelSignature.KEY_ID_HEADER, ascii(keyId));
      record.headers().add(ModelSignature.SIGNED_AT_HEADER, ascii(Long.toString(signedAt)));
      out.println("signed by key " + keyId);
    }
    Properties props = kafka.connect();
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      RecordMetadata meta = producer.send(record).get();
      out.printf(
          "%s %s (partition %d, offset %d)%n",
          clearKillBreaker
              ? "cleared the kill-rate breaker through"
              : (clearShadow ? "cleared the " : "published to the ") + slot.key() + " slot of",
          topic,
          meta.partition(),
          meta.offset());
    }
    return 0;
  }

  /** Runs the guard rails when --events is given; false when the candidate is refused. */
  private boolean guard(RiskModel candidate) {
    if (events == null) {
      if (labels != null) {
        throw new ParameterException(spec.commandLine(), "--labels needs --events");
      }
      return true;
    }
    if (labels == null) {
      throw new ParameterException(
          spec.commandLine(),
          "--events needs --labels (the labels.jsonl written with the events): the guard rails"
              + " count benign and bot sessions");
    }
    ModelComparison.Result r =
        ModelComparison.run(
            events,
            EvaluationFiles.readLabels(labels),
            CompareCommand.candidate(active),
            new ModelComparison.Candidate(file.getFileName().toString(), candidate));
    var out = spec.commandLine().getOut();
    out.printf(
        Locale.ROOT,
        "guard rails on %s (%,d labelled sessions), candidate vs active %s:%n"
            + "  benign sessions killed     %d vs %d (of %d)%n"
            + "  benign stepped up or held  %.2f%% vs %.2f%%%n"
            + "  bot sessions disrupted     %d vs %d (of %d)%n",
        events,
        r.labelledSessions(),
        r.a().model(),
        r.b().benignKilled(),
        r.a().benignKilled(),
        r.a().benign(),
        100 * r.b().benignSteppedUpOrHeldRate(),
        100 * r.a().benignSteppedUpOrHeldRate(),
        r.b().botDisrupted(),
        r.a().botDisrupted(),
        r.a().botSessions());
    List<PublishGuard.Failure> failures = PublishGuard.check(r.a(), r.b());
    if (failures.isEmpty()) {
      out.println("guard rails passed");
      out.flush();
      return true;
    }
    if (force) {
      out.println(
          "--force: "
              + (validateOnly ? "would publish" : "publishing")
              + " although the candidate is worse than the active model on:");
      failures.forEach(f -> out.println("  " + f));
      out.flush();
      return true;
    }
    out.flush();
    var err = spec.commandLine().getErr();
    err.println(
        "vigil: refused to publish "
            + file
            + ": its backtest is worse than the active model's ("
            + r.a().model()
            + ") on:");
    failures.forEach(f -> err.println("  " + f));
    err.println(
        "  compare them with 'vigil compare', run the candidate with --shadow first to watch it on"
            + " live traffic, or pass --force to publish anyway");
    err.flush();
    return false;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
