package dev.cairn.app.run;

import java.nio.file.Path;
import java.util.List;

/** A config file with problems; carries all of them, each prefixed with its key path. */
public final class InvalidConfigException extends Exception {
  private final Path file;
  private final List<String> problems;

  public InvalidConfigException(Path file, List<String> problems) {
    super(file + ": " + String.join("; ", problems));
    this.file = file;
    this.problems = List.copyOf(problems);
  }

  public Path file() {
    return file;
  }

  /** Each problem as {@code key.path: what is wrong}. */
  public List<String> problems() {
    return problems;
  }
}
