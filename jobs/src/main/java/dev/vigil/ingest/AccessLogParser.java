package dev.vigil.ingest;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import dev.vigil.schema.AccessEvent;
import dev.vigil.schema.DeadLetterReason;
import java.io.IOException;

/**
 * Turns one JSON access-log line (ECS field names, nested, dotted or mixed, as Filebeat, Elastic
 * Agent and Vector write them) into a validated {@link AccessEvent}, or a rejection naming the
 * {@link DeadLetterReason}. Never throws on any input.
 *
 * <p>Checks run cheapest first and the first failure wins: null or empty, size, whitespace only,
 * strict UTF-8; then one streaming pass with Jackson's {@code JsonParser} (no tree model), in which
 * JSON syntax errors take precedence over the first field-level problem found; then required
 * fields; then {@link AccessEventValidator}, shared with the Avro path.
 *
 * <p>Decisions worth knowing: JSON null means absent; unknown keys are counted and skipped;
 * unescaped control characters inside strings are let through the JSON syntax check so that a known
 * field reports {@code CONTROL_CHARACTER} with its name (unknown fields are ignored anyway); enum
 * texts match case-insensitively; a record without {@code event.id} gets {@code "h-"} + the
 * MurmurHash3 x64-128 of its raw bytes, so a replay gets the same id.
 *
 * <p>Collaborators: {@link RawRecordChecks} (byte-level checks), {@link EcsEventMapper} (field
 * values onto the event, first problem kept), {@link FieldPathTrie} (key paths to fields).
 *
 * <p>Not thread-safe: keep one per parallel instance and reuse it across records.
 */
public final class AccessLogParser {

  private final IngestLimits limits;
  private final JsonFactory json;
  private final JsonFactory lenient;
  private final AccessEventValidator validator;
  private final long[] hash = new long[2];
  private final CharsView chars = new CharsView();
  private long unknownFields;

  // Per-record state, reset by parse(): the event being built with its first problem, and where
  // the streaming pass is.
  private final EcsEventMapper record = new EcsEventMapper();
  private long seen;
  private FieldPathTrie.Node node;
  private boolean skipping;
  private final FieldPathTrie.Node[] nodesSeen = new FieldPathTrie.Node[8];
  private int nodeCount;
  private boolean nodeRepeated;

  public AccessLogParser(IngestLimits limits) {
    this.limits = limits;
    this.validator = new AccessEventValidator(limits);
    this.json = factory(limits).enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    this.lenient = factory(limits).build();
  }

  private static JsonFactoryBuilder factory(IngestLimits limits) {
    int max = limits.maxRecordBytes();
    return new JsonFactoryBuilder()
        .streamReadConstraints(
            StreamReadConstraints.builder()
                // Jackson enforces the depth even inside skipChildren(); the other limits are
                // raised so that only the record size cap bounds names, numbers and strings.
                .maxNestingDepth(limits.maxDepth())
                .maxNumberLength(max)
                .maxNameLength(max)
                .maxStringLength(max)
                .build())
        .enable(JsonReadFeature.ALLOW_UNESCAPED_CONTROL_CHARS);
  }

  /** Unknown keys seen so far by this parser, across all records. */
  public long unknownFieldCount() {
    return unknownFields;
  }

  /**
   * Parses and validates one record value. {@code ingestedAtMillis} (the Kafka record time) becomes
   * {@code ingestedAt} and anchors the event-time bounds ({@link IngestLimits#timeProblem}).
   */
  public IngestResult parse(byte[] value, long ingestedAtMillis) {
    IngestResult rawProblem = RawRecordChecks.problem(limits, value);
    if (rawProblem != null) {
      return rawProblem;
    }
    // A first pass without Jackson's duplicate-key check (a hash set per object, a tenth of the
    // cost of a line): a clean line (no unknown key, no object key met twice, every known field
    // once) cannot hold a duplicate key, so its verdict stands. Any other line is read again with
    // the check, so that its verdict and the precedence of its problems are the strict pass's.
    reset();
    long unknownBefore = unknownFields;
    IngestResult syntax = readJson(value, lenient);
    if (syntax != null
        || record.firstReason != null
        || nodeRepeated
        || unknownFields != unknownBefore) {
      unknownFields = unknownBefore;
      reset();
      syntax = readJson(value, json);
    }
    if (syntax != null) {
      return syntax;
    }
    if (record.firstReason != null) {
      return IngestResult.rejected(record.firstReason, record.firstField, record.firstMessage);
    }
    long missing = EcsField.REQUIRED_MASK & ~record.present;
    if (missing != 0) {
      EcsField f = EcsField.ALL[Long.numberOfTrailingZeros(missing)];
      return IngestResult.rejected(
          DeadLetterReason.MISSING_FIELD,
          f.ecsName,
          (seen & f.bit) != 0 ? "required field is null" : "required field is missing");
    }
    AccessEvent event = record.event;
    if ((record.present & EcsField.EVENT_ID.bit) == 0) {
      event.setEventId(contentId(value));
    }
    event.setTimestamp(record.timestampMillis);
    event.setIngestedAt(ingestedAtMillis);
    return validator.validate(event, ingestedAtMillis);
  }

