package dev.vigil.runtime;

import java.time.Duration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/** Settings every Vigil job gets, wherever it runs. */
public final class JobDefaults {
  private JobDefaults() {}

  /**
   * Applies checkpointing and object reuse.
   *
   * <p>Object reuse is safe because no Vigil function keeps a reference to a record after it
   * returns; it removes a copy per record between chained operators.
   */
  public static StreamExecutionEnvironment apply(
      StreamExecutionEnvironment env, int parallelism, Duration checkpointInterval) {
    env.setParallelism(parallelism);
    env.getConfig().enableObjectReuse();
    if (checkpointInterval != null && !checkpointInterval.isZero()) {
      env.enableCheckpointing(checkpointInterval.toMillis());
    }
    return env;
  }
}
