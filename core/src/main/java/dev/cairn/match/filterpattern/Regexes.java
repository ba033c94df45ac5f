package dev.cairn.match.filterpattern;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * Validation of {@code %regex%} bodies against the CloudWatch Logs character whitelist, compiled for
 * RE2/J, which matches in time linear in the value.
 *
 * <p>Why not {@code java.util.regex}: it backtracks, and the values a regex runs over are written
 * by whoever made the API call ({@code userAgent}, request parameters). {@code %.*a.*b.*c%} took 5 s
 * on one 500-character value and 49 s on 1,000 ({@code [a-z]+[a-z]+[a-z]+c}: 24 s on 500) — one
 * crafted event would stall the engine. RE2/J answers those in under a millisecond. The
 * whitelist's syntax (no groups) means the same in both, but for {@code $}, which RE2 matches only
 * at the very end (Java also before a final line break), and {@code \s}, which in RE2 does not
 * include the vertical tab.
 */
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
      // RE2/J gives no index; the part of the body it names is the place to point at.
      int part = e.getPattern() == null || e.getPattern().isEmpty() ? -1 : body.indexOf(e.getPattern());
      int at = offset + Math.max(0, part);
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
