package dev.vigil.job.risk;

import java.lang.reflect.Type;
import java.util.Map;
import org.apache.flink.api.common.serialization.SerializerConfig;
import org.apache.flink.api.common.typeinfo.TypeInfoFactory;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;

/**
 * Flink's type information for {@link RiskInput} (through {@code @TypeInfo} on the class, so {@code
 * .returns(RiskInput.class)} finds it): serialised by {@link RiskInputSerializer}, never Kryo nor a
 * POJO of Avro fields.
 */
public final class RiskInputTypeInfo extends TypeInformation<RiskInput> {
  private static final long serialVersionUID = 1L;

  public static final RiskInputTypeInfo INSTANCE = new RiskInputTypeInfo();

  /** The factory {@code @TypeInfo} names. */
  public static final class Factory extends TypeInfoFactory<RiskInput> {
    @Override
    public TypeInformation<RiskInput> createTypeInfo(
        Type t, Map<String, TypeInformation<?>> genericParameters) {
      return INSTANCE;
    }
  }

  @Override
  public boolean isBasicType() {
    return false;
  }

  @Override
  public boolean isTupleType() {
    return false;
  }

  @Override
  public int getArity() {
    return 1;
  }

  @Override
  public int getTotalFields() {
    return 1;
  }

  @Override
  public Class<RiskInput> getTypeClass() {
    return RiskInput.class;
  }

  @Override
  public boolean isKeyType() {
    return false;
  }

  @Override
  public TypeSerializer<RiskInput> createSerializer(SerializerConfig config) {
    return new RiskInputSerializer();
  }

  @Override
  public String toString() {
    return "RiskInput (RiskInputSerializer)";
  }

  @Override
  public boolean equals(Object obj) {
    return obj instanceof RiskInputTypeInfo;
  }

  @Override
  public int hashCode() {
    return RiskInputTypeInfo.class.hashCode();
  }

  @Override
  public boolean canEqual(Object obj) {
    return obj instanceof RiskInputTypeInfo;
  }
}
