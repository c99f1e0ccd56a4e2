package dev.vigil.job.risk;

import dev.vigil.core.profile.AccountProfile;
import dev.vigil.core.profile.AccountProfileMapper;
import dev.vigil.core.profile.StateMapper;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/** Flink serializer of {@link AccountProfile} through {@link AccountProfileMapper}. */
public final class AccountProfileSerializer extends MappedStateSerializer<AccountProfile> {
  private static final long serialVersionUID = 1L;
  public static final AccountProfileSerializer INSTANCE = new AccountProfileSerializer();
  private static final AccountProfileMapper MAPPER = new AccountProfileMapper();

  @Override
  protected StateMapper<AccountProfile> mapper() {
    return MAPPER;
  }

  @Override
  protected AccountProfile newState() {
    return new AccountProfile();
  }

  @Override
  public TypeSerializerSnapshot<AccountProfile> snapshotConfiguration() {
    return new Snapshot();
  }

  /** The mapper's version byte carries the format, so the snapshot needs no configuration. */
  public static final class Snapshot extends SimpleTypeSerializerSnapshot<AccountProfile> {
    public Snapshot() {
      super(() -> INSTANCE);
    }
  }
}
