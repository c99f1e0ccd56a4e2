package dev.vigil.core.profile;

import dev.vigil.core.model.EndpointRole;
import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Binary form of {@link SessionState}. Version 1 layout: version byte, times and counters, the
 * filter's log-odds, policy state, feature hashes, the network slots, last location, the nonce ring
 * (times in seconds relative to the session start, so sub-second precision is dropped), failure and
 * rate estimates, the baselines snapshot at session start, flags packed in one short (bits 8 to 11
 * were added in free bits: older data reads them as 0, "not yet reported" and "no address
 * whitelisted here"), and the retained reasons. Version 2 appends the 64-bit mask of unusual
 * instruments already counted; version 1 bytes stay readable (mask 0). Version 3 appends three
 * blocks: device, concurrency and location (the last located network, its radius and hosting flag,
 * the network and user-agent switch counters, the masks of facts already counted); the policy block
 * (the count of evidence kinds, the positive LLR per kind, the volume LLR and one byte of policy
 * flags); the intent block (per-role request counts, the account's role mix at the session's start,
 * the endpoint-mix statistic and what it reported, the time of a security change, intent flags).
 * Older bytes read all three as empty: a restored session may count a travel leg or a return once
 * more, has no evidence per kind yet, nothing held and no intent seen. Version 4 appends the
 * provisional lessons (a count byte, then per lesson what was adopted, when, its flags and its
 * network weight: {@value #LESSON_BYTES} bytes each, at most {@value
 * SessionState#PROVISIONAL_SLOTS}); older bytes read as no lesson held, so a session restored from
 * them cannot take back what it taught before the upgrade. Version 5 appends the concurrent-key
 * counter (overlaps counted and the time of the last; {@value #V5_BLOCK_BYTES} bytes); older bytes
 * read as none counted, so a restored session starts counting again. Version 6 appends {@link
 * OutcomeMemory} (the CHALLENGE kind's LLR, the factors passed, the last outcome ids; at most
 * {@value OutcomeMemory#BYTES} bytes): the policy block keeps the eight kinds it always had, so the
 * bytes before stay as they were; older bytes read as no outcome seen. Version 7 appends the
 * session's peak notional z (a float: {@code unusual_notional} counts its increase, and a restored
 * session must score as an uninterrupted one) and the exchange signals already counted ({@link
 * SessionState#scoredSignals}, one byte); older bytes read 0 and none counted, so a restored
 * session may count its largest size or a live signal once more. At most {@link #MAX_BYTES} (1,024)
 * bytes.
 */
public final class SessionStateMapper implements StateMapper<SessionState> {
  /**
   * Version 2 appends the mask of unusual instruments already counted (8 bytes); version 3 the
   * device, concurrency and location block, the policy block and the intent block ({@link
   * #V3_BLOCK_BYTES} bytes).
   */
  public static final int VERSION = 7;

  /** Size of what version 7 appends: the peak notional z and the mask of exchange signals. */
  public static final int V7_BLOCK_BYTES = 4 + 1;

  /** Size of what version 5 appends: the concurrent-key overlaps and the time of the last. */
  public static final int V5_BLOCK_BYTES = 1 + 8;

  /** Size of one provisional lesson of version 4. */
  public static final int LESSON_BYTES = 5 * 8 + 8 + 1 + 4;

  /** Upper bound of what version 4 appends. */
  public static final int V4_BLOCK_BYTES = 1 + SessionState.PROVISIONAL_SLOTS * LESSON_BYTES;

  /**
   * Evidence kinds in version 3's policy block (NETWORK to CASH_OUT); CHALLENGE is in version 6's.
   */
  static final int V3_EVIDENCE_KINDS = 8;

  /** Size of version 3's device, concurrency and location block. */
  private static final int DEVICE_BLOCK_BYTES = 8 + 4 + 1 + 8 + 8 + 1 + 8 + 8 + 8 + 1 + 6 * 8;

  /** Size of version 3's policy block. */
  private static final int POLICY_BLOCK_BYTES = 1 + V3_EVIDENCE_KINDS * 4 + 4 + 1;

  /** Size of version 3's intent block. */
  static final int INTENT_BYTES = EndpointRole.COUNT + (EndpointRole.COUNT + 1) * 4 + 4 + 4 + 8 + 1;

  /** Size of what version 3 appends. */
  public static final int V3_BLOCK_BYTES = DEVICE_BLOCK_BYTES + POLICY_BLOCK_BYTES + INTENT_BYTES;

  /** Upper bound of the serialised size of any session. */
  public static final int MAX_BYTES =
      1
          + 8
          + 8
          + 4
          + 8
          + 2
          + 8
          + 4
          + 4
          + 4
          + 9 * 8
          + 4
          + SessionState.NETWORK_SLOTS * 16
          + 4
          + 4
          + 8
          + 1
          + SessionState.NONCE_SLOTS * 12
          + 8
          + 4
          + 8
          + 4
          + 6 * 4
          + 4 * 4
          + 2
          + 1
          + SessionState.TOP_REASONS * (1 + 4 + 8 * SessionState.REASON_VALUES)
          + 8
          + V3_BLOCK_BYTES
          + V4_BLOCK_BYTES
          + V5_BLOCK_BYTES
          + OutcomeMemory.BYTES
          + V7_BLOCK_BYTES;

  @Override
  public int currentVersion() {
    return VERSION;
  }

  @Override
  public void write(SessionState s, DataOutput out) throws IOException {
    out.writeByte(VERSION);
    out.writeLong(s.startMillis);
    out.writeLong(s.lastMillis);
    out.writeInt(s.events);
    out.writeDouble(s.logOdds);
    out.writeByte(s.kind);
    out.writeByte(s.level);
    out.writeLong(s.levelSinceMillis);
    out.writeInt(s.commandedIdleSeconds);
    out.writeInt(s.commandedAbsoluteSeconds);
    out.writeFloat(s.commandedRequestsPerSecond);
    out.writeLong(s.firstPrefix);
    out.writeLong(s.firstClient);
    out.writeLong(s.currentPrefix);
    out.writeLong(s.currentAsn);
    out.writeLong(s.currentClient);
    out.writeLong(s.currentApiKey);
    out.writeLong(s.lastEndpoint);
    out.writeLong(s.lastInstrument);
    out.writeLong(s.lastWithdrawalAddress);
    out.writeInt(s.eventsOnNetwork);
    for (int i = 0; i < SessionState.NETWORK_SLOTS; i++) {
      out.writeLong(s.networkPrefixes[i]);
      out.writeLong(s.networkLastSeenMillis[i]);
    }
    out.writeFloat(s.lastLatitude);
    out.writeFloat(s.lastLongitude);
    out.writeLong(s.lastGeoMillis);
    s.nonces.write(out, s.startMillis);
    out.writeLong(s.nonceHighWater);
    out.writeFloat(s.failures);
    out.writeLong(s.failuresAtMillis);
    out.writeFloat(s.failurePeak);
    out.writeFloat(s.rateShort);
    out.writeFloat(s.rateMedium);
    out.writeFloat(s.rateLong);
    out.writeFloat(s.ratePeakZ);
    out.writeFloat(s.intervalMean);
    out.writeFloat(s.intervalSquareMean);
    out.writeFloat(s.refLogRateMean);
    out.writeFloat(s.refLogRateDeviation);
    out.writeFloat(s.refLogNotionalMean);
    out.writeFloat(s.refLogNotionalDeviation);
    out.writeShort(flags(s));
    out.writeByte(s.topCount);
    for (int i = 0; i < s.topCount; i++) {
      out.writeByte(s.topCodes[i]);
      out.writeFloat(s.topLlr[i]);
      for (int v = 0; v < SessionState.REASON_VALUES; v++) {
        out.writeDouble(s.topValues[i * SessionState.REASON_VALUES + v]);
      }
    }
    out.writeLong(s.unusualInstruments);
    SessionStateV3Blocks.writeV3(s, out);
    out.writeByte(s.lessons);
    for (int i = 0; i < s.lessons; i++) {
      out.writeLong(s.lessonPrefixes[i]);
      out.writeLong(s.lessonAsns[i]);
      out.writeLong(s.lessonCountries[i]);
      out.writeLong(s.lessonClients[i]);
      out.writeLong(s.lessonApiKeys[i]);
      out.writeLong(s.lessonMillis[i]);
      out.writeByte(s.lessonFlags[i]);
      out.writeFloat(s.lessonNetworkMultiples[i]);
    }
    out.writeByte(s.keyOverlaps);
    out.writeLong(s.keyOverlapMillis);
    OutcomeMemory.write(s, out);
    out.writeFloat(s.notionalPeakZ);
    out.writeByte(s.scoredSignals);
  }

  @Override
  public SessionState read(DataInput in) throws IOException {
    int version = StateMapper.checkVersion(in.readUnsignedByte(), VERSION, "session");
    SessionState s = new SessionState();
    s.startMillis = in.readLong();
    s.lastMillis = in.readLong();
    s.events = in.readInt();
    s.logOdds = in.readDouble();
    s.kind = in.readByte();
    s.level = in.readByte();
    s.levelSinceMillis = in.readLong();
    s.commandedIdleSeconds = in.readInt();
    s.commandedAbsoluteSeconds = in.readInt();
    s.commandedRequestsPerSecond = in.readFloat();
    s.firstPrefix = in.readLong();
    s.firstClient = in.readLong();
    s.currentPrefix = in.readLong();
    s.currentAsn = in.readLong();
    s.currentClient = in.readLong();
    s.currentApiKey = in.readLong();
    s.lastEndpoint = in.readLong();
    s.lastInstrument = in.readLong();
    s.lastWithdrawalAddress = in.readLong();
    s.eventsOnNetwork = in.readInt();
    for (int i = 0; i < SessionState.NETWORK_SLOTS; i++) {
      s.networkPrefixes[i] = in.readLong();
      s.networkLastSeenMillis[i] = in.readLong();
    }
    s.lastLatitude = in.readFloat();
    s.lastLongitude = in.readFloat();
    s.lastGeoMillis = in.readLong();
    s.nonces.read(in, s.startMillis);
    s.nonceHighWater = in.readLong();
    s.failures = in.readFloat();
    s.failuresAtMillis = in.readLong();
    s.failurePeak = in.readFloat();
    s.rateShort = in.readFloat();
    s.rateMedium = in.readFloat();
    s.rateLong = in.readFloat();
    s.ratePeakZ = in.readFloat();
    s.intervalMean = in.readFloat();
    s.intervalSquareMean = in.readFloat();
    s.refLogRateMean = in.readFloat();
    s.refLogRateDeviation = in.readFloat();
    s.refLogNotionalMean = in.readFloat();
    s.refLogNotionalDeviation = in.readFloat();
    setFlags(s, in.readUnsignedShort());
    int n = in.readUnsignedByte();
    if (n > SessionState.TOP_REASONS) {
      throw new IOException(
          "session state holds " + n + " reasons, at most " + SessionState.TOP_REASONS);
    }
    s.topCount = n;
    for (int i = 0; i < n; i++) {
      s.topCodes[i] = in.readByte();
      s.topLlr[i] = in.readFloat();
      for (int v = 0; v < SessionState.REASON_VALUES; v++) {
        s.topValues[i * SessionState.REASON_VALUES + v] = in.readDouble();
      }
    }
    // Version 1 has no mask: a session restored from it may count an unusual instrument again.
    s.unusualInstruments = version >= 2 ? in.readLong() : 0L;
    if (version >= 3) {
      SessionStateV3Blocks.readV3(s, in);
    }
    if (version >= 4) {
      int lessons = in.readUnsignedByte();
      if (lessons > SessionState.PROVISIONAL_SLOTS) {
        throw new IOException(
            "session state holds "
                + lessons
                + " provisional lessons, at most "
                + SessionState.PROVISIONAL_SLOTS);
      }
      s.lessons = lessons;
      for (int i = 0; i < lessons; i++) {
        s.lessonPrefixes[i] = in.readLong();
        s.lessonAsns[i] = in.readLong();
        s.lessonCountries[i] = in.readLong();
        s.lessonClients[i] = in.readLong();
        s.lessonApiKeys[i] = in.readLong();
        s.lessonMillis[i] = in.readLong();
        s.lessonFlags[i] = in.readByte();
        s.lessonNetworkMultiples[i] = in.readFloat();
      }
    }
    if (version >= 5) {
      s.keyOverlaps = in.readByte();
      s.keyOverlapMillis = in.readLong();
    }
    if (version >= 6) {
      OutcomeMemory.read(s, in);
    }
    if (version >= 7) {
      s.notionalPeakZ = in.readFloat();
      s.scoredSignals = in.readUnsignedByte();
    }
    // Older versions: no evidence per kind yet, so a session restored mid-way is escalated (stepped
    // up, held, killed) only on evidence it shows after the upgrade; it may be held again (a hold
    // is idempotent at the wallet service).
    return s;
  }

  private static int flags(SessionState s) {
    return (s.currentNetworkFresh ? 1 : 0)
        | (s.currentNetworkFamiliar ? 2 : 0)
        | (s.sensitiveFreshReported ? 4 : 0)
        | (s.lastGeoFamiliar ? 8 : 0)
        | (s.clockSkewed ? 16 : 0)
        | (s.sensitiveUsed ? 32 : 0)
        | (s.poisoned ? 64 : 0)
        | (s.hourLearned ? 128 : 0)
        | (s.sensitiveTransitionReported ? 256 : 0)
        | (s.addressWhitelistedHere ? 512 : 0)
        | (s.addressWhitelistedFromFresh ? 1024 : 0)
        | (s.freshAddressWithdrawalReported ? 2048 : 0)
        | (s.currentNetworkResidential ? 4096 : 0)
        | (s.currentNetworkIpv6 ? 8192 : 0)
        | (s.fixedLineHopReported ? 16384 : 0);
  }

  private static void setFlags(SessionState s, int f) {
    s.currentNetworkFresh = (f & 1) != 0;
    s.currentNetworkFamiliar = (f & 2) != 0;
    s.sensitiveFreshReported = (f & 4) != 0;
    s.lastGeoFamiliar = (f & 8) != 0;
    s.clockSkewed = (f & 16) != 0;
    s.sensitiveUsed = (f & 32) != 0;
    s.poisoned = (f & 64) != 0;
    s.hourLearned = (f & 128) != 0;
    // Added within version 1: older data has the bit clear, i.e. "not yet reported", the right
    // default for a session restored mid-way.
    s.sensitiveTransitionReported = (f & 256) != 0;
    // Bits 9 to 11 likewise (vigil-default-3's whitelisted-address term): a session restored from
    // older data has not whitelisted an address, so the term stays quiet for it.
    s.addressWhitelistedHere = (f & 512) != 0;
    s.addressWhitelistedFromFresh = (f & 1024) != 0;
    s.freshAddressWithdrawalReported = (f & 2048) != 0;
    // Bits 12 to 14 likewise (fixed_line_hop): older data reads "not a fixed line", so a restored
    // session counts no hop until it has seen its current network again.
    s.currentNetworkResidential = (f & 4096) != 0;
    s.currentNetworkIpv6 = (f & 8192) != 0;
    s.fixedLineHopReported = (f & 16384) != 0;
  }
}
