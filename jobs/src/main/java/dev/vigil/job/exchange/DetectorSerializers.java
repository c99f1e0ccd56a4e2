package dev.vigil.job.exchange;

import dev.vigil.core.exchange.EndpointVolume;
import dev.vigil.core.exchange.LoginWave;
import dev.vigil.core.exchange.SharedAddress;
import dev.vigil.core.exchange.SharedCredential;
import dev.vigil.core.profile.StateMapper;
import dev.vigil.job.risk.MappedStateSerializer;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;

/**
 * Flink serializers of the exchange detectors' state, through the detectors' own versioned binary
 * forms ({@link StateMapper}), never Kryo.
 */
final class DetectorSerializers {
  private DetectorSerializers() {}

  /** {@link LoginWave} state. */
  public static final class LoginWaves extends MappedStateSerializer<LoginWave> {
    private static final long serialVersionUID = 1L;
    public static final LoginWaves INSTANCE = new LoginWaves();

    @Override
    protected StateMapper<LoginWave> mapper() {
      return LoginWave.MAPPER;
    }

    @Override
    protected LoginWave newState() {
      return new LoginWave();
    }

    @Override
    public TypeSerializerSnapshot<LoginWave> snapshotConfiguration() {
      return new Snapshot();
    }

    /** The mapper's version byte carries the format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<LoginWave> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }

  /** {@link SharedAddress} state. */
  public static final class SharedAddresses extends MappedStateSerializer<SharedAddress> {
    private static final long serialVersionUID = 1L;
    public static final SharedAddresses INSTANCE = new SharedAddresses();

    @Override
    protected StateMapper<SharedAddress> mapper() {
      return SharedAddress.MAPPER;
    }

    @Override
    protected SharedAddress newState() {
      return new SharedAddress();
    }

    @Override
    public TypeSerializerSnapshot<SharedAddress> snapshotConfiguration() {
      return new Snapshot();
    }

    /** The mapper's version byte carries the format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SharedAddress> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }

  /** {@link SharedCredential} state. */
  public static final class SharedCredentials extends MappedStateSerializer<SharedCredential> {
    private static final long serialVersionUID = 1L;
    public static final SharedCredentials INSTANCE = new SharedCredentials();

    @Override
    protected StateMapper<SharedCredential> mapper() {
      return SharedCredential.MAPPER;
    }

    @Override
    protected SharedCredential newState() {
      return new SharedCredential();
    }

    @Override
    public TypeSerializerSnapshot<SharedCredential> snapshotConfiguration() {
      return new Snapshot();
    }

    /** The mapper's version byte carries the format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<SharedCredential> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }

  /** {@link EndpointVolume} state. */
  public static final class EndpointVolumes extends MappedStateSerializer<EndpointVolume> {
    private static final long serialVersionUID = 1L;
    public static final EndpointVolumes INSTANCE = new EndpointVolumes();

    @Override
    protected StateMapper<EndpointVolume> mapper() {
      return EndpointVolume.MAPPER;
    }

    @Override
    protected EndpointVolume newState() {
      return new EndpointVolume();
    }

    @Override
    public TypeSerializerSnapshot<EndpointVolume> snapshotConfiguration() {
      return new Snapshot();
    }

    /** The mapper's version byte carries the format. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EndpointVolume> {
      public Snapshot() {
        super(() -> INSTANCE);
      }
    }
  }
}
