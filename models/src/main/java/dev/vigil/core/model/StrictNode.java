package dev.vigil.core.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * Reads one JSON object strictly: every key must be read exactly once by the caller ({@link
 * #finish} reports the others as unknown), every read key must be present, of the right type and
 * within its range. Messages name the full key path and the allowed range.
 */
final class StrictNode {
  private final JsonNode node;
  private final String path;
  private final Set<String> read = new HashSet<>();

  StrictNode(JsonNode node, String path) {
    if (node == null || !node.isObject()) {
      throw new ModelValidationException(path, "must be a JSON object");
    }
    this.node = node;
    this.path = path;
  }

  String path() {
    return path;
  }

  StrictNode object(String key) {
    return new StrictNode(required(key), child(key));
  }

  double number(String key, double min, double max) {
    JsonNode v = required(key);
    if (!v.isNumber()) {
      throw new ModelValidationException(
          child(key), "must be a number in [" + min + ", " + max + "]");
    }
    double d = v.doubleValue();
    if (!(d >= min && d <= max)) {
      throw new ModelValidationException(
          child(key), "value " + d + " is out of range, allowed [" + min + ", " + max + "]");
    }
    return d;
  }

  int integer(String key, int min, int max) {
    JsonNode v = required(key);
    if (!v.isIntegralNumber()) {
      throw new ModelValidationException(
          child(key), "must be an integer in [" + min + ", " + max + "]");
    }
    long d = v.longValue();
    if (d < min || d > max) {
      throw new ModelValidationException(
          child(key), "value " + d + " is out of range, allowed [" + min + ", " + max + "]");
    }
    return (int) d;
  }

  boolean bool(String key) {
    JsonNode v = required(key);
    if (!v.isBoolean()) {
      throw new ModelValidationException(child(key), "must be true or false");
    }
    return v.booleanValue();
  }

  String text(String key, int maxLength) {
    JsonNode v = required(key);
    if (!v.isTextual() || v.textValue().isBlank() || v.textValue().length() > maxLength) {
      throw new ModelValidationException(
          child(key), "must be a non-blank string of at most " + maxLength + " characters");
    }
    return v.textValue();
  }

  List<String> texts(String key, int maxItems, int maxLength) {
    JsonNode v = required(key);
    if (!v.isArray() || v.size() > maxItems) {
      throw new ModelValidationException(
          child(key), "must be an array of at most " + maxItems + " strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      JsonNode e = v.get(i);
      if (!e.isTextual() || e.textValue().isEmpty() || e.textValue().length() > maxLength) {
        throw new ModelValidationException(
            child(key) + "[" + i + "]",
            "must be a non-empty string of at most " + maxLength + " characters");
      }
      out.add(e.textValue());
    }
    return List.copyOf(out);
  }

  /**
   * Whether an optional key is present (and not null); marks it read. Optional keys are those a
   * later model version added: a file written before them stays loadable.
   */
  boolean has(String key) {
    read.add(key);
    JsonNode v = node.get(key);
    return v != null && !v.isNull();
  }

  /** The keys present, in document order. */
  Iterator<String> keys() {
    return node.fieldNames();
  }

  /**
   * Accepts an optional object whose content this code does not read (e.g. {@code provenance}):
   * only its type is checked. Marks it read.
   */
  void optionalOpaqueObject(String key) {
    if (has(key) && !node.get(key).isObject()) {
      throw new ModelValidationException(child(key), "must be a JSON object");
    }
  }

  /** Fails on the first key that no read asked for. */
  void finish() {
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      String k = it.next();
      if (!read.contains(k)) {
        throw new ModelValidationException(
            child(k), "unknown key (check its spelling against models/artifacts/README.md)");
      }
    }
  }

  private JsonNode required(String key) {
    read.add(key);
    JsonNode v = node.get(key);
    if (v == null || v.isNull()) {
      throw new ModelValidationException(child(key), "missing required field");
    }
    return v;
  }

  private String child(String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
