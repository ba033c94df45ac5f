package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An event pattern that event-ruler may misread even in a machine of its own, written as
 * alternatives it reads right. Inside one pattern, a list of matchers on one field ({@code
 * [{"wildcard": "*Policy*"}, {"equals-ignore-case": "subscribe"}]}) or two {@code $or} branches on
 * the same field build one byte automaton together, just as two patterns in one machine do (see
 * {@link EventPatternMatcher}). So a pattern that {@linkplain EventPatternMatcher#needsOwnMachine
 * needs a machine of its own} is expanded: each {@code $or} into its branches, and each matcher list
 * holding such a matcher beside others into one alternative per matcher. The pattern matches when
 * one alternative does, which is what {@code $or} and a matcher list mean.
 *
 * <p>Left whole (one machine, event-ruler's answer): a pattern whose alternatives would be more
 * than {@link #MAX}, or whose {@code $or} branches name a field their siblings name too.
 */
final class PatternAlternatives {
  /** Most alternatives (machines) one pattern is expanded into. */
  static final int MAX = 64;

  private PatternAlternatives() {}

  /** {@code pattern} as alternatives, each without {@code $or}; the pattern alone when none are needed. */
  static List<ObjectNode> of(ObjectNode pattern) {
    List<ObjectNode> alternatives = expand(pattern);
    return alternatives == null || alternatives.size() <= 1 ? List.of(pattern) : alternatives;
  }

  /** The alternatives of an object of the pattern, or null to leave the pattern whole. */
  private static List<ObjectNode> expand(ObjectNode object) {
    List<ObjectNode> result = List.of(JsonNodeFactory.instance.objectNode());
    for (Map.Entry<String, JsonNode> field : object.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      List<ObjectNode> options = new ArrayList<>();
      if (name.equals("$or") && value.isArray()) {
        for (JsonNode branch : value) {
          List<ObjectNode> branches = branch.isObject() ? expand((ObjectNode) branch) : null;
          if (branches == null) {
            return null;
          }
          options.addAll(branches);
        }
      } else if (value.isObject()) {
        List<ObjectNode> inner = expand((ObjectNode) value);
        if (inner == null) {
          return null;
        }
        inner.forEach(o -> options.add(JsonNodeFactory.instance.objectNode().set(name, o)));
      } else if (value.isArray() && value.size() > 1 && holdsOneNeedingItsOwn((ArrayNode) value)) {
        for (JsonNode matcher : value) {
          ObjectNode alone = JsonNodeFactory.instance.objectNode();
          alone.putArray(name).add(matcher);
          options.add(alone);
        }
      } else {
        options.add(JsonNodeFactory.instance.objectNode().set(name, value));
      }
      result = product(result, options);
      if (result == null || result.size() > MAX) {
        return null;
      }
    }
    return result;
  }

  private static boolean holdsOneNeedingItsOwn(ArrayNode matchers) {
    for (JsonNode matcher : matchers) {
      if (matcher.isObject() && EventPatternMatcher.needsOwnMachine(matcher)) {
        return true;
      }
    }
    return false;
  }

  /** Every left merged with every right; null when two name the same field (not both objects). */
  private static List<ObjectNode> product(List<ObjectNode> left, List<ObjectNode> right) {
    if ((long) left.size() * right.size() > MAX) {
      return null;
    }
    List<ObjectNode> out = new ArrayList<>(left.size() * right.size());
    for (ObjectNode l : left) {
      for (ObjectNode r : right) {
        ObjectNode merged = l.deepCopy();
        if (!merge(merged, r)) {
          return null;
        }
        out.add(merged);
      }
    }
    return out;
  }

  private static boolean merge(ObjectNode into, ObjectNode from) {
    for (Map.Entry<String, JsonNode> field : from.properties()) {
      JsonNode there = into.get(field.getKey());
      if (there == null) {
        into.set(field.getKey(), field.getValue().deepCopy());
      } else if (there.isObject() && field.getValue().isObject()) {
        if (!merge((ObjectNode) there, (ObjectNode) field.getValue())) {
          return false;
        }
      } else {
        return false;
      }
    }
    return true;
  }
}
