package dev.vigil.cli;

import dev.vigil.signing.PublisherKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** Model publisher keys: {@code vigil keys generate}. */
@Command(
    name = "keys",
    description = "Manage model publisher keys (Ed25519, RFC 8032).",
    synopsisSubcommandLabel = "COMMAND",
    subcommands = {KeysCommand.Generate.class})
public final class KeysCommand implements Runnable {
  @Spec CommandSpec spec;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  /** Writes a new key pair: the private key for publishers, the public key for jobs to trust. */
  @Command(
      name = "generate",
      description = {
        "Create a model publisher key pair in DIR: " + PublisherKeys.PRIVATE_FILE + " (PKCS#8 PEM,",
        "mode 600: give it to 'vigil publish-model --signing-key') and "
            + PublisherKeys.PUBLIC_FILE,
        "(X.509 PEM: list it in the job's models.trusted-keys). With --for commands: "
            + PublisherKeys.COMMAND_PRIVATE_FILE,
        "(the job's commands.signing-key-file) and "
            + PublisherKeys.COMMAND_PUBLIC_FILE
            + " (the gateways' command key ring)."
      })
  static final class Generate implements Callable<Integer> {
    @Spec CommandSpec spec;

    @Option(
        names = "--out",
        required = true,
        paramLabel = "DIR",
        description = "Directory for the two files (created if missing; never overwritten).")
    Path out;

    @Option(
        names = "--for",
        paramLabel = "USE",
        defaultValue = "models",
        description = "models (default: model publishing) or commands (command signing).")
    String use;

    @Override
    public Integer call() throws Exception {
      var o = spec.commandLine().getOut();
      if (!"models".equals(use) && !"commands".equals(use)) {
        throw new ParameterException(
            spec.commandLine(), "--for must be models or commands, not " + use);
      }
      Preflight.outputFolder(out, "--out");
      if ("commands".equals(use)) {
        var pub =
            PublisherKeys.generateInto(
                out, PublisherKeys.COMMAND_PRIVATE_FILE, PublisherKeys.COMMAND_PUBLIC_FILE);
        o.println("key id " + PublisherKeys.keyId(pub));
        o.println(
            "private key "
                + out.resolve(PublisherKeys.COMMAND_PRIVATE_FILE)
                + " (mode 600; the job's commands.signing-key-file; keep secret)");
        o.println(
            "public key  "
                + out.resolve(PublisherKeys.COMMAND_PUBLIC_FILE)
                + " (add to every gateway's command key ring)");
        return 0;
      }
      if (!"models".equals(use)) {
        throw new ParameterException(
            spec.commandLine(), "--for must be models or commands, not " + use);
      }
      var pub = PublisherKeys.generateInto(out);
      o.println("key id " + PublisherKeys.keyId(pub));
      o.println(
          "private key " + out.resolve(PublisherKeys.PRIVATE_FILE) + " (mode 600; keep secret)");
      o.println(
          "public key  "
              + out.resolve(PublisherKeys.PUBLIC_FILE)
              + " (add to models.trusted-keys of the job)");
      return 0;
    }
  }
}
