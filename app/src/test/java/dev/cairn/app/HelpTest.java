package dev.cairn.app;

import dev.cairn.app.cli.ExitCodes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * Every command and subcommand, found by walking the command tree (so commands added later are
 * covered), answers {@code -h} and {@code --help} with status 0 and a screen that reads whole at 80
 * columns and lists the exit codes.
 */
class HelpTest {

  /** Every command's words: {@code []}, {@code [scan]}, {@code [alerts, list]}, … */
  static Stream<List<String>> commands() {
    List<List<String>> all = new ArrayList<>();
    collect(Main.commandLine(""), List.of(), all);
    return all.stream();
  }

  private static void collect(CommandLine cli, List<String> words, List<List<String>> all) {
    all.add(words);
    cli.getSubcommands().forEach((name, sub) -> {
      if (!name.equals("help") && sub.getCommandName().equals(name)) {
        List<String> deeper = new ArrayList<>(words);
        deeper.add(name);
        collect(sub, deeper, all);
      }
    });
  }

  @Test
  void theTreeHoldsTheKnownCommands() {
    assertThat(commands().map(w -> String.join(" ", w)))
        .contains("", "scan", "run", "validate", "alerts", "alerts list", "alerts retry", "alerts preview");
  }

  @ParameterizedTest
  @MethodSource("commands")
  void helpExitsZeroAndFitsEightyColumns(List<String> words) {
    for (String flag : List.of("-h", "--help")) {
      List<String> args = new ArrayList<>(words);
      args.add(flag);
      CliRun run = CliRun.of(args.toArray(String[]::new));

      assertThat(run.exitCode()).as("cairn %s", args).isZero();
      assertThat(run.err()).as("cairn %s", args).isEmpty();
      assertThat(run.out()).startsWith("Usage: cairn").contains("Exit status:");
      for (int code : List.of(ExitCodes.OK, ExitCodes.FAILURE, ExitCodes.USAGE, ExitCodes.MATCHED)) {
        assertThat(run.out()).containsPattern("(?m)^ +" + code + " +\\S");
      }
      assertThat(run.out().lines()).as("cairn %s", args).allSatisfy(line -> assertThat(line.length()).isLessThanOrEqualTo(80));
    }
  }

  @ParameterizedTest
  @MethodSource("commands")
  void descriptionsAreWholeSentencesAndListedWhole(List<String> words) {
    CommandLine cli = Main.commandLine(words.isEmpty() ? "" : words.get(0));
    for (String word : words) {
      cli = cli.getSubcommands().get(word);
    }
    // Each element is a paragraph picocli wraps on its own: one cut mid-phrase would end without a stop.
    for (String paragraph : cli.getCommandSpec().usageMessage().description()) {
      assertThat(paragraph).as("cairn %s", words).matches("(?s).*[.:)]$");
    }
    if (!words.isEmpty()) {
      List<String> parentWords = words.subList(0, words.size() - 1);
      List<String> args = new ArrayList<>(parentWords);
      args.add("--help");
      String parentHelp = CliRun.of(args.toArray(String[]::new)).out().replaceAll("\\s+", " ");
      String summary = cli.getCommandSpec().usageMessage().description()[0].replaceAll("\\s+", " ");
      assertThat(parentHelp).as("the listing of cairn %s", words).contains(summary);
    }
  }

  @Test
  void aMistypedCommandGetsTheClosestSuggested() {
    CliRun scan = CliRun.of("sacn", "../examples/data");
    CliRun list = CliRun.of("alerts", "lsit");
    CliRun nothingClose = CliRun.of("frobnicate");

    assertThat(scan.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(scan.err()).startsWith("cairn: 'sacn' is not a cairn command. Did you mean 'scan'?\n");
    assertThat(scan.out()).isEmpty();
    assertThat(list.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(list.err()).startsWith("cairn: 'lsit' is not a cairn alerts command. Did you mean 'list'?");
    assertThat(nothingClose.err()).startsWith("cairn: 'frobnicate' is not a cairn command.\n")
        .contains("cairn --help");
  }

  @Test
  void suggestionsAllowOneEditInShortWordsAndTwoInLongerOnes() {
    List<String> names = List.of("scan", "run", "validate", "alerts");
    assertThat(Suggestions.closest("rnu", names)).contains("run");
    assertThat(Suggestions.closest("valdiate", names)).contains("validate");
    assertThat(Suggestions.closest("alrts", names)).contains("alerts");
    assertThat(Suggestions.closest("xyz", names)).isEmpty();
    assertThat(Suggestions.closest("scna", names)).contains("scan");
  }
}
