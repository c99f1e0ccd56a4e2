package dev.vigil.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The README's table of commands (section "The command line") says what {@code vigil --help} and
 * each {@code vigil COMMAND --help} say: the same commands, each one's purpose as the first
 * sentence of its help, and only options (and subcommands) it has.
 */
class ReadmeCliTableTest {
  private static final Pattern ROW =
      Pattern.compile("^\\| `vigil ([a-z-]+)` \\| (.*) \\| (.*) \\|$", Pattern.MULTILINE);
  private static final Pattern OPTION = Pattern.compile("`(-[-a-zA-Z]+)");
  private static final Pattern SUBCOMMAND = Pattern.compile("`([a-z][a-z-]*)`");

  @Test
  void theReadmeTableListsEveryCommandWithItsHelpsFirstSentenceAndOnlyOptionsItHas()
      throws IOException {
    Map<String, CommandLine> commands =
        new LinkedHashMap<>(new CommandLine(new VigilCli()).getSubcommands());
    Map<String, String[]> rows = readmeRows();
    StringBuilder expected = new StringBuilder();
    commands.forEach(
        (name, c) ->
            expected
                .append("| `vigil ")
                .append(name)
                .append("` | ")
                .append(purpose(c.getCommandSpec()))
                .append(" | |\n"));

    assertThat(rows.keySet())
        .as("README rows; each command's purpose as --help gives it:%n%s", expected)
        .containsExactlyElementsOf(commands.keySet());
    List<String> wrong = new ArrayList<>();
    rows.forEach(
        (name, cells) -> {
          CommandSpec spec = commands.get(name).getCommandSpec();
          if (!cells[0].equals(purpose(spec))) {
            wrong.add(name + ": purpose '" + cells[0] + "', --help says '" + purpose(spec) + "'");
          }
          Set<String> known = optionsAndSubcommands(spec);
          for (String option : mentioned(cells[1])) {
            if (!known.contains(option)) {
              wrong.add(name + ": " + option + " is not among " + known);
            }
          }
        });
    assertThat(wrong).isEmpty();
  }

  /** The first sentence of a command's description, as its --help prints it. */
  static String purpose(CommandSpec spec) {
    String text = String.join(" ", spec.usageMessage().description()).replaceAll("\\s+", " ");
    Matcher end = Pattern.compile("[.:;](\\s|$)").matcher(text);
    String first = end.find() ? text.substring(0, end.start()) : text;
    return first.strip().replace("|", "\\|");
  }

  private static Set<String> optionsAndSubcommands(CommandSpec spec) {
    Set<String> out = new TreeSet<>();
    for (OptionSpec o : spec.options()) {
      out.addAll(List.of(o.names()));
    }
    spec.subcommands()
        .forEach(
            (name, sub) -> {
              out.add(name);
              out.addAll(optionsAndSubcommands(sub.getCommandSpec()));
            });
    return out;
  }

  private static List<String> mentioned(String cell) {
    List<String> out = new ArrayList<>();
    Matcher o = OPTION.matcher(cell);
    while (o.find()) {
      out.add(o.group(1));
    }
    Matcher s = SUBCOMMAND.matcher(cell);
    while (s.find()) {
      out.add(s.group(1));
    }
    return out;
  }

  private static Map<String, String[]> readmeRows() throws IOException {
    String readme = Files.readString(Path.of("..", "README.md"));
    int from = readme.indexOf("\n## The command line\n");
    assertThat(from).as("README section '## The command line'").isPositive();
    int to = readme.indexOf("\n## ", from + 1);
    Matcher m = ROW.matcher(readme.substring(from, to < 0 ? readme.length() : to));
    Map<String, String[]> rows = new LinkedHashMap<>();
    while (m.find()) {
      rows.put(m.group(1), new String[] {m.group(2).strip(), m.group(3).strip()});
    }
    return rows;
  }
}
