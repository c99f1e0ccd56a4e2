package dev.vigil.job.risk;

import dev.vigil.core.profile.StateMapper;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Stores a model's state object in Flink keyed state through its {@link StateMapper}: the compact,
 * versioned binary form the models module defines, never Kryo or Java serialization. The mapper
 * writes a version byte first and reads every version it ever wrote, so savepoints stay loadable
 * across upgrades without a Flink-side migration.
 */
public abstract class MappedStateSerializer<T> extends TypeSerializerSingleton<T> {
  private static final long serialVersionUID = 1L;

  protected abstract StateMapper<T> mapper();

  protected abstract T newState();

  @Override
  public boolean isImmutableType() {
    return false;
  }

  @Override
  public T createInstance() {
    return newState();
  }

  @Override
  public T copy(T from) {
    return mapper().fromBytes(mapper().toBytes(from));
  }

  @Override
  public T copy(T from, T reuse) {
    return copy(from);
  }

  @Override
  public int getLength() {
    return -1;
  }

  @Override
  public void serialize(T record, DataOutputView target) throws IOException {
    mapper().write(record, target);
  }

  @Override
  public T deserialize(DataInputView source) throws IOException {
    return mapper().read(source);
  }

  @Override
  public T deserialize(T reuse, DataInputView source) throws IOException {
    return deserialize(source);
  }

  @Override
  public void copy(DataInputView source, DataOutputView target) throws IOException {
    serialize(deserialize(source), target);
  }
}
