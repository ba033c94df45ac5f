package dev.cairn.alarm.metric;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.filterpattern.FilterPattern;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What a metric filter publishes for a matching event ({@code metricValue}): a number ({@code 1}
 * counts events), {@code $.field} (the number in that field of the record), or {@code $name} (the
 * field of that name of a space-delimited pattern). A field that is missing or not a number gives
 * nothing: AWS does not document this case, and skipping the event is the decision of the spec
 * (§6.2) [unverified].
 */
public final class MetricValue {
  /** The {@code metricValue} length limit of the API. */
  static final int MAX_LENGTH = 100;

  private final String text;
  private final double constant;
  private final FieldPath field;
  private final String slot;

  private MetricValue(String text, double constant, FieldPath field, String slot) {
    this.text = text;
    this.constant = constant;
    this.field = field;
    this.slot = slot;
  }

  /**
   * Parses a value as written in a metric filter.
   *
   * @throws IllegalArgumentException saying what was expected
   */
  public static MetricValue parse(String text) {
    Objects.requireNonNull(text, "text");
    String t = text.strip();
    if (t.length() > MAX_LENGTH) {
      throw new IllegalArgumentException("at most " + MAX_LENGTH + " characters, got " + t.length());
    }
    if (t.startsWith("$.")) {
      return new MetricValue(t, Double.NaN, FieldPath.parse(t), null);
    }
    if (t.startsWith("$") && t.length() > 1 && t.substring(1).matches("[A-Za-z_][A-Za-z0-9_\\-]*")) {
      return new MetricValue(t, Double.NaN, null, t.substring(1));
    }
    try {
      double value = Double.parseDouble(t);
      if (Double.isFinite(value)) {
        return new MetricValue(t, value, null, null);
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException("expected a number (1 counts events), $.field or $name, got '" + text + "'");
  }

  /** True for {@code $name}, which only a space-delimited pattern can bind. */
  public boolean isSlot() {
    return slot != null;
  }

  /** The slot name of a {@code $name} value, else null. */
  String slot() {
    return slot;
  }

  /** The value for an event, or empty when its field is missing or not a number. */
  OptionalDouble of(CloudTrailEvent event, FilterPattern pattern) {
    if (field != null) {
      return field.select(event.record()).map(MetricValue::number).orElse(OptionalDouble.empty());
    }
    if (slot != null) {
      String value = pattern == null ? null : pattern.bind(event.recordJson()).get(slot);
      return value == null ? OptionalDouble.empty() : number(value);
    }
    return OptionalDouble.of(constant);
  }

  private static OptionalDouble number(JsonNode node) {
    if (node.isNumber()) {
      return OptionalDouble.of(node.doubleValue());
    }
    return node.isTextual() ? number(node.textValue()) : OptionalDouble.empty();
  }

  private static OptionalDouble number(String text) {
    try {
      double value = Double.parseDouble(text.strip());
      return Double.isFinite(value) ? OptionalDouble.of(value) : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
