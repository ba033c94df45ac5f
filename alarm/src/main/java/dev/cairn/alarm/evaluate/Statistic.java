package dev.cairn.alarm.evaluate;

import java.util.Locale;
import java.util.Optional;

/** The statistics an alarm can apply to a period's values ({@code Statistic}; no percentiles). */
public enum Statistic {
  SampleCount,
  Average,
  Sum,
  Minimum,
  Maximum;

  /** The statistic of a set of values given by its count, sum, minimum and maximum. */
  public double of(long count, double sum, double min, double max) {
    return switch (this) {
      case SampleCount -> count;
      case Average -> sum / count;
      case Sum -> sum;
      case Minimum -> min;
      case Maximum -> max;
    };
  }

  /** As the SNS notification's {@code Trigger.Statistic} spells it: {@code SUM}, {@code SAMPLE_COUNT}. */
  public String upperCase() {
    return this == SampleCount ? "SAMPLE_COUNT" : name().toUpperCase(Locale.ROOT);
  }

  /** The statistic with this exact name. */
  public static Optional<Statistic> parse(String name) {
    for (Statistic s : values()) {
      if (s.name().equals(name)) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }
}
