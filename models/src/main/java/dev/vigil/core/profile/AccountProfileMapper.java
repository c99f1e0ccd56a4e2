package dev.vigil.core.profile;

import dev.vigil.core.model.EndpointRole;
import dev.vigil.core.sketch.DecayedTopK;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary form of {@link AccountProfile}. Version 1 layout: version byte, landmark, last seen,
 * sessions learned, the nine tables in {@link AccountProfile#tables()} order (each 5 + 12 * size
 * bytes), 24 hour bins and their total, the rate, notional and failure baselines. At most {@link
 * #MAX_BYTES} (1,780) bytes with every table full. Version 2 appends the client lineages ({@link
 * ClientLineages}: a count byte and up to six 32-byte slots) and the decayed count of each endpoint
 * role and their total (48 bytes); version 1 bytes stay readable (no lineage known, so no downgrade
 * is seen until the owner's next adopted session teaches one; no role counts, so the account's role
 * mix backs off to the population until it has some). Version 3 appends the decayed count of new
 * sessions and its time (12 bytes); older bytes read as no recent session (the session-burst term
 * then starts from zero). Version 4 appends the {@value AccountProfile#PROBATION} networks on
 * probation (each network, last prefix, last counted visit, visits and weight: 29 bytes); older
 * bytes read as none on probation (a network new to the account then starts its visits from zero).
 * Version 5 appends the API-key slots in use (a count byte, then per slot the key, session start,
 * session network, AS and time: 40 bytes each, at most {@value AccountProfile#KEY_SLOTS}; one byte
 * for an account without keys); older bytes read as empty slots (a key's concurrent use is then
 * seen from its next requests on). Version 6 appends, per slot in use, the client family of the
 * key's last request (8 bytes each); older bytes read as unknown (0, which the concurrent-key term
 * treats as "no client to compare"). Version 7 appends the devices the owner used ({@link
 * ClientDevices}: a count byte and up to four 25-byte slots); older bytes read as none known (the
 * new-device and older-OS verdicts then wait until an adopted session teaches one). Version 8
 * appends the incident memory of the account response (the time each of the {@value
 * AccountProfile#ACCOUNT_ACTIONS} account actions was last sent, a count byte and up to {@value
 * AccountProfile#REVOKED_KEYS} revoked keys with their times, the account command sequence: at most
 * {@value #V8_BLOCK_BYTES} bytes); older bytes read as nothing sent (the next incident gets its
 * actions, and its sequence starts from 1).
 */
public final class AccountProfileMapper implements StateMapper<AccountProfile> {
  /**
   * Version 2 appends the client lineages and the endpoint-role counts; version 3 the count of new
   * sessions; version 4 the networks on probation; version 5 the API-key slots; version 6 each
   * slot's client family; version 7 the device models; version 8 the account response's memory.
   */
  public static final int VERSION = 8;

  /** Size of what version 8 appends for an account that sent nothing yet. */
  public static final int V8_EMPTY_BYTES = AccountProfile.ACCOUNT_ACTIONS * 8 + 1 + 8;

  /** Size of what version 8 appends, at most. */
  public static final int V8_BLOCK_BYTES =
      AccountProfile.ACCOUNT_ACTIONS * 8 + 1 + AccountProfile.REVOKED_KEYS * 16 + 8;

  /** Size of what version 4 appends. */
  public static final int V4_BLOCK_BYTES = AccountProfile.PROBATION * (8 + 8 + 8 + 1 + 4);

  /** Size of what version 5 appends. */
  public static final int V5_BLOCK_BYTES = 1 + AccountProfile.KEY_SLOTS * 5 * 8;

  /** Size of what version 6 appends. */
  public static final int V6_BLOCK_BYTES = AccountProfile.KEY_SLOTS * 8;

  /** Upper bound of the serialised size of any profile. */
  public static final int MAX_BYTES =
      21
          + 9 * 5
          + 12 * 94
          + 25 * 4
          + 7 * 4
          + 8
          + ClientLineages.MAX_BYTES
          + (EndpointRole.COUNT + 1) * 4
          + 12
          + V4_BLOCK_BYTES
          + V5_BLOCK_BYTES
          + V6_BLOCK_BYTES
          + ClientDevices.MAX_BYTES
          + V8_BLOCK_BYTES;

  @Override
  public int currentVersion() {
    return VERSION;
  }

  @Override
  public void write(AccountProfile p, DataOutput out) throws IOException {
    out.writeByte(VERSION);
    out.writeLong(p.landmarkMillis);
    out.writeLong(p.lastSeenMillis);
    out.writeInt(p.sessionsLearned);
    for (DecayedTopK t : p.tables()) {
      t.write(out);
    }
    for (int h = 0; h < AccountProfile.HOURS; h++) {
      out.writeFloat(p.hours[h]);
    }
    out.writeFloat(p.hoursTotal);
    out.writeFloat(p.logRateMean);
    out.writeFloat(p.logRateDeviation);
    out.writeFloat(p.rateObservations);
    out.writeFloat(p.logNotionalMean);
    out.writeFloat(p.logNotionalDeviation);
    out.writeFloat(p.notionalObservations);
    out.writeFloat(p.failures);
    out.writeLong(p.failuresAtMillis);
    p.lineages.write(out);
    for (int r = 0; r < EndpointRole.COUNT; r++) {
      out.writeFloat(p.roles[r]);
    }
    out.writeFloat(p.rolesTotal);
    out.writeFloat(p.newSessions);
    out.writeLong(p.newSessionsAtMillis);
    for (int i = 0; i < AccountProfile.PROBATION; i++) {
      out.writeLong(p.probationNetworks[i]);
      out.writeLong(p.probationPrefixes[i]);
      out.writeLong(p.probationVisitMillis[i]);
      out.writeByte(p.probationVisits[i]);
      out.writeFloat(p.probationWeights[i]);
    }
    int keys = 0;
    for (int i = 0; i < AccountProfile.KEY_SLOTS; i++) {
      keys += p.keySlotKeys[i] != 0L ? 1 : 0;
    }
    out.writeByte(keys);
    for (int i = 0; i < AccountProfile.KEY_SLOTS; i++) {
      if (p.keySlotKeys[i] == 0L) {
        continue;
      }
      out.writeLong(p.keySlotKeys[i]);
      out.writeLong(p.keySlotSessionStarts[i]);
      out.writeLong(p.keySlotSessionPrefixes[i]);
      out.writeLong(p.keySlotAsns[i]);
      out.writeLong(p.keySlotMillis[i]);
    }
    for (int i = 0; i < AccountProfile.KEY_SLOTS; i++) {
      if (p.keySlotKeys[i] != 0L) {
        out.writeLong(p.keySlotClients[i]);
      }
    }
    p.devices.write(out);
    for (int i = 0; i < AccountProfile.ACCOUNT_ACTIONS; i++) {
      out.writeLong(p.accountActionMillis[i]);
    }
    int revoked = 0;
    for (int i = 0; i < AccountProfile.REVOKED_KEYS; i++) {
      revoked += p.revokedKeys[i] != 0L ? 1 : 0;
    }
    out.writeByte(revoked);
    for (int i = 0; i < AccountProfile.REVOKED_KEYS; i++) {
      if (p.revokedKeys[i] != 0L) {
        out.writeLong(p.revokedKeys[i]);
        out.writeLong(p.revokedKeyMillis[i]);
      }
    }
    out.writeLong(p.accountCommandSequence);
  }

  @Override
  public AccountProfile read(DataInput in) throws IOException {
    int version = StateMapper.checkVersion(in.readUnsignedByte(), VERSION, "account profile");
    AccountProfile p = new AccountProfile();
    p.landmarkMillis = in.readLong();
    p.lastSeenMillis = in.readLong();
    p.sessionsLearned = in.readInt();
    for (DecayedTopK t : p.tables()) {
      t.read(in);
    }
    for (int h = 0; h < AccountProfile.HOURS; h++) {
      p.hours[h] = in.readFloat();
    }
    p.hoursTotal = in.readFloat();
    p.logRateMean = in.readFloat();
    p.logRateDeviation = in.readFloat();
    p.rateObservations = in.readFloat();
    p.logNotionalMean = in.readFloat();
    p.logNotionalDeviation = in.readFloat();
    p.notionalObservations = in.readFloat();
    p.failures = in.readFloat();
    p.failuresAtMillis = in.readLong();
    if (version >= 2) {
      p.lineages.read(in);
      for (int r = 0; r < EndpointRole.COUNT; r++) {
        p.roles[r] = in.readFloat();
      }
      p.rolesTotal = in.readFloat();
    }
    if (version >= 3) {
      p.newSessions = in.readFloat();
      p.newSessionsAtMillis = in.readLong();
    }
    if (version >= 4) {
      for (int i = 0; i < AccountProfile.PROBATION; i++) {
        p.probationNetworks[i] = in.readLong();
        p.probationPrefixes[i] = in.readLong();
        p.probationVisitMillis[i] = in.readLong();
        p.probationVisits[i] = in.readByte();
        p.probationWeights[i] = in.readFloat();
      }
    }
    if (version >= 5) {
      int keys = in.readUnsignedByte();
      if (keys > AccountProfile.KEY_SLOTS) {
        throw new IOException(
            "account profile holds "
                + keys
                + " API-key slots, at most "
                + AccountProfile.KEY_SLOTS);
      }
      for (int i = 0; i < keys; i++) {
        p.keySlotKeys[i] = in.readLong();
        p.keySlotSessionStarts[i] = in.readLong();
        p.keySlotSessionPrefixes[i] = in.readLong();
        p.keySlotAsns[i] = in.readLong();
        p.keySlotMillis[i] = in.readLong();
      }
      if (version >= 6) {
        for (int i = 0; i < keys; i++) {
          p.keySlotClients[i] = in.readLong();
        }
      }
    }
    if (version >= 7) {
      p.devices.read(in);
    }
    if (version >= 8) {
      for (int i = 0; i < AccountProfile.ACCOUNT_ACTIONS; i++) {
        p.accountActionMillis[i] = in.readLong();
      }
      int revoked = in.readUnsignedByte();
      if (revoked > AccountProfile.REVOKED_KEYS) {
        throw new IOException(
            "account profile holds "
                + revoked
                + " revoked keys, at most "
                + AccountProfile.REVOKED_KEYS);
      }
      for (int i = 0; i < revoked; i++) {
        p.revokedKeys[i] = in.readLong();
        p.revokedKeyMillis[i] = in.readLong();
      }
      p.accountCommandSequence = in.readLong();
    }
    return p;
  }
}
