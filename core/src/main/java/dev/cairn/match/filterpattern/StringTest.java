package dev.cairn.match.filterpattern;

import java.util.regex.Pattern;

/**
 * A test on a string value, chosen at compile time so evaluation needs no regex for exact and
 * {@code *}-wildcard values.
 */
interface StringTest {
  boolean test(String value);

  /** True for the lone {@code *}, which also accepts non-string scalars in JSON patterns. */
  default boolean matchesAnything() {
    return false;
  }

  /** Builds the test for a literal in which every {@code *} is a wildcard. */
  static StringTest ofLiteral(String literal) {
    int star = literal.indexOf('*');
    if (star < 0) {
      return new Exact(literal);
    }
    String[] parts = literal.split("\\*", -1);
    if (literal.chars().allMatch(c -> c == '*')) {
      return Anything.INSTANCE;
    }
    if (parts.length == 2) {
      return parts[0].isEmpty() ? new Suffix(parts[1]) : parts[1].isEmpty() ? new Prefix(parts[0]) : new Glob(parts);
    }
    if (parts.length == 3 && parts[0].isEmpty() && parts[2].isEmpty()) {
      return new Contains(parts[1]);
    }
    return new Glob(parts);
  }

  static StringTest ofRegex(Pattern pattern) {
    return new Regex(pattern);
  }

  record Exact(String expected) implements StringTest {
    @Override
    public boolean test(String value) {
      return expected.equals(value);
    }
  }

  record Prefix(String prefix) implements StringTest {
    @Override
    public boolean test(String value) {
      return value.startsWith(prefix);
    }
  }

  record Suffix(String suffix) implements StringTest {
    @Override
    public boolean test(String value) {
      return value.endsWith(suffix);
    }
  }

  record Contains(String infix) implements StringTest {
    @Override
    public boolean test(String value) {
      return value.contains(infix);
    }
  }

  enum Anything implements StringTest {
    INSTANCE;

    @Override
    public boolean test(String value) {
      return true;
    }

    @Override
    public boolean matchesAnything() {
      return true;
    }
  }

  /**
   * A glob with {@code *} anywhere: the first part anchors the start, the last part the end, and
   * the middle parts are found left to right. Leftmost matching is exact for {@code *}-only globs.
   */
  final class Glob implements StringTest {
    private final String first;
    private final String last;
    private final String[] middle;
    private final int minLength;

    Glob(String[] parts) {
      this.first = parts[0];
      this.last = parts[parts.length - 1];
      this.middle = java.util.Arrays.copyOfRange(parts, 1, parts.length - 1);
      this.minLength = first.length() + last.length();
    }

    @Override
    public boolean test(String value) {
      if (value.length() < minLength || !value.startsWith(first) || !value.endsWith(last)) {
        return false;
      }
      int from = first.length();
      int limit = value.length() - last.length();
      for (String part : middle) {
        if (part.isEmpty()) {
          continue;
        }
        int at = value.indexOf(part, from);
        if (at < 0 || at + part.length() > limit) {
          return false;
        }
        from = at + part.length();
      }
      return true;
    }
  }

  record Regex(Pattern pattern) implements StringTest {
    @Override
    public boolean test(String value) {
      return pattern.matcher(value).find();
    }
  }
}
