package dev.cairn.match.filterpattern;


/** The right-hand side of a comparison: a string test or a number. */
sealed interface Literal {
  record Text(StringTest test) implements Literal {}

  /**
   * A number literal. Integral literals that fit a long compare exactly against integral JSON
   * numbers; everything else compares as double.
   */
  record Numeric(double value, long longValue, boolean integral) implements Literal {
    static Numeric parse(String token) {
      double d = Double.parseDouble(token);
      boolean integral = token.indexOf('.') < 0 && token.indexOf('e') < 0 && token.indexOf('E') < 0
          && token.length() <= 18;
      return new Numeric(d, integral ? Long.parseLong(token) : 0L, integral);
    }

    /** Sign of {@code field - this}; callers reject NaN fields before calling. */
    int compareFrom(double field) {
      return field < value ? -1 : field > value ? 1 : 0;
    }

    int compareFrom(long field) {
      return Long.compare(field, longValue);
    }
  }

  /**
   * Reads the value after {@code op}. {@code stopChars} end an unquoted value (besides whitespace,
   * "&&" and "||"); they differ between JSON and space-delimited patterns.
   */
  static Literal read(PatternReader reader, Operator op, String stopChars) throws InvalidPatternException {
    reader.skipWhitespace();
    int start = reader.pos();
    char c = reader.peek();
    String after = "after '" + op.symbol() + "'";
    if (reader.atEnd() || reader.startsWith("&&") || reader.startsWith("||")
        || (c != '"' && stopChars.indexOf(c) >= 0) || "=!<>".indexOf(c) >= 0) {
      throw reader.expected((op.numericOnly() ? "a number " : "a value ") + after);
    }
    if (c == '"' || c == '%') {
      if (op.numericOnly()) {
        throw reader.error(start, "expected a number " + after + " but found "
            + (c == '"' ? "a quoted string" : "a regex") + "; '" + op.symbol() + "' compares numbers only");
      }
      if (c == '%') {
        return new Text(StringTest.ofRegex(reader.readRegex()));
      }
      String quoted = reader.readQuoted();
      warnMiddleStar(reader, quoted, start + 1);
      return new Text(StringTest.ofLiteral(quoted));
    }
    String token = readBare(reader, stopChars);
    if (isNumber(token)) {
      return Numeric.parse(token);
    }
    if (op.numericOnly()) {
      throw reader.error(start, "expected a number " + after + " but found '" + token
          + "'; '" + op.symbol() + "' compares numbers only");
    }
    warnMiddleStar(reader, token, start);
    return new Text(StringTest.ofLiteral(token));
  }

  /** A {@code *} inside a value is a literal, which is rarely what the author meant. */
  private static void warnMiddleStar(PatternReader reader, String value, int valueAt) {
    int star = StringTest.middleStar(value);
    if (star >= 0) {
      reader.warn(valueAt + star, "'*' in the middle of '" + value + "' is a literal character, not a"
          + " wildcard (only a leading or trailing '*' is); to match any text there, use a regex: "
          + regexFor(value));
    }
  }

  /** The regex that treats every {@code *} of {@code value} as a wildcard, anchored like the value. */
  static String regexFor(String value) {
    StringBuilder regex = new StringBuilder("%");
    if (!value.startsWith("*")) {
      regex.append('^');
    }
    String core = value.replaceAll("^\\*+|\\*+$", "");
    for (int i = 0; i < core.length(); i++) {
      char c = core.charAt(i);
      if (c == '*') {
        regex.append(".*");
      } else {
        regex.append("^$?[]{}|\\+.".indexOf(c) >= 0 ? "\\" + c : String.valueOf(c));
      }
    }
    if (!value.endsWith("*")) {
      regex.append('$');
    }
    return regex.append('%').toString();
  }

  private static String readBare(PatternReader reader, String stopChars) {
    int start = reader.pos();
    while (!reader.atEnd()) {
      char c = reader.peek();
      if (Character.isWhitespace(c) || stopChars.indexOf(c) >= 0 || reader.startsWith("&&") || reader.startsWith("||")) {
        break;
      }
      reader.advance(1);
    }
    return reader.text().substring(start, reader.pos());
  }

  /** {@code [+-] digits [. digits] [(e|E) [+-] digits]}: strict, so "NaN", "0x1" and "1d" are strings. */
  static boolean isNumber(String s) {
    int i = 0;
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int digits = skipDigits(s, i);
    if (digits == i) {
      return false;
    }
    i = digits;
    if (i < n && s.charAt(i) == '.') {
      digits = skipDigits(s, i + 1);
      if (digits == i + 1) {
        return false;
      }
      i = digits;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      digits = skipDigits(s, i);
      if (digits == i) {
        return false;
      }
      i = digits;
    }
    return i == n;
  }

  private static int skipDigits(String s, int from) {
    int i = from;
    while (i < s.length() && PatternReader.isAsciiDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
