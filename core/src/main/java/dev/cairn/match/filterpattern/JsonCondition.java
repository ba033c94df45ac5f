package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A compiled JSON-pattern expression. Nodes are immutable and evaluate without allocating.
 *
 * <p>Type rules (our decisions where AWS is silent): a comparison needs a scalar of the matching
 * type, otherwise it is false — for {@code !=} too. Strings and wildcards match JSON strings,
 * numbers match JSON numbers, a lone {@code *} matches any scalar, and objects, arrays and absent
 * fields match nothing except {@code NOT EXISTS} (absent only).
 */
interface JsonCondition {
  boolean test(JsonNode root);

  /**
   * The JSON strings that top-level {@code field} must equal for {@code condition} to hold, or null
   * when it need not be any of a known set. Conservative: null is always a safe answer.
   */
  static Set<String> requiredValues(JsonCondition condition, String field) {
    if (condition instanceof StringComparison c) {
      return !c.negated() && field.equals(c.selector().topLevelName()) && c.value() instanceof StringTest.Exact exact
          ? Set.of(exact.expected()) : null;
    }
    if (condition instanceof OneOfStrings c) {
      return field.equals(c.selector().topLevelName()) ? c.values() : null;
    }
    if (condition instanceof All all) {
      Set<String> smallest = null;
      for (JsonCondition part : all.parts) {
        Set<String> values = requiredValues(part, field);
        if (values != null && (smallest == null || values.size() < smallest.size())) {
          smallest = values;
        }
      }
      return smallest;
    }
    if (condition instanceof Any any) {
      Set<String> union = new HashSet<>();
      for (JsonCondition part : any.parts) {
        Set<String> values = requiredValues(part, field);
        if (values == null) {
          return null;
        }
        union.addAll(values);
      }
      return union;
    }
    return null;
  }

  /** Conjunction; short-circuits left to right. */
  final class All implements JsonCondition {
    private final JsonCondition[] parts;

    All(List<JsonCondition> parts) {
      this.parts = parts.toArray(new JsonCondition[0]);
    }

    List<JsonCondition> parts() {
      return List.of(parts);
    }

    @Override
    public boolean test(JsonNode root) {
      for (JsonCondition part : parts) {
        if (!part.test(root)) {
          return false;
        }
      }
      return true;
    }
  }

  /** Disjunction; short-circuits left to right. */
  final class Any implements JsonCondition {
    private final JsonCondition[] parts;

    Any(List<JsonCondition> parts) {
      this.parts = parts.toArray(new JsonCondition[0]);
    }

    List<JsonCondition> parts() {
      return List.of(parts);
    }

    @Override
    public boolean test(JsonNode root) {
      for (JsonCondition part : parts) {
        if (part.test(root)) {
          return true;
        }
      }
      return false;
    }
  }

  /**
   * {@code = / !=} against a string, wildcard or regex value. A value with a {@code *} wildcard also
   * tests numbers, by their text ({@code $.errorCode = 4*} matches 404; AWS: "use the asterisk as a
   * wild card to match numbers").
   */
  record StringComparison(Selector selector, StringTest value, boolean negated)
      implements JsonCondition, Selector.NodeTest {
    @Override
    public boolean test(JsonNode root) {
      return selector.anyMatches(root, this);
    }

    @Override
    public boolean holdsFor(JsonNode node) {
      if (node == null) {
        return false;
      }
      if (node.isTextual()) {
        return value.test(node.textValue()) != negated;
      }
      return node.isNumber() && value.matchesNumbers() && value.test(node.asText()) != negated;
    }
  }

  /**
   * {@code $.f = "a" || $.f = "b" || ...} (exact strings, one field): the field is resolved once and
   * looked up in a set. The CIS patterns are mostly such disjunctions of event names.
   */
  record OneOfStrings(Selector selector, Set<String> values) implements JsonCondition, Selector.NodeTest {
    @Override
    public boolean test(JsonNode root) {
      return selector.anyMatches(root, this);
    }

    @Override
    public boolean holdsFor(JsonNode node) {
      return node != null && node.isTextual() && values.contains(node.textValue());
    }
  }

  /** The lone {@code *}: the field exists and is a scalar (string, number, boolean or null). */
  record IsScalar(Selector selector, boolean negated) implements JsonCondition, Selector.NodeTest {
    @Override
    public boolean test(JsonNode root) {
      return !negated && selector.anyMatches(root, this);
    }

    @Override
    public boolean holdsFor(JsonNode node) {
      return node != null && node.isValueNode();
    }
  }

  /** Numeric comparison; only JSON numbers qualify. */
  record NumericComparison(Selector selector, Operator op, Literal.Numeric value)
      implements JsonCondition, Selector.NodeTest {
    @Override
    public boolean test(JsonNode root) {
      return selector.anyMatches(root, this);
    }

    @Override
    public boolean holdsFor(JsonNode node) {
      if (node == null || !node.isNumber()) {
        return false;
      }
      if (value.integral() && node.isIntegralNumber() && node.canConvertToLong()) {
        return op.test(value.compareFrom(node.longValue()));
      }
      double field = node.doubleValue();
      return !Double.isNaN(field) && op.test(value.compareFrom(field));
    }
  }

  record IsNull(Selector selector) implements JsonCondition, Selector.NodeTest {
    @Override
    public boolean test(JsonNode root) {
      return selector.anyMatches(root, this);
    }

    @Override
    public boolean holdsFor(JsonNode node) {
      return node != null && node.isNull();
    }
  }

  record IsBoolean(Selector selector, boolean expected) implements JsonCondition, Selector.NodeTest {
    @Override
    public boolean test(JsonNode root) {
      return selector.anyMatches(root, this);
    }

    @Override
    public boolean holdsFor(JsonNode node) {
      return node != null && node.isBoolean() && node.booleanValue() == expected;
    }
  }

  /** The field is absent; for a wildcard selector, it selects nothing. */
  record NotExists(Selector selector) implements JsonCondition {
    @Override
    public boolean test(JsonNode root) {
      return selector.selectsNothing(root);
    }
  }
}
