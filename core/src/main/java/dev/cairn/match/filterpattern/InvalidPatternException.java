package dev.cairn.match.filterpattern;

/**
 * A CloudWatch Logs filter pattern that cannot be compiled. The message names the position and what
 * was expected. It lives beside {@link FilterPattern} so that this package depends on nothing else
 * in {@code dev.cairn.match}: rules build on patterns, never the other way round.
 */
public final class InvalidPatternException extends Exception {
  private final int line;
  private final int column;
  private final String reason;

  /**
   * @param line 1-based line in the pattern text (filter patterns are one line: 1)
   * @param column 1-based column in that line, 0 when unknown
   * @param reason what is wrong, e.g. "expected a value after '=' but found '&&'"
   */
  public InvalidPatternException(int line, int column, String reason) {
    super(column > 0 ? "line " + line + ", column " + column + ": " + reason : reason);
    this.line = line;
    this.column = column;
    this.reason = reason;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** The reason without the position. */
  public String reason() {
    return reason;
  }
}
