package dev.cairn.alarm.evaluate;

import java.util.Optional;

/**
 * The four threshold operators of {@code PutMetricAlarm} (the anomaly-detection band operators
 * are not for static thresholds). The statistic is the left operand: {@code value >= threshold}.
 */
public enum Comparison {
  GreaterThanOrEqualToThreshold("greater than or equal to"),
  GreaterThanThreshold("greater than"),
  LessThanThreshold("less than"),
  LessThanOrEqualToThreshold("less than or equal to");

  private final String words;

  Comparison(String words) {
    this.words = words;
  }

  /** Whether {@code value} breaches {@code threshold}. */
  public boolean breaches(double value, double threshold) {
    return switch (this) {
      case GreaterThanOrEqualToThreshold -> value >= threshold;
      case GreaterThanThreshold -> value > threshold;
      case LessThanThreshold -> value < threshold;
      case LessThanOrEqualToThreshold -> value <= threshold;
    };
  }

  /** How CloudWatch's state reasons say it: "greater than or equal to". */
  public String words() {
    return words;
  }

  /** The operator with this exact name, as the API spells it. */
  public static Optional<Comparison> parse(String name) {
    for (Comparison c : values()) {
      if (c.name().equals(name)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }
}
