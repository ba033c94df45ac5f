package dev.cairn.alarm.metric;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A metric filter's {@code $.field} selector, as values and dimensions use it: dot-separated names
 * with optional array indexes ({@code $.userIdentity.arn}, {@code $.resources[0].ARN}). Wildcards
 * select several values and have no meaning for one number, so they are refused.
 */
final class FieldPath {
  private static final Pattern STEP = Pattern.compile("([A-Za-z0-9_@:\\-]+)((?:\\[\\d{1,9}\\])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d{1,9})\\]");

  private final String text;
  private final List<Object> steps; // String names and Integer indexes

  private FieldPath(String text, List<Object> steps) {
    this.text = text;
    this.steps = List.copyOf(steps);
  }

  /**
   * Parses {@code $.a.b[0]}.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  static FieldPath parse(String text) {
    if (!text.startsWith("$.") || text.length() == 2) {
      throw new IllegalArgumentException("expected a field like $.userIdentity.arn, got '" + text + "'");
    }
    List<Object> steps = new ArrayList<>();
    for (String part : text.substring(2).split("\\.", -1)) {
      Matcher m = STEP.matcher(part);
      if (!m.matches()) {
        throw new IllegalArgumentException("expected a field like $.userIdentity.arn or $.resources[0].ARN (names"
            + " of letters, digits, _ - @ :, array indexes; no wildcards), got '" + text + "'");
      }
      steps.add(m.group(1));
      Matcher index = INDEX.matcher(m.group(2));
      while (index.find()) {
        steps.add(Integer.parseInt(index.group(1)));
      }
    }
    return new FieldPath(text, steps);
  }

  /** The value it selects, if it is a scalar (not an object, array or null). */
  Optional<JsonNode> select(JsonNode root) {
    JsonNode node = root;
    for (Object step : steps) {
      node = step instanceof Integer i ? node.path(i) : node.path((String) step);
    }
    return node.isValueNode() && !node.isNull() ? Optional.of(node) : Optional.empty();
  }

  @Override
  public String toString() {
    return text;
  }
}
