package dev.vigil.cli;

import dev.vigil.job.config.JobConfig;
import java.util.List;

/** The demo risk job's settings. */
final class DemoRiskConfig {
  private DemoRiskConfig() {}

  /**
   * The risk job's settings for the demo: its own fresh keys (see {@link DemoKeys}), CAEP on, Avro
   * input, and the demo gateway's outcomes read back and verified with the gateway's key.
   */
  static JobConfig of(DemoKeys keys) throws Exception {
    return JobConfig.load(
        null,
        List.of(
            "inputs.json=false",
            "parallelism=1",
            "checkpoint.interval=2s",
            "kafka.group-id=vigil-demo-risk",
            "commands.signing-key-file=" + keys.commandPrivate(),
            "caep.enabled=true",
            "caep.issuer=https://vigil.demo.invalid",
            "caep.key-file=" + keys.caepKey(),
            "models.trusted-keys=" + keys.publisherPublic(),
            "outcomes.enabled=true",
            "outcomes.keys-file=" + keys.gatewayKey()));
  }
}
