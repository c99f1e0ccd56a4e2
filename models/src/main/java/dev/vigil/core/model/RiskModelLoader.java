package dev.vigil.core.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads and validates a model document. Strict: unknown keys, missing fields, wrong types, values
 * out of range, duplicate keys and a foreign {@code formatVersion} are all rejected with a {@link
 * ModelValidationException} naming the key path. The same bytes arrive over Kafka for live updates,
 * so {@link #parse(byte[])} is the primary entry point.
 */
public final class RiskModelLoader {
  /** Class-path location of the default model (a copy of models/artifacts/vigil-model.json). */
  public static final String DEFAULT_RESOURCE = "/vigil/vigil-model.json";

  private static final ObjectMapper MAPPER =
      new ObjectMapper()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

  private static volatile RiskModel defaults;

  private RiskModelLoader() {}

  public static RiskModel parse(byte[] json) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new ModelValidationException("", "not valid JSON: " + e.getOriginalMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    if (root == null) {
      throw new ModelValidationException("", "empty document");
    }
    return new RiskModel(new StrictNode(root, ""));
  }

  public static RiskModel parse(String json) {
    return parse(json.getBytes(StandardCharsets.UTF_8));
  }

  public static RiskModel load(Path file) {
    try {
      return parse(Files.readAllBytes(file));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read model file " + file, e);
    }
  }

  /** The documented default model, read once from the class path. */
  public static RiskModel defaults() {
    RiskModel m = defaults;
    if (m == null) {
      try (InputStream in = RiskModelLoader.class.getResourceAsStream(DEFAULT_RESOURCE)) {
        if (in == null) {
          throw new IllegalStateException(
              "default model " + DEFAULT_RESOURCE + " missing from class path");
        }
        m = parse(in.readAllBytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      defaults = m;
    }
    return m;
  }
}
