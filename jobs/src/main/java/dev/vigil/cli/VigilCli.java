package dev.vigil.cli;

import java.io.PrintWriter;
import java.util.concurrent.ExecutionException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The {@code vigil} command line. Errors are one line that names the problem and the fix; {@code
 * --stacktrace} adds the stack trace. Exit codes: 0 success, 1 failure, 2 usage error, 3 refused
 * (publish-model: the candidate fails a guard rail).
 */
@Command(
    name = "vigil",
    description = "Vigil: streaming risk engine for exchange API sessions.",
    synopsisSubcommandLabel = "COMMAND",
    versionProvider = VersionCommand.Provider.class,
    subcommands = {
      HelpCommand.class,
      DemoCommand.class,
      RunCommand.class,
      SavepointCommand.class,
      StopCommand.class,
      ScoreCommand.class,
      PublishModelCommand.class,
      KeysCommand.class,
      ConsumeCommand.class,
      EnforceCommand.class,
      IngestCommand.class,
      SimulateCommand.class,
      EvaluateCommand.class,
      CompareCommand.class,
      LabelCommand.class,
      ExplainCommand.class,
      AuditCommand.class,
      RobustnessCommand.class,
      SeriesCommand.class,
      EndpointsCommand.class,
      TopicsCommand.class,
      ProduceCommand.class,
      BenchCommand.class,
      VersionCommand.class
    },
    footer = {
      "",
      "  train        Fit a model to an exchange's own history (Smile; runs on its own class",
      "               path, never the job's: see 'vigil train --help').",
      "",
      "Run 'vigil COMMAND --help' for a command's options."
    })
public final class VigilCli implements Runnable {
  public static final int EXIT_FAILURE = 1;
  public static final int EXIT_USAGE = 2;
  public static final int EXIT_REFUSED = 3;

  @Spec CommandSpec spec;

  @Option(
      names = "--stacktrace",
      scope = ScopeType.INHERIT,
      description = "On error, print the full stack trace too.")
  boolean stacktrace;

  @Option(
      names = {"-h", "--help"},
      usageHelp = true,
      scope = ScopeType.INHERIT,
      description = "Show this help and exit.")
  boolean help;

  @Option(
      names = {"-V", "--version"},
      versionHelp = true,
      description = "Print the versions of Vigil, Flink, Kafka and Java and exit.")
  boolean version;

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  public static void main(String[] args) {
    System.exit(
        execute(new PrintWriter(System.out, true), new PrintWriter(System.err, true), args));
  }

  /** Runs the CLI with the given streams; returns the exit code. */
  public static int execute(PrintWriter out, PrintWriter err, String... args) {
    VigilCli root = new VigilCli();
    CommandLine cli = new CommandLine(root);
    cli.setOut(out);
    cli.setErr(err);
    cli.setParameterExceptionHandler(
        (ex, arguments) -> {
          CommandLine failed = ex.getCommandLine();
          err.println("vigil: " + message(ex));
          CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
          err.println("  (run '" + failed.getCommandSpec().qualifiedName() + " --help' for usage)");
          err.flush();
          return EXIT_USAGE;
        });
    cli.setExecutionExceptionHandler(
        (ex, failed, parseResult) -> {
          if (Interruption.underway()) {
            return EXIT_FAILURE; // Ctrl-C stopped the job under it: the summary says so (130)
          }
          err.println("vigil: " + describe(ex));
          boolean usage = unwrap(ex) instanceof Preflight.Usage;
          if (root.stacktrace) {
            ex.printStackTrace(err);
          } else if (!(unwrap(ex) instanceof IllegalArgumentException
              || unwrap(ex) instanceof RunFailure.Failed)) {
            err.println("  (add --stacktrace for details)");
          }
          err.flush();
          return usage ? EXIT_USAGE : EXIT_FAILURE;
        });
    return cli.execute(args);
  }

  /**
   * The parser's message; when an option is also missing, an unknown one comes first: a misspelled
   * required option ({@code --iput}) is then named, not only the option it failed to give.
   */
  private static String message(CommandLine.ParameterException ex) {
    if (ex instanceof CommandLine.MissingParameterException) {
      String unknown =
          ex.getCommandLine().getUnmatchedArguments().stream()
              .filter(a -> a.startsWith("-"))
              .findFirst()
              .orElse(null);
      if (unknown != null) {
        String missing = ex.getMessage();
        return "Unknown option: '"
            + unknown
            + "'; "
            + Character.toLowerCase(missing.charAt(0))
            + missing.substring(1);
      }
    }
    return ex.getMessage();
  }

  private static Throwable unwrap(Throwable ex) {
    Throwable t = ex;
    while ((t instanceof ExecutionException || t instanceof CommandLine.ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }

  /** One line for the user: our own exceptions carry the fix in their message already. */
  static String describe(Throwable ex) {
    Throwable t = unwrap(ex);
    if ((t instanceof IllegalArgumentException || t instanceof RunFailure.Failed)
        && t.getMessage() != null) {
      return t.getMessage();
    }
    if (t instanceof org.apache.kafka.common.errors.TimeoutException) {
      return "Kafka did not answer in time ("
          + t.getMessage()
          + "); check --bootstrap-servers and that the brokers are reachable";
    }
    if (t instanceof org.apache.kafka.common.errors.AuthenticationException
        || t instanceof org.apache.kafka.common.errors.AuthorizationException) {
      return "Kafka refused the credentials ("
          + t.getClass().getSimpleName()
          + "); check the security settings in --client-config";
    }
    String message = t.getMessage() == null ? "" : ": " + t.getMessage();
    return t.getClass().getSimpleName() + message;
  }
}
