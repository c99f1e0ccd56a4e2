package dev.vigil.schema;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.Conversion;
import org.apache.avro.LogicalType;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericEnumSymbol;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * Plain JSON rendering of Vigil's Avro records, for files and terminals (not Avro's own JSON
 * encoding, which wraps union values in type objects).
 *
 * <p>The mapping walks the record's schema: field names as in the {@code .avsc}; unions unwrapped
 * (JSON null or the value itself); enums as their symbol; {@code timestamp-millis} as an epoch-ms
 * number; bytes as standard base64; maps as objects; arrays as arrays; nested records as objects.
 * Non-finite doubles are written as the strings {@code "NaN"}, {@code "Infinity"}, {@code
 * "-Infinity"} and read back. Reading ignores unknown fields (a newer writer may add some), fills
 * absent fields from their schema default and rejects an absent field that has none.
 */
public final class PlainJson {
  private static final JsonFactory FACTORY = new JsonFactory();
  private static final ObjectMapper MAPPER = new ObjectMapper(FACTORY);

  private PlainJson() {}

  /** The record as one line of JSON. */
  public static String toJson(SpecificRecord record) {
    StringWriter out = new StringWriter(256);
    try (JsonGenerator g = FACTORY.createGenerator(out)) {
      write(g, record);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString();
  }

  /** Streams the record as one JSON object into {@code g} (the caller adds line separators). */
  public static void write(JsonGenerator g, IndexedRecord record) throws IOException {
    writeValue(g, record.getSchema(), record);
  }

  /**
   * Parses one JSON object into a record of {@code type}.
   *
   * @throws IllegalArgumentException naming the field when the JSON does not fit the schema
   */
  public static <T extends SpecificRecord> T fromJson(String json, Class<T> type) {
    JsonNode node;
    try {
      node = MAPPER.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("malformed JSON: " + e.getOriginalMessage(), e);
    }
    if (node == null || !node.isObject()) {
      throw new IllegalArgumentException("expected a JSON object for " + type.getSimpleName());
    }
    Schema schema = SpecificData.get().getSchema(type);
    return type.cast(readRecord(node, schema, schema.getName()));
  }

  private static void writeValue(JsonGenerator g, Schema schema, Object value) throws IOException {
    switch (schema.getType()) {
      case RECORD -> {
        IndexedRecord r = (IndexedRecord) value;
        g.writeStartObject();
        for (Schema.Field f : schema.getFields()) {
          g.writeFieldName(f.name());
          writeValue(g, f.schema(), r.get(f.pos()));
        }
        g.writeEndObject();
      }
      case UNION -> {
        if (value == null) {
          g.writeNull();
        } else {
          int branch = SpecificData.get().resolveUnion(schema, value);
          writeValue(g, schema.getTypes().get(branch), value);
        }
      }
      case ENUM ->
          g.writeString(
              value instanceof Enum<?> e ? e.name() : ((GenericEnumSymbol<?>) value).toString());
      case STRING -> g.writeString(value.toString());
      case BYTES -> {
        ByteBuffer buf = ((ByteBuffer) value).duplicate();
        byte[] bytes = new byte[buf.remaining()];
        buf.get(bytes);
        g.writeString(Base64.getEncoder().encodeToString(bytes));
      }
      case INT -> g.writeNumber(((Number) value).intValue());
      case LONG -> g.writeNumber(asEpochOrLong(value));
      case FLOAT -> writeDouble(g, ((Number) value).floatValue());
      case DOUBLE -> writeDouble(g, ((Number) value).doubleValue());
      case BOOLEAN -> g.writeBoolean((Boolean) value);
      case NULL -> g.writeNull();
      case ARRAY -> {
        g.writeStartArray();
        for (Object item : (Iterable<?>) value) {
          writeValue(g, schema.getElementType(), item);
        }
        g.writeEndArray();
      }
      case MAP -> {
        g.writeStartObject();
        for (Map.Entry<?, ?> e : ((Map<?, ?>) value).entrySet()) {
          g.writeFieldName(e.getKey().toString());
          writeValue(g, schema.getValueType(), e.getValue());
        }
        g.writeEndObject();
      }
      default -> throw new IllegalStateException("unsupported Avro type " + schema.getType());
    }
  }

  private static long asEpochOrLong(Object value) {
    return value instanceof Instant i ? i.toEpochMilli() : ((Number) value).longValue();
  }

  private static void writeDouble(JsonGenerator g, double d) throws IOException {
    if (Double.isFinite(d)) {
      g.writeNumber(d);
    } else {
      g.writeString(Double.toString(d));
    }
  }

  private static Object readRecord(JsonNode node, Schema schema, String path) {
    if (!node.isObject()) {
      throw mistyped(path, "an object");
    }
    IndexedRecord record = (IndexedRecord) SpecificData.get().newRecord(null, schema);
    for (Schema.Field f : schema.getFields()) {
      String fieldPath = path + "." + f.name();
      JsonNode child = node.get(f.name());
      Object value;
      if (child == null) {
        if (!f.hasDefaultValue()) {
          throw new IllegalArgumentException("missing field '" + fieldPath + "'");
        }
        value = SpecificData.get().getDefaultValue(f);
      } else {
        value = readValue(child, f.schema(), fieldPath);
      }
      record.put(f.pos(), convert(value, f.schema(), record));
    }
    return record;
  }

  /**
   * Generated classes hold logical types converted (e.g. {@code Instant}); the conversion is per
   * field for plain fields, but only in the class's model for union branches.
   */
  private static Object convert(Object raw, Schema schema, IndexedRecord record) {
    if (!(raw instanceof Long l) || !(record instanceof SpecificRecordBase base)) {
      return raw;
    }
    Schema branch = schema;
    if (schema.getType() == Schema.Type.UNION) {
      branch =
          schema.getTypes().stream()
              .filter(s -> s.getType() == Schema.Type.LONG)
              .findFirst()
              .orElse(schema);
    }
    LogicalType lt = branch.getLogicalType();
    if (lt == null) {
      return raw;
    }
    Conversion<?> conversion = base.getSpecificData().getConversionFor(lt);
    return conversion == null ? raw : conversion.fromLong(l, branch, lt);
  }

  private static Object readValue(JsonNode node, Schema schema, String path) {
    switch (schema.getType()) {
      case RECORD:
        return readRecord(node, schema, path);
      case UNION:
        return readUnion(node, schema, path);
      case ENUM:
        if (!node.isTextual()) {
          throw mistyped(path, "a string symbol");
        }
        String symbol = node.asText();
        if (!schema.hasEnumSymbol(symbol)) {
          if (schema.getEnumDefault() == null) {
            throw new IllegalArgumentException(
                "field '"
                    + path
                    + "' has unknown symbol '"
                    + symbol
                    + "'; expected one of "
                    + schema.getEnumSymbols());
          }
          symbol = schema.getEnumDefault();
        }
        return SpecificData.get().createEnum(symbol, schema);
      case STRING:
        if (!node.isTextual()) {
          throw mistyped(path, "a string");
        }
        return node.asText();
      case BYTES:
        if (!node.isTextual()) {
          throw mistyped(path, "a base64 string");
        }
        try {
          return ByteBuffer.wrap(Base64.getDecoder().decode(node.asText()));
        } catch (IllegalArgumentException e) {
          throw mistyped(path, "a base64 string");
        }
      case INT:
        if (!node.isIntegralNumber() || !node.canConvertToInt()) {
          throw mistyped(path, "a 32-bit integer");
        }
        return node.intValue();
      case LONG:
        if (!node.isIntegralNumber() || !node.canConvertToLong()) {
          throw mistyped(path, "a 64-bit integer");
        }
        return node.longValue();
      case FLOAT:
        return (float) readDouble(node, path);
      case DOUBLE:
        return readDouble(node, path);
      case BOOLEAN:
        if (!node.isBoolean()) {
          throw mistyped(path, "true or false");
        }
        return node.booleanValue();
      case NULL:
        if (!node.isNull()) {
          throw mistyped(path, "null");
        }
        return null;
      case ARRAY:
        {
          if (!node.isArray()) {
            throw mistyped(path, "an array");
          }
          List<Object> list = new ArrayList<>(node.size());
          for (int i = 0; i < node.size(); i++) {
            list.add(readValue(node.get(i), schema.getElementType(), path + "[" + i + "]"));
          }
          return list;
        }
      case MAP:
        {
          if (!node.isObject()) {
            throw mistyped(path, "an object");
          }
          Map<String, Object> map = new LinkedHashMap<>();
          for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            map.put(
                e.getKey(),
                readValue(e.getValue(), schema.getValueType(), path + "." + e.getKey()));
          }
          return map;
        }
      default:
        throw new IllegalStateException("unsupported Avro type " + schema.getType());
    }
  }

  private static Object readUnion(JsonNode node, Schema schema, String path) {
    if (node.isNull()) {
      if (schema.getIndexNamed("null") == null) {
        throw mistyped(path, "a non-null value");
      }
      return null;
    }
    IllegalArgumentException last = null;
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() == Schema.Type.NULL) {
        continue;
      }
      try {
        return readValue(node, branch, path);
      } catch (IllegalArgumentException e) {
        last = e;
      }
    }
    throw last != null ? last : mistyped(path, "a value of " + schema);
  }

  private static double readDouble(JsonNode node, String path) {
    if (node.isNumber()) {
      return node.doubleValue();
    }
    if (node.isTextual()) {
      switch (node.asText()) {
        case "NaN":
          return Double.NaN;
        case "Infinity":
          return Double.POSITIVE_INFINITY;
        case "-Infinity":
          return Double.NEGATIVE_INFINITY;
        default:
          break;
      }
    }
    throw mistyped(path, "a number");
  }

  private static IllegalArgumentException mistyped(String path, String expected) {
    return new IllegalArgumentException("field '" + path + "' must be " + expected);
  }
}
