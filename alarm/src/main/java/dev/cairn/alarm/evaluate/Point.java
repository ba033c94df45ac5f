package dev.cairn.alarm.evaluate;

import java.time.Instant;
import java.util.Objects;

/**
 * One period of an alarm's evaluation range: its start and its statistic, or missing.
 *
 * @param start when the period starts
 * @param value the statistic of the period's values; {@link Double#NaN} when no value arrived
 * @param count how many values (events) it stands for, 0 when missing
 */
public record Point(Instant start, double value, long count) {
  public Point {
    Objects.requireNonNull(start, "start");
  }

  /** A period without data. */
  public static Point missing(Instant start) {
    return new Point(start, Double.NaN, 0);
  }

  public boolean isMissing() {
    return Double.isNaN(value);
  }
}
