package dev.cairn.match.filterpattern;

import java.util.ArrayList;
import java.util.List;

/**
 * A cursor over the pattern text shared by the three parsers. It owns position tracking, error
 * construction (line 1, 1-based column), warnings, and the per-pattern regex and wildcard-selector
 * budgets, so every parser reports problems the same way.
 */
final class PatternReader {
  /** AWS allows at most two regexes in one filter pattern. */
  static final int MAX_REGEXES = 2;

  /** AWS allows at most three wildcard selectors in one JSON pattern. */
  static final int MAX_WILDCARD_SELECTORS = 3;

  private final String text;
  private final List<FilterPattern.Warning> warnings = new ArrayList<>();
  private int pos;
  private int regexCount;
  private int wildcardSelectors;

  PatternReader(String text) {
    this.text = text;
  }

  String text() {
    return text;
  }

  int pos() {
    return pos;
  }

  void advance(int count) {
    pos += count;
  }

  boolean atEnd() {
    return pos >= text.length();
  }

  /** The current character, or {@code 0} at the end (0 is never meaningful in a pattern). */
  char peek() {
    return pos < text.length() ? text.charAt(pos) : 0;
  }

  boolean startsWith(String prefix) {
    return text.startsWith(prefix, pos);
  }

  /** Consumes {@code token} when it is next; reports whether it did. */
  boolean consume(String token) {
    if (text.startsWith(token, pos)) {
      pos += token.length();
      return true;
    }
    return false;
  }

  void skipWhitespace() {
    while (pos < text.length() && Character.isWhitespace(text.charAt(pos))) {
      pos++;
    }
  }

  /** Reads a maximal run of ASCII letters (keywords such as IS, NULL, NOT, EXISTS). */
  String readLetters() {
    int start = pos;
    while (pos < text.length() && isAsciiLetter(text.charAt(pos))) {
      pos++;
    }
    return text.substring(start, pos);
  }

  /** Records something that compiles but probably does not do what its author meant. */
  void warn(int at, String message) {
    warnings.add(new FilterPattern.Warning(at + 1, message));
  }

  List<FilterPattern.Warning> warnings() {
    return List.copyOf(warnings);
  }

  /** Counts a selector with a wildcard starting at {@code at} against {@link #MAX_WILDCARD_SELECTORS}. */
  void countWildcardSelector(int at) throws InvalidPatternException {
    if (++wildcardSelectors > MAX_WILDCARD_SELECTORS) {
      throw error(at, "too many wildcard selectors: at most " + MAX_WILDCARD_SELECTORS
          + " are allowed in one pattern");
    }
  }

  InvalidPatternException error(int at, String reason) {
    return new InvalidPatternException(1, at + 1, reason);
  }

  /** "expected WHAT but found X" at the current position. */
  InvalidPatternException expected(String what) {
    return error(pos, "expected " + what + " but found " + found(pos));
  }

  /** A short, quoted description of the text at {@code at}, for error messages. */
  String found(int at) {
    if (at >= text.length()) {
      return "end of pattern";
    }
    if (text.startsWith("&&", at) || text.startsWith("||", at) || text.startsWith("...", at)) {
      return "'" + text.substring(at, at + (text.startsWith("...", at) ? 3 : 2)) + "'";
    }
    char c = text.charAt(at);
    if (Character.isWhitespace(c)) {
      return "whitespace";
    }
    if (!isWordChar(c)) {
      return "'" + c + "'";
    }
    int end = at;
    while (end < text.length() && isWordChar(text.charAt(end)) && end - at < 40) {
      end++;
    }
    return "'" + text.substring(at, end) + "'";
  }

  /**
   * Reads a {@code %regex%} starting at the opening '%', validates it against the AWS character
   * whitelist and compiles it. Counts against {@link #MAX_REGEXES}.
   */
  com.google.re2j.Pattern readRegex() throws InvalidPatternException {
    int open = pos;
    int close = text.indexOf('%', open + 1);
    if (close < 0) {
      throw error(open, "unterminated regex: expected a closing '%'");
    }
    if (++regexCount > MAX_REGEXES) {
      throw error(open, "too many regexes: at most " + MAX_REGEXES + " are allowed in one pattern");
    }
    com.google.re2j.Pattern compiled = Regexes.compile(this, text.substring(open + 1, close), open + 1);
    pos = close + 1;
    return compiled;
  }

  /**
   * Reads a double-quoted string starting at the opening quote. Inside, {@code \"} stands for a
   * quote and {@code \\} for a backslash; any other backslash is kept literally.
   */
  String readQuoted() throws InvalidPatternException {
    int open = pos;
    StringBuilder value = new StringBuilder();
    int i = open + 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '"') {
        pos = i + 1;
        return value.toString();
      }
      if (c == '\\' && i + 1 < text.length() && (text.charAt(i + 1) == '"' || text.charAt(i + 1) == '\\')) {
        i++;
        c = text.charAt(i);
      }
      value.append(c);
      i++;
    }
    throw error(open, "unterminated quoted string: expected a closing '\"'");
  }

  static boolean isWordChar(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }

  static boolean isAsciiLetter(char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
  }

  static boolean isAsciiDigit(char c) {
    return c >= '0' && c <= '9';
  }
}
