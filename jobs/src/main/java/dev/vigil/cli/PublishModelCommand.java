package dev.vigil.cli;

import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModel;
import dev.vigil.core.model.RiskModelLoader;
import dev.vigil.job.risk.ModelSlot;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
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
    if (clearShadow) {
      if (file != null) {
        throw new IllegalArgumentException("--clear-shadow takes no FILE");
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
    Properties props = kafka.load();
    props.put("key.serializer", ByteArraySerializer.class.getName());
    props.put("value.serializer", ByteArraySerializer.class.getName());
    props.put("acks", "all");
    props.put("enable.idempotence", "true");
    try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(props)) {
      RecordMetadata meta =
          producer
              .send(new ProducerRecord<>(topic, slot.key().getBytes(StandardCharsets.UTF_8), json))
              .get();
      out.printf(
          "%s %s slot of %s (partition %d, offset %d)%n",
          clearShadow ? "cleared the" : "published to the",
          slot.key(),
          topic,
          meta.partition(),
          meta.offset());
    }
    return 0;
  }
}
