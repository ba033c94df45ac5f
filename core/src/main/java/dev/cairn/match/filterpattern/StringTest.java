package dev.cairn.match.filterpattern;

import com.google.re2j.Pattern;

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

  /** True for values with a {@code *} wildcard, which also test JSON numbers by their text. */
  default boolean matchesNumbers() {
    return false;
  }

  /**
   * Builds the test for a literal. A {@code *} at the start or the end is a wildcard (a run of them
   * counts as one); a {@code *} in the middle is a literal character: AWS documents that "Ev*ent will
   * only match the actual string Ev*ent".
   */
  static StringTest ofLiteral(String literal) {
    int start = 0;
    int end = literal.length();
    while (start < end && literal.charAt(start) == '*') {
      start++;
    }
    if (start == end) {
      return literal.isEmpty() ? new Exact("") : Anything.INSTANCE;
    }
    while (literal.charAt(end - 1) == '*') {
      end--;
    }
    String core = literal.substring(start, end);
    boolean leading = start > 0;
    boolean trailing = end < literal.length();
    return leading && trailing ? new Contains(core) : leading ? new Suffix(core) : trailing ? new Prefix(core) : new Exact(core);
  }

  /** Index of the first {@code *} that {@link #ofLiteral} keeps as a literal character, or -1. */
  static int middleStar(String literal) {
    int start = 0;
    int end = literal.length();
    while (start < end && literal.charAt(start) == '*') {
      start++;
    }
    while (end > start && literal.charAt(end - 1) == '*') {
      end--;
    }
    int star = literal.indexOf('*', start);
    return star >= 0 && star < end ? star : -1;
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
    public boolean matchesNumbers() {
      return true;
    }

    @Override
    public boolean test(String value) {
      return value.startsWith(prefix);
    }
  }

  record Suffix(String suffix) implements StringTest {
    @Override
    public boolean matchesNumbers() {
      return true;
    }

    @Override
    public boolean test(String value) {
      return value.endsWith(suffix);
    }
  }

  record Contains(String infix) implements StringTest {
    @Override
    public boolean matchesNumbers() {
      return true;
    }

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

    @Override
    public boolean matchesNumbers() {
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
