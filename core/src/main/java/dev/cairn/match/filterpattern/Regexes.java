package dev.cairn.match.filterpattern;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Validation of {@code %regex%} bodies against the CloudWatch Logs character whitelist. */
final class Regexes {
  /**
   * Symbols allowed besides ASCII letters and digits: the literal set plus the operators, and the
   * space, which the list on the AWS page omits but the page's own example uses
   * ({@code %^starting|^initializing|^shutting down%}).
   */
  private static final String ALLOWED_SYMBOLS = "_#=@/;,-:" + "^$?[]{}|\\*+." + " ";

  private Regexes() {}

  /**
   * Compiles {@code body}; {@code offset} is the index of the body's first character in the pattern
   * text, so errors point at the offending character rather than at the regex as a whole.
   */
  static Pattern compile(PatternReader reader, String body, int offset) throws InvalidPatternException {
    if (body.isEmpty()) {
      throw reader.error(offset - 1, "empty regex: expected at least one character between '%' and '%'");
    }
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!isAllowed(c)) {
        throw reader.error(offset + i, "character " + describe(c) + " is not allowed in a regex;"
            + " allowed are letters, digits, the symbols _ # = @ / ; , - : and the operators"
            + " ^ $ ? [ ] { } | \\ * + . and spaces (no parentheses, other whitespace or multi-byte characters)");
      }
    }
    try {
      return Pattern.compile(body);
    } catch (PatternSyntaxException e) {
      int at = e.getIndex() >= 0 ? offset + Math.min(e.getIndex(), body.length() - 1) : offset;
      throw reader.error(at, "invalid regex '" + body + "': " + e.getDescription());
    } catch (IllegalArgumentException e) {
      throw reader.error(offset, "invalid regex '" + body + "'");
    }
  }

  private static boolean isAllowed(char c) {
    return PatternReader.isAsciiLetter(c) || PatternReader.isAsciiDigit(c) || ALLOWED_SYMBOLS.indexOf(c) >= 0;
  }

  private static String describe(char c) {
    if (c == ' ') {
      return "' ' (space)";
    }
    if (c < 0x20 || c > 0x7e) {
      return String.format("U+%04X", (int) c);
    }
    return "'" + c + "'";
  }
}
