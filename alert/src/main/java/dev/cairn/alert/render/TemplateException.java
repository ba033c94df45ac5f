package dev.cairn.alert.render;

import java.util.List;
import java.util.stream.Collectors;

/** A template that does not compile: every problem found, each with its key path and position. */
public final class TemplateException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<TemplateProblem> problems;

  TemplateException(List<TemplateProblem> problems) {
    super(problems.stream().map(TemplateProblem::toString).collect(Collectors.joining("\n")));
    this.problems = List.copyOf(problems);
  }

  /** The problems, in the order of the configuration (paths, value maps, then the template). */
  public List<TemplateProblem> problems() {
    return problems;
  }
}
