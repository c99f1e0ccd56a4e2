package dev.vigil.cli;

import dev.vigil.audit.Pseudonymiser;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * The pseudonym an audit trail written with {@code audit.pseudonymise=true} holds for a value: how
 * support staff find the records of an account or session they know by its real id. Needs the job's
 * key, which it never prints.
 */
@Command(
    name = "pseudonym",
    description = {
      "Print the pseudonym (p:...) that a pseudonymised audit trail holds for each value, e.g. an",
      "account or session id, to search the trail or run vigil explain; one line per value."
    })
final class AuditPseudonymCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Option(
      names = "--key-file",
      paramLabel = "FILE",
      description = "The job's audit.pseudonym-key-file (base64, mode 600).")
  String keyFile;

  @Option(
      names = "--key-env",
      paramLabel = "VAR",
      defaultValue = "VIGIL_AUDIT_PSEUDONYM_KEY",
      description = "Else the key from this variable (default: ${DEFAULT-VALUE}).")
  String keyEnv;

  @Parameters(arity = "1..*", paramLabel = "VALUE", description = "Account ids, session ids, ...")
  List<String> values;

  @Override
  public Integer call() {
    Pseudonymiser p =
        KeyPreflight.pseudonymKey(keyFile, keyEnv, "--key-file", "a pseudonym needs the key");
    for (String v : values) {
      spec.commandLine().getOut().println(p.pseudonym(v));
    }
    spec.commandLine().getOut().flush();
    return 0;
  }
}
