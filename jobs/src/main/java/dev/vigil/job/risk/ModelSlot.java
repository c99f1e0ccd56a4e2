package dev.vigil.job.risk;

/**
 * Where a published model goes. The key of a record on the compacted {@code vigil.models} topic is
 * the slot's name, so the topic always holds the latest model of each slot.
 */
public enum ModelSlot {
  /** The champion: its decisions are enforced. */
  ACTIVE,
  /** The challenger: scored beside the active model, decisions logged to the audit topic only. */
  SHADOW;

  public String key() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
