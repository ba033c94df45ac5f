package dev.cairn.match.filterpattern;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Recursive-descent parser for {@code { expr }} patterns: {@code ||} over {@code &&} over
 * parenthesised terms and comparisons. Recursion happens only through parentheses, which are
 * capped at {@link #MAX_DEPTH}, so no input can exhaust the stack.
 */
final class JsonPatternParser {
  static final int MAX_DEPTH = 32;
  /** Characters that end an unquoted value besides whitespace, "&&" and "||". */
  private static final String VALUE_STOP_CHARS = "(){}\"";

  private final PatternReader reader;
  private final List<List<String>> fieldPaths;

  private JsonPatternParser(PatternReader reader, List<List<String>> fieldPaths) {
    this.reader = reader;
    this.fieldPaths = fieldPaths;
  }

  /**
   * Parses the whole pattern; the reader is positioned at the opening brace. Adds the field names of
   * every selector to {@code fieldPaths}.
   */
  static JsonCondition parse(PatternReader reader, List<List<String>> fieldPaths) throws InvalidPatternException {
    JsonPatternParser parser = new JsonPatternParser(reader, fieldPaths);
    reader.advance(1); // '{'
    JsonCondition condition = parser.or(0);
    reader.skipWhitespace();
    if (!reader.consume("}")) {
      throw reader.expected("'&&', '||' or '}'");
    }
    reader.skipWhitespace();
    if (!reader.atEnd()) {
      throw reader.expected("end of pattern after '}'");
    }
    return condition;
  }

  private JsonCondition or(int depth) throws InvalidPatternException {
    List<JsonCondition> parts = new ArrayList<>();
    parts.add(and(depth));
    while (skipAndConsume("||")) {
      parts.add(and(depth));
    }
    return parts.size() == 1 ? parts.get(0) : any(parts);
  }

  /**
   * A disjunction, with every exact string equality on the same field merged into one set lookup.
   * Conditions have no side effects, so regrouping the alternatives does not change the result.
   */
  static JsonCondition any(List<JsonCondition> parts) {
    Map<String, Set<String>> valuesByField = new LinkedHashMap<>();
    Map<String, Selector> selectors = new LinkedHashMap<>();
    List<JsonCondition> others = new ArrayList<>();
    for (JsonCondition part : flatten(parts)) {
      if (part instanceof JsonCondition.StringComparison c && !c.negated() && c.value() instanceof StringTest.Exact exact) {
        selectors.putIfAbsent(c.selector().toString(), c.selector());
        valuesByField.computeIfAbsent(c.selector().toString(), k -> new LinkedHashSet<>()).add(exact.expected());
      } else {
        others.add(part);
      }
    }
    List<JsonCondition> merged = new ArrayList<>();
    valuesByField.forEach((field, values) -> merged.add(values.size() == 1
        ? new JsonCondition.StringComparison(selectors.get(field), new StringTest.Exact(values.iterator().next()), false)
        : new JsonCondition.OneOfStrings(selectors.get(field), Set.copyOf(values))));
    merged.addAll(others);
    return merged.size() == 1 ? merged.get(0) : new JsonCondition.Any(merged);
  }

  private static List<JsonCondition> flatten(List<JsonCondition> parts) {
    List<JsonCondition> flat = new ArrayList<>();
    for (JsonCondition part : parts) {
      if (part instanceof JsonCondition.Any nested) {
        flat.addAll(flatten(nested.parts()));
      } else {
        flat.add(part);
      }
    }
    return flat;
  }

  private JsonCondition and(int depth) throws InvalidPatternException {
    List<JsonCondition> parts = new ArrayList<>();
    parts.add(term(depth));
    while (skipAndConsume("&&")) {
      reader.skipWhitespace();
      int partAt = reader.pos();
      parts.add(term(depth));
      warnIfContradicts(parts, partAt);
    }
    return parts.size() == 1 ? parts.get(0) : new JsonCondition.All(parts);
  }

  /**
   * {@code $.f = "a" && $.f = "b"} can never match: one field cannot equal two different strings. A
   * lint, not an error: AWS accepts such patterns.
   */
  private void warnIfContradicts(List<JsonCondition> parts, int lastAt) {
    JsonCondition last = parts.get(parts.size() - 1);
    String field = last instanceof JsonCondition.StringComparison c && !c.selector().hasWildcard()
        ? c.selector().toString() : last instanceof JsonCondition.OneOfStrings o && !o.selector().hasWildcard()
        ? o.selector().toString() : null;
    if (field == null) {
      return;
    }
    Set<String> mine = exactValues(last);
    for (JsonCondition earlier : parts.subList(0, parts.size() - 1)) {
      Set<String> theirs = exactValues(earlier);
      if (mine != null && theirs != null && sameSelector(earlier, field) && Collections.disjoint(mine, theirs)) {
        reader.warn(lastAt, "this pattern can never match: " + field + " cannot equal both "
            + String.join(" or ", new TreeSet<>(theirs)) + " and " + String.join(" or ", new TreeSet<>(mine))
            + " ('&&' needs both); did you mean '||'?");
        return;
      }
    }
  }

  private static Set<String> exactValues(JsonCondition c) {
    if (c instanceof JsonCondition.StringComparison s && !s.negated() && s.value() instanceof StringTest.Exact e) {
      return Set.of(e.expected());
    }
    return c instanceof JsonCondition.OneOfStrings o ? o.values() : null;
  }

  private static boolean sameSelector(JsonCondition c, String selector) {
    return c instanceof JsonCondition.StringComparison s ? s.selector().toString().equals(selector)
        : c instanceof JsonCondition.OneOfStrings o && o.selector().toString().equals(selector);
  }

  private boolean skipAndConsume(String token) {
    reader.skipWhitespace();
    return reader.consume(token);
  }

  private JsonCondition term(int depth) throws InvalidPatternException {
    reader.skipWhitespace();
    char c = reader.peek();
    if (c == '(' && !reader.atEnd()) {
      if (depth >= MAX_DEPTH) {
        throw reader.error(reader.pos(), "parentheses nested deeper than " + MAX_DEPTH + " levels");
      }
      reader.advance(1);
      JsonCondition inner = or(depth + 1);
      reader.skipWhitespace();
      if (!reader.consume(")")) {
        throw reader.expected("'&&', '||' or ')'");
      }
      return inner;
    }
    if (c == '$') {
      return comparison();
    }
    throw reader.expected("a selector starting with '$' or '('");
  }

  private JsonCondition comparison() throws InvalidPatternException {
    int at = reader.pos();
    Selector selector = Selector.read(reader);
    if (selector.hasWildcard()) {
      reader.countWildcardSelector(at);
    }
    fieldPaths.add(selector.fieldNames());
    reader.skipWhitespace();
    Operator op = Operator.read(reader);
    if (op != null) {
      return compare(selector, op, Literal.read(reader, op, VALUE_STOP_CHARS));
    }
    int keywordAt = reader.pos();
    String keyword = reader.readLetters();
    return switch (keyword) {
      case "IS" -> isKeyword(selector);
      case "NOT" -> {
        reader.skipWhitespace();
        int existsAt = reader.pos();
        if (!reader.readLetters().equals("EXISTS")) {
          throw reader.error(existsAt, "expected 'EXISTS' after 'NOT' but found " + reader.found(existsAt));
        }
        yield new JsonCondition.NotExists(selector);
      }
      case "EXISTS" -> throw reader.error(keywordAt, "'EXISTS' on its own is not supported; use '" + selector
          + " = *' for a present scalar or '" + selector + " NOT EXISTS' for an absent field");
      default -> throw reader.error(keywordAt, "expected an operator (=, !=, <, <=, >, >=, IS or NOT EXISTS) after "
          + selector + " but found " + reader.found(keywordAt));
    };
  }

  private JsonCondition isKeyword(Selector selector) throws InvalidPatternException {
    reader.skipWhitespace();
    int at = reader.pos();
    String word = reader.readLetters();
    return switch (word) {
      case "NULL" -> new JsonCondition.IsNull(selector);
      case "TRUE" -> new JsonCondition.IsBoolean(selector, true);
      case "FALSE" -> new JsonCondition.IsBoolean(selector, false);
      case "NOT" -> throw reader.error(at, "'IS NOT' is not supported; use '!=' or 'NOT EXISTS'");
      default -> throw reader.error(at, "expected NULL, TRUE or FALSE after 'IS' but found " + reader.found(at));
    };
  }

  private static JsonCondition compare(Selector selector, Operator op, Literal literal) {
    if (literal instanceof Literal.Numeric number) {
      return new JsonCondition.NumericComparison(selector, op, number);
    }
    StringTest test = ((Literal.Text) literal).test();
    boolean negated = op == Operator.NE;
    return test.matchesAnything()
        ? new JsonCondition.IsScalar(selector, negated)
        : new JsonCondition.StringComparison(selector, test, negated);
  }
}
