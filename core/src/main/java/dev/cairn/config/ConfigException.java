package dev.cairn.config;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A configuration with problems, carrying all of them. An {@link IllegalArgumentException}, so a
 * builder rejecting a value a program passed it throws the same type as before.
 */
public final class ConfigException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient List<ConfigProblem> problems;

  public ConfigException(List<ConfigProblem> problems) {
    super(problems.stream().map(ConfigProblem::toString).collect(Collectors.joining("; ")));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("no problems");
    }
    this.problems = List.copyOf(problems);
  }

  /** Every problem, in the order the document was read. */
  public List<ConfigProblem> problems() {
    return problems;
  }
}
