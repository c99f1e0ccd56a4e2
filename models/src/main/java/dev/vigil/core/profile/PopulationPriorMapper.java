package dev.vigil.core.profile;

import dev.vigil.core.model.EndpointRole;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Versioned binary form of a {@link PopulationPrior}, so that a restored job scores as an
 * uninterrupted one would (the job keeps one per operator subtask in operator state). Version 1:
 * sketch width and depth, its counters, the per-kind totals, the role counts and totals, the decay
 * landmark. Size: 16 + 4 x 4,096 x 4 + 4 x (4 + roles + 2) + 8 bytes, about 64 KiB.
 */
public final class PopulationPriorMapper implements StateMapper<PopulationPrior> {
  public static final PopulationPriorMapper INSTANCE = new PopulationPriorMapper();
  private static final int VERSION = 1;

  private PopulationPriorMapper() {}

  @Override
  public int currentVersion() {
    return VERSION;
  }

  @Override
  public void write(PopulationPrior p, DataOutput out) throws IOException {
    out.writeByte(VERSION);
    out.writeInt(p.sketch.width());
    out.writeInt(p.sketch.depth());
    p.sketch.writeCells(out);
    out.writeInt(p.totals.length);
    for (float t : p.totals) {
      out.writeFloat(t);
    }
    out.writeInt(p.roles.length);
    for (float r : p.roles) {
      out.writeFloat(r);
    }
    out.writeFloat(p.rolesTotal);
    out.writeFloat(p.mixTotal);
    out.writeLong(p.landmarkMillis);
  }

  @Override
  public PopulationPrior read(DataInput in) throws IOException {
    StateMapper.checkVersion(in.readUnsignedByte(), VERSION, "population prior");
    PopulationPrior p = new PopulationPrior();
    int width = in.readInt();
    int depth = in.readInt();
    if (width != p.sketch.width() || depth != p.sketch.depth()) {
      throw new IOException(
          "population prior sketch "
              + width
              + "x"
              + depth
              + " does not fit this build's "
              + p.sketch.width()
              + "x"
              + p.sketch.depth());
    }
    p.sketch.readCells(in);
    int kinds = in.readInt();
    if (kinds != p.totals.length) {
      throw new IOException(
          "population prior has " + kinds + " kinds, this build " + p.totals.length);
    }
    for (int k = 0; k < kinds; k++) {
      p.totals[k] = in.readFloat();
    }
    int roles = in.readInt();
    for (int r = 0; r < roles; r++) {
      float v = in.readFloat();
      if (r < EndpointRole.COUNT) {
        p.roles[r] = v; // roles added later start at 0
      }
    }
    p.rolesTotal = in.readFloat();
    p.mixTotal = in.readFloat();
    p.landmarkMillis = in.readLong();
    return p;
  }
}
