package dev.cairn.app;

import dev.cairn.app.cli.ExitCodes;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.app.run.ConfigLoader;
import dev.cairn.app.run.InvalidConfigException;
import dev.cairn.app.run.RunConfig;
import dev.cairn.app.run.RunSetup;
import dev.cairn.config.Config;
import dev.cairn.match.RuleProblem;
import dev.cairn.match.RuleSet;
import dev.cairn.text.Printable;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn validate FILE...}: checks rule files and {@code cairn run} configs (told apart by
 * their content) and reports every problem at once, each with the line of the file it is on and a
 * caret under the spot. Lints (a {@code *} in the middle of a value, a pattern that can never
 * match) are warnings: they do not fail validation unless {@code --strict}.
 */
@Command(name = "validate", description = {
    "Check rule files and cairn.yaml configs, with every check cairn run makes.",
    "Every problem is reported at once, with file, line and column (rules) or key path (configs). A "
        + "config's rule files and the channels its rules name are checked too. Exit status 2 when any "
        + "file is invalid (or, with --strict, has warnings)."})
final class ValidateCommand implements Callable<Integer> {
  private static final YAMLMapper YAML = new YAMLMapper();

  @Spec CommandSpec spec;

  @Option(names = "--strict", description = "Treat warnings (lints) as problems: exit status 2 when there are any.")
  boolean strict;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files or configs (YAML).")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> ruleFiles = new ArrayList<>();
    int[] problems = {0, 0}; // errors, warnings
    for (Path file : files) {
      if (!isConfig(file)) {
        ruleFiles.add(file);
        continue;
      }
      try {
        Config config = ConfigLoader.load(file, System::getenv);
        // The rule files themselves are checked below, with lints and excerpts; here what run checks beyond them.
        List<RunSetup.Problem> found = RunSetup.problems(config).stream()
            .filter(p -> p.kind() != RunSetup.Problem.Kind.RULE_FILE).toList();
        if (found.isEmpty()) {
          out.println(Printable.of("ok: " + file + " (config)"));
        }
        for (RunSetup.Problem p : found) {
          err.println(Printable.of(p.kind() == RunSetup.Problem.Kind.RULE ? "invalid: " + p.text()
              : "invalid: " + file + ": " + p.text()));
        }
        problems[0] += found.size();
        config.find(RunConfig.RULES).ifPresent(ruleFiles::addAll);
      } catch (InvalidConfigException e) {
        e.problems().forEach(p -> err.println(Printable.of("invalid: " + file + ": " + p)));
        problems[0] += e.problems().size();
      }
    }
    validateRules(ruleFiles, out, err, problems);
    if (problems[0] + problems[1] > 0) {
      String errors = problems[0] == 1 ? "1 problem" : problems[0] + " problems";
      String warnings = problems[1] == 1 ? "1 warning" : problems[1] + " warnings";
      err.println(problems[1] == 0 ? errors : problems[0] == 0 ? warnings : errors + ", " + warnings);
    }
    return problems[0] > 0 || (strict && problems[1] > 0) ? ExitCodes.USAGE : ExitCodes.OK;
  }

  /** All rule files together, so an id used in two files is caught too. */
  private static void validateRules(List<Path> ruleFiles, PrintWriter out, PrintWriter err, int[] counts) {
    if (ruleFiles.isEmpty()) {
      return;
    }
    List<RuleProblem> problems = RuleSet.validate(ruleFiles);
    for (Path file : ruleFiles) {
      List<RuleProblem> own = problems.stream().filter(p -> p.file().equals(file.toString())).toList();
      long warnings = own.stream().filter(RuleProblem::warning).count();
      if (warnings == own.size()) {
        out.println(Printable.of("ok: " + file
            + (warnings == 0 ? "" : warnings == 1 ? " (1 warning)" : " (" + warnings + " warnings)")));
      }
      List<String> lines = lines(file);
      for (RuleProblem problem : own) {
        err.println(Printable.of((problem.warning() ? "warning: " : "invalid: ") + problem.describe()));
        excerpt(lines, problem, err);
      }
      counts[0] += (int) (own.size() - warnings);
      counts[1] += (int) warnings;
    }
  }

  /** The line the problem is on, and a caret under its column. */
  private static void excerpt(List<String> lines, RuleProblem problem, PrintWriter err) {
    if (problem.line() < 1 || problem.line() > lines.size()) {
      return;
    }
    String line = lines.get(problem.line() - 1);
    // Escaped as every printed line is; the caret counts the escaped width of what is before it.
    err.println("  " + Printable.of(line.replace('\t', ' ')));
    if (problem.column() > 0) {
      String before = line.substring(0, Math.min(problem.column() - 1, line.length())).replace('\t', ' ');
      err.println("  " + " ".repeat(Printable.of(before).length()) + "^");
    }
  }

  private static List<String> lines(Path file) {
    try {
      return Files.readAllLines(file);
    } catch (IOException | UncheckedIOException e) {
      return List.of();
    }
  }

  /**
   * Told apart by content: a config has a setting of {@code cairn.yaml} other than {@code rules}, or
   * lists rule files (text) under {@code rules}; anything else (rules under {@code rules:}, or a
   * misspelling of it, which the rule checker then names) is a rule file. Anything unreadable is
   * handed to the rule checker to report.
   */
  private static boolean isConfig(Path file) {
    try {
      JsonNode root = YAML.readTree(file.toFile());
      if (root == null || !root.isObject()) {
        return false;
      }
      if (root.path(RunConfig.RULES.name()).path(0).isTextual()) {
        return true;
      }
      for (String name : (Iterable<String>) root::fieldNames) {
        if (!name.equals(RunConfig.RULES.name()) && RunConfig.FILE.key(name).isPresent()) {
          return true;
        }
      }
      return false;
    } catch (IOException e) {
      return false;
    }
  }
}
