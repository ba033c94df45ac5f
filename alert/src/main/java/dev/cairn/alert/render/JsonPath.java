package dev.cairn.alert.render;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import dev.cairn.event.RecordFields;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * The JSONPath subset EventBridge documents for {@code InputPathsMap} values: {@code $}, dot
 * notation {@code .name} (letters, digits, {@code -}, {@code _}, {@code /}), array indexes {@code
 * [0]} and wildcards ({@code .*}, {@code [*]}). Bracket-quoted names, filters, slices, negative
 * indexes and deep scan are not part of it and are rejected.
 *
 * <p>A path without a wildcard gives one value or nothing; a path with one gives a JSON array of
 * every value it reaches, in document order (empty when none).
 */
final class JsonPath {
  /** Longest path EventBridge accepts (TargetInputPath). */
  static final int MAX_LENGTH = 256;

  private final String text;
  private final List<Step> steps;
  private final boolean definite;

  private JsonPath(String text, List<Step> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
    this.definite = steps.stream().noneMatch(s -> s instanceof Wildcard);
  }

  /** A syntax error at an index of the path. */
  static final class PathException extends Exception {
    private static final long serialVersionUID = 1L;
    final int index;

    PathException(int index, String message) {
      super(message, null, false, false);
      this.index = index;
    }
  }

  static JsonPath compile(String text) throws PathException {
    if (text.isEmpty()) {
      throw new PathException(0, "a path is required, e.g. $.detail.eventName");
    }
    if (text.length() > MAX_LENGTH) {
      throw new PathException(MAX_LENGTH, "longer than " + MAX_LENGTH + " characters (" + text.length() + ")");
    }
    if (text.charAt(0) != '$') {
      throw new PathException(0, "a path starts with $, e.g. $.detail.eventName");
    }
    List<Step> steps = new ArrayList<>();
    int i = 1;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '.') {
        i++;
        if (i < text.length() && text.charAt(i) == '*') {
          steps.add(new Wildcard());
          i++;
          continue;
        }
        if (i < text.length() && text.charAt(i) == '.') {
          throw new PathException(i - 1, "deep scan (..) is not supported");
        }
        int start = i;
        while (i < text.length() && isNameChar(text.charAt(i))) {
          i++;
        }
        if (i == start) {
          throw new PathException(start, i < text.length()
              ? "unexpected " + describe(text, i) + " in a field name (letters, digits, '-', '_', '/')"
              : "expected a field name after '.'");
        }
        steps.add(new Name(text.substring(start, i)));
      } else if (c == '[') {
        int open = i;
        i++;
        if (i < text.length() && (text.charAt(i) == '\'' || text.charAt(i) == '"')) {
          throw new PathException(open, "bracket notation for names is not supported: use dot notation ($.name)");
        }
        if (i + 1 < text.length() && text.charAt(i) == '*' && text.charAt(i + 1) == ']') {
          steps.add(new Wildcard());
          i += 2;
          continue;
        }
        int start = i;
        while (i < text.length() && text.charAt(i) >= '0' && text.charAt(i) <= '9') {
          i++;
        }
        if (i == start || i >= text.length() || text.charAt(i) != ']') {
          throw new PathException(open, "expected an array index such as [0], or [*]");
        }
        if (i - start > 9) {
          throw new PathException(start, "array index too large");
        }
        steps.add(new Index(Integer.parseInt(text.substring(start, i))));
        i++;
      } else {
        throw new PathException(i, "unexpected " + describe(text, i) + ": expected '.name', '[index]' or the end");
      }
    }
    return new JsonPath(text, steps);
  }

  static boolean isNameChar(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
        || c == '/';
  }

  private static String describe(String text, int i) {
    int cp = text.codePointAt(i);
    return cp < 0x20 || cp == 0x7f ? String.format("character U+%04X", cp) : "'" + Character.toString(cp) + "'";
  }

  /** The value at this path in {@code root}, or null when there is none (definite paths only). */
  JsonNode evaluate(JsonNode root) {
    if (definite) {
      JsonNode node = root;
      for (Step step : steps) {
        node = node == null ? null : ((Single) step).apply(node);
      }
      return node == null || node.isMissingNode() ? null : node;
    }
    List<JsonNode> current = List.of(root);
    for (Step step : steps) {
      List<JsonNode> next = new ArrayList<>();
      for (JsonNode node : current) {
        step.collect(node, next);
      }
      current = next;
    }
    ArrayNode all = JsonNodeFactory.instance.arrayNode();
    current.forEach(all::add);
    return all;
  }

  /**
   * What this path reads of a CloudTrail record, when evaluated against its envelope: paths under
   * {@code $.detail} read that part of the record; other envelope fields are built from the
   * {@linkplain RecordFields#core() core} fields; {@code $} and {@code $.detail} read everything.
   */
  RecordFields recordFields() {
    if (steps.isEmpty()) {
      return RecordFields.ALL;
    }
    Step first = steps.get(0);
    if (first instanceof Wildcard) {
      return RecordFields.ALL;
    }
    if (!(first instanceof Name name) || !name.name.equals("detail")) {
      return RecordFields.core();
    }
    List<String> names = new ArrayList<>();
    for (Step step : steps.subList(1, steps.size())) {
      if (step instanceof Wildcard) {
        break; // everything under the names so far
      }
      if (step instanceof Name named) {
        names.add(named.name);
      } // indexes: RecordFields sees through arrays
    }
    return names.isEmpty() ? RecordFields.ALL : RecordFields.of(List.of(names));
  }

  @Override
  public String toString() {
    return text;
  }

  private interface Step {
    void collect(JsonNode node, List<JsonNode> into);
  }

  private interface Single extends Step {
    JsonNode apply(JsonNode node);

    @Override
    default void collect(JsonNode node, List<JsonNode> into) {
      JsonNode value = apply(node);
      if (value != null && !value.isMissingNode()) {
        into.add(value);
      }
    }
  }

  private static final class Name implements Single {
    final String name;

    Name(String name) {
      this.name = name;
    }

    @Override
    public JsonNode apply(JsonNode node) {
      return node.isObject() ? node.get(name) : null;
    }
  }

  private static final class Index implements Single {
    final int index;

    Index(int index) {
      this.index = index;
    }

    @Override
    public JsonNode apply(JsonNode node) {
      return node.isArray() ? node.get(index) : null;
    }
  }

  private static final class Wildcard implements Step {
    @Override
    public void collect(JsonNode node, List<JsonNode> into) {
      if (node.isObject() || node.isArray()) {
        for (Iterator<JsonNode> it = node.elements(); it.hasNext(); ) {
          into.add(it.next());
        }
      }
    }
  }
}
