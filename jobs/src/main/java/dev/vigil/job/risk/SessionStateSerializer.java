package dev.vigil.job.risk;

import dev.vigil.core.profile.SessionState;
import dev.vigil.core.profile.SessionStateMapper;
import dev.vigil.core.profile.StateMapper;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Flink serializer of {@link SessionState} through {@link SessionStateMapper}. */
public final class SessionStateSerializer extends MappedStateSerializer<SessionState> {
  private static final long serialVersionUID = 1L;
  public static final SessionStateSerializer INSTANCE = new SessionStateSerializer();
  private static final SessionStateMapper MAPPER = new SessionStateMapper();

  @Override
  protected StateMapper<SessionState> mapper() {
    return MAPPER;
  }

  @Override
  protected SessionState newState() {
    return new SessionState();
  }

  @Override
  public TypeSerializerSnapshot<SessionState> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The mapper's version byte carries the format, so the snapshot needs no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<SessionState> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
