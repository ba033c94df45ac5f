package dev.cairn.match;

import java.util.List;

/** Rules that cannot be loaded; carries every problem found, not just the first. */
public final class InvalidRulesException extends Exception {
  private final List<RuleProblem> problems;

  public InvalidRulesException(List<RuleProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<RuleProblem> problems() {
    return problems;
  }

  private static String summary(List<RuleProblem> problems) {
    StringBuilder text = new StringBuilder(problems.size() == 1 ? "1 problem" : problems.size() + " problems");
    for (RuleProblem p : problems) {
      text.append(System.lineSeparator()).append(p.describe());
    }
    return text.toString();
  }
}
