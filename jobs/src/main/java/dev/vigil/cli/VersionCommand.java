package dev.vigil.cli;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;
import java.util.concurrent.Callable;
import org.apache.flink.runtime.util.EnvironmentInformation;
import org.apache.kafka.common.utils.AppInfoParser;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Prints Vigil's version and those of the parts it runs on. */
@Command(name = "version", description = "Print the versions of Vigil, Flink, Kafka and Java.")
public final class VersionCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    var out = spec.commandLine().getOut();
    for (String line : lines()) {
      out.println(line);
    }
    return 0;
  }

  /** The same lines for {@code vigil --version}. */
  public static final class Provider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() throws IOException {
      return lines();
    }
  }

  static String[] lines() throws IOException {
    return new String[] {
      "vigil " + vigilVersion(),
      "flink " + EnvironmentInformation.getVersion(),
      "kafka-clients " + AppInfoParser.getVersion(),
      "java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }

  static String vigilVersion() throws IOException {
    Properties props = new Properties();
    try (InputStream in = VersionCommand.class.getResourceAsStream("version.properties")) {
      if (in != null) {
        props.load(in);
      }
    }
    return props.getProperty("version", "unknown");
  }
}
