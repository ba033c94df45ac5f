package dev.cairn.match.filterpattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Compile errors name the column and what was expected versus found; asserted exactly. */
class FilterPatternErrorTest {

  static Stream<Arguments> badPatterns() {
    return Stream.of(
        // JSON structure
        Arguments.of("{}", 2, "expected a selector starting with '$' or '(' but found '}'"),
        Arguments.of("{ $.a = 1", 10, "expected '&&', '||' or '}' but found end of pattern"),
        Arguments.of("{ $.a = 1 $.b = 2 }", 11, "expected '&&', '||' or '}' but found '$'"),
        Arguments.of("{ ($.a = 1 }", 12, "expected '&&', '||' or ')' but found '}'"),
        Arguments.of("{ $.a = 1 } x", 13, "expected end of pattern after '}' but found 'x'"),
        Arguments.of("{ $.a = 1 && }", 14, "expected a selector starting with '$' or '(' but found '}'"),
        Arguments.of("{ eventName = x }", 3, "expected a selector starting with '$' or '(' but found 'eventName'"),
        // selectors
        Arguments.of("{ $ = 1 }", 4, "expected '.' or '[' after '$' but found whitespace"),
        Arguments.of("{ $.a[*].b[*] = 1 }", 11, "a selector may hold only 1 wildcard; $.a[*].b already has one"),
        Arguments.of("{ $.*.* = 1 }", 6, "a selector may hold only 1 wildcard; $.* already has one"),
        Arguments.of("{ $.a[*] = 1 || $.b.* = 1 || $.c[*] = 1 || $.* = 2 }", 44,
            "too many wildcard selectors: at most 3 are allowed in one pattern"),
        Arguments.of("{ $.['a = 1 }", 5, "unterminated key: expected ']' to close [' (a key in brackets may hold any"
            + " character but a single quote)"),
        Arguments.of("{ $..a = 1 }", 4, "recursive descent '..' is not supported; name each step, as in $.a.b"),
        Arguments.of("{ $.a[x] = 1 }", 7, "expected an array index (digits), '*' or 'key' after '[' but found 'x'"),
        Arguments.of("{ $.a[1 = 1 }", 8, "expected ']' after array index 1 but found whitespace"),
        Arguments.of("{ $.a[99999999999] = 1 }", 7, "array index 99999999999 is too large"),
        Arguments.of("{ $.a: = 1 }", 6, "expected an operator (=, !=, <, <=, >, >=, IS or NOT EXISTS) after $.a but found ':'"),
        // operators and keywords
        Arguments.of("{ $.a IS NOT NULL }", 10, "'IS NOT' is not supported; use '!=' or 'NOT EXISTS'"),
        Arguments.of("{ $.a EXISTS }", 7, "'EXISTS' on its own is not supported; use '$.a = *' for a present scalar or '$.a NOT EXISTS' for an absent field"),
        Arguments.of("{ $.a IS null }", 10, "expected NULL, TRUE or FALSE after 'IS' but found 'null'"),
        Arguments.of("{ $.a NOT NULL }", 11, "expected 'EXISTS' after 'NOT' but found 'NULL'"),
        Arguments.of("{ $.a is NULL }", 7, "expected an operator (=, !=, <, <=, >, >=, IS or NOT EXISTS) after $.a but found 'is'"),
        Arguments.of("{ $.a == 1 }", 8, "expected a value after '=' but found '='"),
        // values
        Arguments.of("{ $.a = }", 9, "expected a value after '=' but found '}'"),
        Arguments.of("{ ($.a = ) }", 10, "expected a value after '=' but found ')'"),
        Arguments.of("{ $.a > abc }", 9, "expected a number after '>' but found 'abc'; '>' compares numbers only"),
        Arguments.of("{ $.a >= \"5\" }", 10, "expected a number after '>=' but found a quoted string; '>=' compares numbers only"),
        Arguments.of("{ $.a < 4* }", 9, "expected a number after '<' but found '4*'; '<' compares numbers only"),
        Arguments.of("{ $.a = \"open }", 9, "unterminated quoted string: expected a closing '\"'"),
        // regexes
        Arguments.of("{ $.a = %abc }", 9, "unterminated regex: expected a closing '%'"),
        Arguments.of("{ $.a = %% }", 9, "empty regex: expected at least one character between '%' and '%'"),
        Arguments.of("%something!%", 11, "character '!' is not allowed in a regex; allowed are letters, digits,"
            + " the symbols _ # = @ / ; , - : and the operators ^ $ ? [ ] { } | \\ * + . and spaces (no"
            + " parentheses, other whitespace or multi-byte characters)"),
        Arguments.of("{ $.a = %(ab)% }", 10, "character '(' is not allowed in a regex; allowed are letters, digits,"
            + " the symbols _ # = @ / ; , - : and the operators ^ $ ? [ ] { } | \\ * + . and spaces (no"
            + " parentheses, other whitespace or multi-byte characters)"),
        Arguments.of("%[a%", 2, "invalid regex '[a': missing closing ]"), // at the '[' left open
        Arguments.of("%a% %b% %c%", 9, "too many regexes: at most 2 are allowed in one pattern"),
        // depth
        Arguments.of("{ " + "(".repeat(33) + "$.a = 1" + ")".repeat(33) + " }", 35,
            "parentheses nested deeper than 32 levels"),
        // text terms
        Arguments.of("ERROR: disk", 6, "unexpected ':' after term 'ERROR'; separate terms with spaces and"
            + " double-quote terms that contain characters other than letters, digits and '_'"),
        Arguments.of("ERROR -", 8, "expected a term, a quoted phrase or a %regex% after '-' but found end of pattern"),
        Arguments.of("? ERROR", 2, "expected a term, a quoted phrase or a %regex% after '?' but found whitespace"),
        Arguments.of("\"open", 1, "unterminated quoted string: expected a closing '\"'"),
        Arguments.of("}", 1, "expected a term, a quoted phrase or a %regex% but found '}'"),
        // space-delimited
        Arguments.of("[,]", 2, "expected a field name or '...' but found ','"),
        Arguments.of("[a,,b]", 4, "expected a field name or '...' but found ','"),
        Arguments.of("[a, b", 6, "expected ',' or ']' but found end of pattern"),
        Arguments.of("[a,] x", 6, "expected end of pattern after ']' but found 'x'"),
        Arguments.of("[..., ...]", 7, "only one '...' is allowed per pattern"),
        Arguments.of("[w1 = ERROR || w2 = x]", 16, "a condition in slot 'w1' can only test 'w1' but found 'w2'"),
        Arguments.of("[a IS NULL]", 4, "expected ',', ']' or an operator (=, !=, <, <=, >, >=) after 'a' but found 'IS'"),
        Arguments.of("[a] b", 5, "expected end of pattern after ']' but found 'b'"),
        Arguments.of("[a > x]", 6, "expected a number after '>' but found 'x'; '>' compares numbers only"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badPatterns")
  void reportsColumnAndReason(String pattern, int column, String reason) {
    InvalidPatternException e = catchThrowableOfType(InvalidPatternException.class, () -> FilterPattern.compile(pattern));
    assertThat(e).as(pattern).isNotNull();
    assertThat(e.line()).isEqualTo(1);
    assertThat(e.reason()).isEqualTo(reason);
    assertThat(e.column()).isEqualTo(column);
    assertThat(e.getMessage()).isEqualTo("line 1, column " + column + ": " + reason);
  }

  @Test
  void rejectsPatternsOverTheLengthLimit() {
    String pattern = "x".repeat(1025);
    InvalidPatternException e = catchThrowableOfType(InvalidPatternException.class, () -> FilterPattern.compile(pattern));
    assertThat(e.column()).isEqualTo(1025);
    assertThat(e.reason()).isEqualTo("pattern is 1025 characters long; the limit is 1024");
  }
}