  private void reset() {
    record.reset();
    seen = 0;
    node = FieldPathTrie.ROOT;
    skipping = false;
    nodeCount = 0;
    nodeRepeated = false;
  }

  /** One streaming pass; returns a rejection for syntax-level problems, null otherwise. */
  private IngestResult readJson(byte[] value, JsonFactory factory) {
    JsonParser p = null;
    try {
      p = factory.createParser(value);
      JsonToken first = p.nextToken();
      if (first != JsonToken.START_OBJECT) {
        return IngestResult.rejected(
            DeadLetterReason.NOT_AN_OBJECT, null, "top-level JSON value is not an object");
      }
      readObject(p, FieldPathTrie.ROOT);
      if (p.nextToken() != null) {
        return IngestResult.rejected(
            DeadLetterReason.MALFORMED_JSON, null, "content follows the JSON object");
      }
      return null;
    } catch (StreamConstraintsException e) {
      JsonStreamContext context = p == null ? null : p.getParsingContext();
      if (context != null && context.getNestingDepth() > limits.maxDepth()) {
        return IngestResult.rejected(
            DeadLetterReason.NESTING_TOO_DEEP,
            null,
            "JSON nests deeper than " + limits.maxDepth() + " levels");
      }
      return IngestResult.rejected(
          DeadLetterReason.MALFORMED_JSON, null, "JSON exceeds a parser limit");
    } catch (JsonProcessingException e) {
      String original = e.getOriginalMessage();
      if (original != null && original.startsWith("Duplicate field '")) {
        return IngestResult.rejected(
            DeadLetterReason.DUPLICATE_FIELD,
            duplicateField(p),
            "a key appears twice in one object");
      }
      long offset = e.getLocation() == null ? -1 : e.getLocation().getByteOffset();
      return IngestResult.rejected(
          DeadLetterReason.MALFORMED_JSON,
          null,
          offset >= 0 ? "not valid JSON near byte " + offset : "not valid JSON");
    } catch (IOException | RuntimeException e) {
      // Jackson signals a few internal limits with unchecked exceptions; none may escape.
      return IngestResult.rejected(DeadLetterReason.MALFORMED_JSON, null, "not valid JSON");
    } finally {
      if (p != null) {
        try {
          p.close();
        } catch (IOException ignored) {
          // Closing a parser over a byte array releases buffers only; nothing to report.
        }
      }
    }
  }

  /** Reads the members of an object whose START_OBJECT was just consumed. */
  private void readObject(JsonParser p, FieldPathTrie.Node at) throws IOException {
    while (true) {
      node = at;
      if (p.nextToken() != JsonToken.FIELD_NAME) {
        return; // END_OBJECT: Jackson reports anything else as a syntax error
      }
      Object target = at.child(p.currentName());
      JsonToken v = p.nextToken();
      if (target == null) {
        unknownFields++;
        skip(p, v);
      } else if (target instanceof FieldPathTrie.Node) {
        FieldPathTrie.Node child = (FieldPathTrie.Node) target;
        noteNode(child);
        if (v == JsonToken.START_OBJECT) {
          readObject(p, child);
        } else if (v != JsonToken.VALUE_NULL) {
          reject(DeadLetterReason.MISTYPED_FIELD, child.path, "expected a JSON object");
          skip(p, v);
        }
      } else {
        readField(p, (EcsField) target, v);
      }
    }
  }

