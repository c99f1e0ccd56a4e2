package dev.vigil.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code vigil help [COMMAND]}: the same text as {@code vigil --help} or {@code vigil COMMAND
 * --help}. (Picocli's own HelpCommand declares a {@code -h} of its own, which clashes with the
 * inherited {@code --help} of every Vigil command.)
 */
@Command(name = "help", description = "Show the commands, or one command's options.")
public final class HelpCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..1", paramLabel = "COMMAND", description = "The command to describe.")
  String command;

  @Override
  public Integer call() {
    CommandLine root = spec.parent().commandLine();
    if (command == null) {
      root.usage(spec.commandLine().getOut());
      return 0;
    }
    CommandLine sub = root.getSubcommands().get(command);
    if (sub == null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(), "no command '" + command + "'; 'vigil help' lists them");
    }
    sub.usage(spec.commandLine().getOut());
    return 0;
  }
}
