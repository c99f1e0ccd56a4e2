package dev.vigil.cli;

import dev.vigil.job.config.JobConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** {@code --config FILE} and {@code --set key=value} for the job's settings. */
public final class JobConfigOptions {
  @Option(
      names = "--config",
      paramLabel = "FILE",
      description = "Job settings file (keys as in vigil-job.properties; unknown keys are errors).")
  Path file;

  @Option(
      names = "--set",
      paramLabel = "KEY=VALUE",
      description = "Override one setting, e.g. --set parallelism=4 (repeatable).")
  List<String> overrides = new ArrayList<>();

  public JobConfig load() {
    return JobConfig.load(file, overrides);
  }
}