  /**
   * Notes an object key met; a second meeting (or a ninth key) sends the line to the strict pass.
   */
  private void noteNode(FieldPathTrie.Node n) {
    for (int i = 0; i < nodeCount; i++) {
      if (nodesSeen[i] == n) {
        nodeRepeated = true;
        return;
      }
    }
    if (nodeCount == nodesSeen.length) {
      nodeRepeated = true;
    } else {
      nodesSeen[nodeCount++] = n;
    }
  }

  private void readField(JsonParser p, EcsField f, JsonToken v) throws IOException {
    if ((seen & f.bit) != 0) {
      reject(DeadLetterReason.DUPLICATE_FIELD, f.ecsName, "field is given more than once");
      skip(p, v);
      return;
    }
    seen |= f.bit;
    if (v == JsonToken.VALUE_NULL) {
      return;
    }
    switch (f.kind) {
      case STRING:
        if (v == JsonToken.VALUE_STRING) {
          record.setText(f, p.getText());
          return;
        }
        break;
      case TIMESTAMP:
        if (v == JsonToken.VALUE_STRING) {
          long millis = Rfc3339.parseMillis(chars.of(p));
          if (millis == Rfc3339.INVALID) {
            reject(
                DeadLetterReason.BAD_TIMESTAMP,
                f.ecsName,
                "not an RFC 3339 date-time such as 2026-01-31T12:00:00.000Z");
          } else {
            record.setTimestamp(f, millis);
          }
          return;
        }
        break;
      case INTEGER:
        if (v == JsonToken.VALUE_NUMBER_INT) {
          if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            reject(DeadLetterReason.MISTYPED_FIELD, f.ecsName, "integer does not fit in 64 bits");
          } else {
            record.setInteger(f, p.getLongValue());
          }
          return;
        }
        break;
      case NUMBER:
        if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
          record.setNumber(f, p.getDoubleValue());
          return;
        }
        break;
      case BOOLEAN:
        if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
          record.setMfa(f, v == JsonToken.VALUE_TRUE);
          return;
        }
        break;
      case NONCE:
        if (v == JsonToken.VALUE_STRING) {
          record.setText(f, p.getText());
          return;
        }
        if (v == JsonToken.VALUE_NUMBER_INT) {
          boolean big = p.getNumberType() == JsonParser.NumberType.BIG_INTEGER;
          record.setText(f, big ? p.getText() : Long.toString(p.getLongValue()));
          return;
        }
        break;
      case OUTCOME:
      case AUTH_METHOD:
      case SIDE:
      case NETWORK_TYPE:
        if (v == JsonToken.VALUE_STRING) {
          record.setSymbol(f, chars.of(p));
          return;
        }
        break;
      default:
        throw new AssertionError(f.kind);
    }
    reject(DeadLetterReason.MISTYPED_FIELD, f.ecsName, "expected " + expected(f.kind));
    skip(p, v);
  }

  private void skip(JsonParser p, JsonToken v) throws IOException {
    if (v == JsonToken.START_OBJECT || v == JsonToken.START_ARRAY) {
      skipping = true;
      p.skipChildren();
      skipping = false;
    }
  }

  /** Keeps the first field-level problem; JSON syntax is still checked to the end. */
  private void reject(DeadLetterReason reason, String field, String message) {
    record.reject(reason, field, message);
  }

  /** ECS name of the key Jackson found duplicated, when it is a known one. */
  private String duplicateField(JsonParser p) {
    if (p == null || skipping || p.getParsingContext() == null) {
      return null;
    }
    String name = p.getParsingContext().getCurrentName();
    Object target = name == null ? null : node.child(name);
    if (target instanceof EcsField) {
      return ((EcsField) target).ecsName;
    }
    return target instanceof FieldPathTrie.Node ? ((FieldPathTrie.Node) target).path : null;
  }

  private String contentId(byte[] value) {
    MurmurHash3.hash128(value, 0, value.length, 0L, hash);
    char[] id = new char[34];
    id[0] = 'h';
    id[1] = '-';
    MurmurHash3.appendHex(hash, id, 2);
    return new String(id);
  }

  private static String expected(EcsField.Kind kind) {
    switch (kind) {
      case INTEGER:
        return "a JSON integer";
      case NUMBER:
        return "a JSON number";
      case BOOLEAN:
        return "true or false";
      case NONCE:
        return "a string or a JSON integer";
      default:
        return "a JSON string";
    }
  }
}
