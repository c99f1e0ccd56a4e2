package dev.vigil.cli;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
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
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** Validates a model file and publishes it to the model topic, where running jobs pick it up. */
@Command(
    name = "publish-model",
    description = {
      "Validate a model file and publish it to the model topic; running jobs switch to it",
      "from their next event. --shadow runs it beside the active model, audit only."
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

  @Override
  public Integer call() throws Exception {
    var out = spec.commandLine().getOut();
    byte[] json = null;
    ModelSlot slot = shadow || clearShadow ? ModelSlot.SHADOW : ModelSlot.ACTIVE;
    String key = clearKillBreaker ? SessionRiskFunction.CLEAR_KILL_BREAKER_KEY : slot.key();
    if (clearShadow && clearKillBreaker) {
      throw new IllegalArgumentException("give either --clear-shadow or --clear-kill-breaker");
    }
    if (clearShadow || clearKillBreaker) {
      if (file != null) {
        throw new IllegalArgumentException(
            (clearShadow ? "--clear-shadow" : "--clear-kill-breaker") + " takes no FILE");
      }
      if (clearKillBreaker) {
        json = "clear".getBytes(StandardCharsets.UTF_8);
      }
    } else {
      if (file == null) {
        throw new IllegalArgumentException("give the model FILE to publish (or --clear-shadow)");
      }
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
      if (validateOnly) {
        return 0;
      }
    }
    PrivateKey privateKey = null;
    if (signingKey != null && unsigned) {
      throw new IllegalArgumentException("give either --signing-key or --unsigned, not both");
    }
    if (!unsigned) {
      privateKey =
          PublisherKeys.readPrivate(
              signingKey == null ? null : signingKey.toString(), SIGNING_KEY_ENV);
      if (privateKey == null) {
        throw new IllegalArgumentException(
            "jobs refuse unsigned models: give --signing-key FILE or set "
                + SIGNING_KEY_ENV
                + " (create a key with 'vigil keys generate --out DIR'), or --unsigned for a job"
                + " with models.allow-unsigned=true");
      }
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
    Properties props = kafka.load();
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

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
