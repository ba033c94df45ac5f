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
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code cairn validate FILE...}: checks rule files and {@code cairn run} configs (told apart by
 * their keys) and reports every problem at once.
 */
@Command(name = "validate", description = {
    "Check rule files and cairn.yaml configs; report every problem with file, line and column (rules)",
    "or key path (configs). A config's rule files are checked too. Exit status 2 when any is invalid."})
final class ValidateCommand implements Callable<Integer> {
  private static final YAMLMapper YAML = new YAMLMapper();

  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files or configs (YAML).")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    List<Path> ruleFiles = new ArrayList<>();
    int problems = 0;
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
        problems += e.problems().size();
      }
    }
    problems += validateRules(ruleFiles, out, err);
    if (problems > 0) {
      err.println(problems == 1 ? "1 problem" : problems + " problems");
    }
    return problems == 0 ? ExitCodes.OK : ExitCodes.USAGE;
  }

  /** All rule files together, so an id used in two files is caught too. */
  private static int validateRules(List<Path> ruleFiles, PrintWriter out, PrintWriter err) {
    if (ruleFiles.isEmpty()) {
      return 0;
    }
    List<RuleProblem> problems = RuleSet.validate(ruleFiles);
    for (Path file : ruleFiles) {
      List<RuleProblem> own = problems.stream().filter(p -> p.file().equals(file.toString())).toList();
      if (own.isEmpty()) {
        out.println("ok: " + file);
      }
      own.forEach(p -> err.println("invalid: " + p.describe()));
    }
    return problems.size();
  }

  /**
   * A config has settings besides {@code rules}, or lists rule files (text) under {@code rules}; a
   * rule file lists rules (mappings). Anything unreadable is handed to the rule checker to report.
   */
  private static boolean isConfig(Path file) {
    try {
      JsonNode root = YAML.readTree(file.toFile());
      if (root == null || !root.isObject()) {
        return false;
      }
      boolean otherKeys = root.size() > (root.has("rules") ? 1 : 0);
      return otherKeys || root.path("rules").path(0).isTextual();
    } catch (IOException e) {
      return false;
    }
  }
}
