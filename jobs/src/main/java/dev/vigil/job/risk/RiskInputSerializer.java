package dev.vigil.job.risk;

import dev.vigil.schema.EnforcementOutcome;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.formats.avro.typeutils.AvroSerializer;

/**
 * A {@link RiskInput} across the keyBy by account: one tag byte, then the access event ({@link
 * AccessEventSerializer}, field by field) or the gateway's outcome (Flink's Avro serializer: rare,
 * not worth a hand-written form). Network only: the operator keeps no {@code RiskInput} in state.
 * Not thread-safe (the event serializer's read buffer, Avro's decoder): {@link #duplicate} gives
 * each task its own.
 */
public final class RiskInputSerializer extends TypeSerializer<RiskInput> {
  private static final long serialVersionUID = 1L;

  private static final byte EVENT = 0;
  private static final byte OUTCOME = 1;

  private transient AccessEventSerializer events;
  private final TypeSerializer<EnforcementOutcome> outcomes;

  public RiskInputSerializer() {
    this(new AvroSerializer<>(EnforcementOutcome.class));
  }

  private RiskInputSerializer(TypeSerializer<EnforcementOutcome> outcomes) {
    this.outcomes = outcomes;
    this.events = new AccessEventSerializer(); // fails here, on the client, if the schema grew
  }

  private AccessEventSerializer events() {
    // Transient (its read buffer): made on first use, once per instance.
    if (events == null) {
      events = new AccessEventSerializer();
    }
    return events;
  }

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public TypeSerializer<RiskInput> duplicate() {
    return new RiskInputSerializer(outcomes.duplicate());
  }

  @Override
  public RiskInput createInstance() {
    return new RiskInput();
  }

  @Override
  public RiskInput copy(RiskInput from) {
    RiskInput c = new RiskInput();
    c.event = from.event == null ? null : AccessEventSerializer.copy(from.event);
    c.outcome = from.outcome == null ? null : outcomes.copy(from.outcome);
    return c;
  }

  @Override
  public RiskInput copy(RiskInput from, RiskInput reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(RiskInput record, DataOutputView target) throws IOException {
    if (record.event != null) {
      target.writeByte(EVENT);
      events().serialize(record.event, target);
    } else {
      target.writeByte(OUTCOME);
      outcomes.serialize(record.outcome, target);
    }
  }

  @Override
  public RiskInput deserialize(DataInputView source) throws IOException {
    RiskInput in = new RiskInput();
    byte tag = source.readByte();
    if (tag == EVENT) {
      in.event = events().deserialize(source);
    } else if (tag == OUTCOME) {
      in.outcome = outcomes.deserialize(source);
    } else {
      throw new IOException("Unknown RiskInput tag " + tag);
    }
    return in;
  }

  @Override
  public RiskInput deserialize(RiskInput reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof RiskInputSerializer;
  }

  @Override
  public int hashCode() {
    return RiskInputSerializer.class.hashCode();
  }

  @Override
  public TypeSerializerSnapshot<RiskInput> snapshotConfiguration() {
    return new Snapshot();
  }

  /** Nothing to configure: the format is the code's. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<RiskInput> {
    public Snapshot() {
      super(RiskInputSerializer::new);
    }
  }
}
