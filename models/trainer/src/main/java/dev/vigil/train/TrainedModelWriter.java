package dev.vigil.train;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.core.model.ModelValidationException;
import dev.vigil.core.model.RiskModelLoader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Iterator;

/**
 * Writes the trained model: the base model's document with its {@code combination} replaced, a
 * {@code provenance} object added and {@code modelVersion} set to {@code trained-<hash>}, the first
 * 12 hex digits of the SHA-256 of the document written with {@code "modelVersion": "trained"}. Keys
 * keep the base file's order, then combination and provenance; numbers are rounded to 4 decimals;
 * nothing depends on the clock, the host or hash-map order, so the same inputs and seed give the
 * same bytes. The result is parsed back with {@link RiskModelLoader} before it is returned.
 */
final class TrainedModelWriter {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private TrainedModelWriter() {}

  static byte[] write(byte[] baseJson, ObjectNode combination, ObjectNode provenance) {
    try {
      ObjectNode base = (ObjectNode) JSON.readTree(baseJson);
      ObjectNode out = JSON.createObjectNode();
      out.set("formatVersion", base.get("formatVersion"));
      out.put("modelVersion", "trained");
      for (Iterator<String> it = base.fieldNames(); it.hasNext(); ) {
        String k = it.next();
        if (!k.equals("formatVersion")
            && !k.equals("modelVersion")
            && !k.equals("combination")
            && !k.equals("provenance")) {
          out.set(k, base.get(k));
        }
      }
      out.set("combination", combination);
      out.set("provenance", provenance);
      byte[] draft = bytes(out);
      out.put("modelVersion", "trained-" + sha256(draft).substring(0, 12));
      byte[] result = bytes(out);
      try {
        RiskModelLoader.parse(result);
      } catch (ModelValidationException e) {
        throw new IllegalStateException("the trained model does not load: " + e.getMessage(), e);
      }
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static double round(double x) {
    return Double.isFinite(x) ? Math.round(x * 1e4) / 1e4 : x;
  }

  /** A rounded number, or null when not finite (JSON has no NaN). */
  static void putNumber(ObjectNode n, String key, double x) {
    if (Double.isFinite(x)) {
      n.put(key, round(x));
    } else {
      n.putNull(key);
    }
  }

  /** "smile-math VERSION" (the optimiser's artifact), from its jar's manifest. */
  static String smileVersion() {
    Package p = smile.math.BFGS.class.getPackage();
    String v = p == null ? null : p.getImplementationVersion();
    return "smile-math " + (v == null ? "(version unknown)" : v);
  }

  private static byte[] bytes(JsonNode n) throws JsonProcessingException {
    String s = JSON.writeValueAsString(n) + "\n";
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] b) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
