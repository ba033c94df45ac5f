package dev.cairn.app;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.cairn.app.run.ConfigLoader;
import dev.cairn.app.run.InvalidConfigException;
import dev.cairn.app.run.RunConfig;
import dev.cairn.config.Config;
import dev.cairn.match.RuleProblem;
import dev.cairn.match.RuleSet;
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
    "Check rule files and cairn.yaml configs; report every problem with file, line and column (rules)",
    "or key path (configs). A config's rule files are checked too. Exit status 2 when any is invalid",
    "(or, with --strict, has warnings)."})
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
        out.println("ok: " + file + " (config)");
        config.find(RunConfig.RULES).ifPresent(ruleFiles::addAll);
      } catch (InvalidConfigException e) {
        e.problems().forEach(p -> err.println("invalid: " + file + ": " + p));
        problems[0] += e.problems().size();
      }
    }
    validateRules(ruleFiles, out, err, problems);
    if (problems[0] + problems[1] > 0) {
      String errors = problems[0] == 1 ? "1 problem" : problems[0] + " problems";
      String warnings = problems[1] == 1 ? "1 warning" : problems[1] + " warnings";
      err.println(problems[1] == 0 ? errors : problems[0] == 0 ? warnings : errors + ", " + warnings);
    }
    return problems[0] > 0 || strict && problems[1] > 0 ? ExitCodes.USAGE : ExitCodes.OK;
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
        out.println("ok: " + file + (warnings == 0 ? "" : warnings == 1 ? " (1 warning)" : " (" + warnings + " warnings)"));
      }
      List<String> lines = lines(file);
      for (RuleProblem problem : own) {
        err.println((problem.warning() ? "warning: " : "invalid: ") + problem.describe());
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
    err.println("  " + line);
    if (problem.column() > 0) {
      StringBuilder caret = new StringBuilder("  ");
      for (int i = 0; i < problem.column() - 1 && i < line.length(); i++) {
        caret.append(line.charAt(i) == '\t' ? '\t' : ' ');
      }
      err.println(caret.append('^'));
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
   * Told apart by content: a rule file lists rules (mappings with an id, a pattern or a filter),
   * under {@code rules:} or a misspelling of it, which the rule checker then names; a config has
   * other settings, or lists rule files (text) under {@code rules}. Anything unreadable is handed to
   * the rule checker to report.
   */
  private static boolean isConfig(Path file) {
    try {
      JsonNode root = YAML.readTree(file.toFile());
      if (root == null || !root.isObject()) {
        return false;
      }
      if (root.path("rules").path(0).isTextual()) {
        return true;
      }
      for (java.util.Map.Entry<String, JsonNode> field : root.properties()) {
        if (!field.getKey().equals("rules") && RunConfig.FILE.key(field.getKey()).isPresent()) {
          continue; // a config's own lists of mappings (metrics with filters, exclude entries)
        }
        JsonNode first = field.getValue().path(0);
        if (first.isObject() && (first.has("id") || first.has("pattern") || first.has("filter"))) {
          return false;
        }
      }
      return root.size() > (root.has("rules") ? 1 : 0);
    } catch (IOException e) {
      return false;
    }
  }
}
