package dev.cairn.app;

import dev.cairn.match.RuleProblem;
import dev.cairn.match.RuleSet;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code cairn validate FILE...}: checks rule files and reports every problem at once. */
@Command(name = "validate", description = "Check rule files; report every problem with file, line and column.")
final class ValidateCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files (YAML).")
  List<Path> files;

  @Override
  public Integer call() {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    // All files together, so an id used in two files is caught too.
    List<RuleProblem> problems = RuleSet.validate(files);
    for (Path file : files) {
      List<RuleProblem> own = problems.stream().filter(p -> p.file().equals(file.toString())).toList();
      if (own.isEmpty()) {
        out.println("ok: " + file);
      }
      own.forEach(p -> err.println("invalid: " + p.describe()));
    }
    if (!problems.isEmpty()) {
      err.println(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
    }
    return problems.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE;
  }
}
