package dev.cairn.alert.render;

import java.util.Objects;

/**
 * One thing wrong with a template, where it is: the configuration key path and, inside that
 * value, the line and column (both from 1; a column counts code points).
 *
 * @param keyPath the configuration key holding the faulty text, e.g. {@code
 *     rules.cis-4.3.template.slack.inputTemplate} or {@code ….inputPathsMap.user}
 * @param line the line in that text, from 1; 0 when the problem is the value as a whole
 * @param column the column in that line, in code points from 1; 0 when the problem is the value as a whole
 * @param index the UTF-16 index in that text, from 0; -1 when the problem is the value as a whole
 * @param message what is wrong, for people
 */
public record TemplateProblem(String keyPath, int line, int column, int index, String message) {
  public TemplateProblem {
    Objects.requireNonNull(keyPath, "keyPath");
    Objects.requireNonNull(message, "message");
  }

  /** A problem with a whole value (a missing template, too many paths). */
  static TemplateProblem of(String keyPath, String message) {
    return new TemplateProblem(keyPath, 0, 0, -1, message);
  }

  /** A problem at {@code index} of {@code text}. */
  static TemplateProblem at(String keyPath, String text, int index, String message) {
    int at = Math.max(0, Math.min(index, text.length()));
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < at; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new TemplateProblem(keyPath, line, text.codePointCount(lineStart, at) + 1, at, message);
  }

  /** {@code keyPath: line L, column C: message}, or {@code keyPath: message}. */
  @Override
  public String toString() {
    return line > 0 ? keyPath + ": line " + line + ", column " + column + ": " + message : keyPath + ": " + message;
  }
}
