package dev.vigil.job.risk;

/**
 * A model document as read from {@code vigil.models}, not yet validated (every parallel instance
 * validates it, and an invalid one is reported once). A Flink POJO.
 */
public final class ModelUpdate {
  /** The slot; null when the record's key names no slot. */
  public ModelSlot slot;

  /** The model JSON; null is a tombstone that clears the slot (only the shadow may be cleared). */
  public byte[] json;

  public String sourceTopic;
  public int sourcePartition;
  public long sourceOffset;
  public String rawKey;

  /** The {@code vigil-signature} header's text (base64 Ed25519 signature), or null. */
  public String signature;

  /** The {@code vigil-key-id} header's text, or null. */
  public String keyId;

  /** The {@code vigil-signed-at} header's text (epoch milliseconds), or null. */
  public String signedAt;

  /**
   * True only for the job's own initial model, which a backtest broadcasts itself ({@link
   * #configured}); the Kafka deserializer never sets it, so no record can claim it.
   */
  public boolean configured;

  /**
   * A live signal of the exchange job ({@code vigil.signals}, {@link SignalUpdateDeserializer}) on
   * the same broadcast; when set, the other fields but the source's are unset and no model changes.
   */
  public SignalUpdate signal;

  public ModelUpdate() {}

  /** The job's own initial model, from its configuration: accepted without a signature. */
  public static ModelUpdate configured(ModelSlot slot, byte[] json) {
    ModelUpdate u = of(slot, json);
    u.configured = true;
    return u;
  }

  public static ModelUpdate of(ModelSlot slot, byte[] json) {
    ModelUpdate u = new ModelUpdate();
    u.slot = slot;
    u.json = json;
    u.rawKey = slot.key();
    return u;
  }
}
