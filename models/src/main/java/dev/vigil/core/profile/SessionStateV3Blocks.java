package dev.vigil.core.profile;

import dev.vigil.core.model.EndpointRole;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The blocks {@link SessionStateMapper} version 3 added (device, concurrency and location; policy;
 * intent), written and read in one place so the mapper stays a list of versions.
 */
final class SessionStateV3Blocks {
  private SessionStateV3Blocks() {}

  static void writeV3(SessionState s, DataOutput out) throws IOException {
    out.writeLong(s.lastGeoPrefix);
    out.writeFloat(s.lastGeoAccuracyKm);
    out.writeBoolean(s.lastGeoUnplaced);
    out.writeLong(s.previousPrefix);
    out.writeLong(s.networkSwitchMillis);
    out.writeByte(Math.min(s.networkSwitches, 127));
    out.writeLong(s.currentUserAgent);
    out.writeLong(s.previousUserAgent);
    out.writeLong(s.userAgentSwitchMillis);
    out.writeByte(Math.min(s.userAgentSwitches, 127));
    out.writeLong(s.travelPairs);
    out.writeLong(s.returnPairs);
    out.writeLong(s.interleavedNetworkPairs);
    out.writeLong(s.interleavedClientPairs);
    out.writeLong(s.scoredNetworks);
    out.writeLong(s.scoredUserAgents);
    // The policy block.
    out.writeByte(SessionStateMapper.V3_EVIDENCE_KINDS);
    for (int i = 0; i < SessionStateMapper.V3_EVIDENCE_KINDS; i++) {
      out.writeFloat(s.kindLlr[i]);
    }
    out.writeFloat(s.volumeLlr);
    out.writeByte(policyFlags(s));
    writeIntent(s, out);
  }

  static void readV3(SessionState s, DataInput in) throws IOException {
    s.lastGeoPrefix = in.readLong();
    s.lastGeoAccuracyKm = in.readFloat();
    s.lastGeoUnplaced = in.readBoolean();
    s.previousPrefix = in.readLong();
    s.networkSwitchMillis = in.readLong();
    s.networkSwitches = in.readByte();
    s.currentUserAgent = in.readLong();
    s.previousUserAgent = in.readLong();
    s.userAgentSwitchMillis = in.readLong();
    s.userAgentSwitches = in.readByte();
    s.travelPairs = in.readLong();
    s.returnPairs = in.readLong();
    s.interleavedNetworkPairs = in.readLong();
    s.interleavedClientPairs = in.readLong();
    s.scoredNetworks = in.readLong();
    s.scoredUserAgents = in.readLong();
    int kinds = in.readUnsignedByte();
    if (kinds > SessionStateMapper.V3_EVIDENCE_KINDS) {
      throw new IOException(
          "session state holds "
              + kinds
              + " evidence kinds, at most "
              + SessionStateMapper.V3_EVIDENCE_KINDS);
    }
    for (int i = 0; i < kinds; i++) {
      s.kindLlr[i] = in.readFloat();
    }
    s.volumeLlr = in.readFloat();
    setPolicyFlags(s, in.readUnsignedByte());
    readIntent(s, in);
  }

  static void writeIntent(SessionState s, DataOutput out) throws IOException {
    out.write(s.roleCounts);
    for (int r = 0; r < EndpointRole.COUNT; r++) {
      out.writeFloat(s.refRoleShares[r]);
    }
    out.writeFloat(s.refRoleRequests);
    out.writeFloat(s.mixStatistic);
    out.writeFloat(s.mixReported);
    out.writeLong(s.securityChangeMillis);
    out.writeByte(s.intentFlags);
  }

  static void readIntent(SessionState s, DataInput in) throws IOException {
    in.readFully(s.roleCounts);
    for (int r = 0; r < EndpointRole.COUNT; r++) {
      s.refRoleShares[r] = in.readFloat();
    }
    s.refRoleRequests = in.readFloat();
    s.mixStatistic = in.readFloat();
    s.mixReported = in.readFloat();
    s.securityChangeMillis = in.readLong();
    s.intentFlags = in.readByte();
  }

  static int policyFlags(SessionState s) {
    return (s.mfaPassed ? 1 : 0)
        | (s.holdScope & 3) << 1
        | (s.killWithheldNoted ? 8 : 0)
        | (s.killCounted ? 16 : 0)
        | (s.killDegradedNoted ? 32 : 0);
  }

  static void setPolicyFlags(SessionState s, int f) {
    s.mfaPassed = (f & 1) != 0;
    s.holdScope = (byte) ((f >> 1) & 3);
    s.killWithheldNoted = (f & 8) != 0;
    s.killCounted = (f & 16) != 0;
    s.killDegradedNoted = (f & 32) != 0;
  }
}
