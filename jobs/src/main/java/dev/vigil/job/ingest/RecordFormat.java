package dev.vigil.job.ingest;

/** The two wire formats Vigil ingests. */
public enum RecordFormat {
  /** One ECS JSON object per record (topic vigil.access-logs). */
  JSON,
  /** Avro single-object encoded AccessEvent (topic vigil.access-events). */
  AVRO
}
