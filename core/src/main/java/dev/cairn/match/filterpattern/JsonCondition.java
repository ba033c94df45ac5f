package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
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

  /** Conjunction; short-circuits left to right. */
  final class All implements JsonCondition {
    private final JsonCondition[] parts;

    All(List<JsonCondition> parts) {
      this.parts = parts.toArray(new JsonCondition[0]);
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

  /** {@code = / !=} against a string, wildcard or regex value. */
  record StringComparison(Selector selector, StringTest value, boolean negated) implements JsonCondition {
    @Override
    public boolean test(JsonNode root) {
      JsonNode node = selector.resolve(root);
      return node != null && node.isTextual() && value.test(node.textValue()) != negated;
    }
  }

  /**
   * {@code $.f = "a" || $.f = "b" || ...} (exact strings, one field): the field is resolved once and
   * looked up in a set. The CIS patterns are mostly such disjunctions of event names.
   */
  record OneOfStrings(Selector selector, Set<String> values) implements JsonCondition {
    @Override
    public boolean test(JsonNode root) {
      JsonNode node = selector.resolve(root);
      return node != null && node.isTextual() && values.contains(node.textValue());
    }
  }

  /** The lone {@code *}: the field exists and is a scalar (string, number, boolean or null). */
  record IsScalar(Selector selector, boolean negated) implements JsonCondition {
    @Override
    public boolean test(JsonNode root) {
      JsonNode node = selector.resolve(root);
      return !negated && node != null && node.isValueNode();
    }
  }

  /** Numeric comparison; only JSON numbers qualify. */
  record NumericComparison(Selector selector, Operator op, Literal.Numeric value) implements JsonCondition {
    @Override
    public boolean test(JsonNode root) {
      JsonNode node = selector.resolve(root);
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

  record IsNull(Selector selector) implements JsonCondition {
    @Override
    public boolean test(JsonNode root) {
      JsonNode node = selector.resolve(root);
      return node != null && node.isNull();
    }
  }

  record IsBoolean(Selector selector, boolean expected) implements JsonCondition {
    @Override
    public boolean test(JsonNode root) {
      JsonNode node = selector.resolve(root);
      return node != null && node.isBoolean() && node.booleanValue() == expected;
    }
  }

  record NotExists(Selector selector) implements JsonCondition {
    @Override
    public boolean test(JsonNode root) {
      JsonNode node = selector.resolve(root);
      return node == null || node.isMissingNode();
    }
  }
}
