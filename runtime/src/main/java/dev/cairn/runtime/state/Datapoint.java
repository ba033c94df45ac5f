package dev.cairn.runtime.state;

import java.time.Instant;
import java.util.Objects;

/**
 * What a metric collected in one minute of event time, from the events that arrived in one minute:
 * a statistic set (sample count, sum, minimum, maximum), so that Sum, SampleCount, Average, Minimum
 * and Maximum can all be computed over any period later. Recorded with the checkpoint that handles
 * the events ({@link Checkpoint#metrics()}); datapoints with the same metric, dimensions, minute and
 * arrival minute add up.
 *
 * <p>Example: three failed sign-ins by alice at 10:05:10, 10:05:40 and 10:05:50 of event time, read
 * at 10:09:30, are {@code Datapoint("ConsoleLoginFailures", "Actor=alice", 10:05, 10:10, 3, 3.0,
 * 1.0, 1.0)}.
 *
 * @param metric the metric's name (opaque to the store)
 * @param dimensions the dimension values, encoded by the metric's owner; empty for none
 * @param minute the start of the minute of event time the values belong to
 * @param arrived the first minute boundary at or after which the values were known: an evaluation
 *     at {@code t} sees the datapoints that arrived at or before {@code t}
 * @param count how many values (events)
 * @param sum their sum
 * @param min the smallest
 * @param max the largest
 */
public record Datapoint(String metric, String dimensions, Instant minute, Instant arrived, long count, double sum,
    double min, double max) {

  public Datapoint {
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(dimensions, "dimensions");
    Objects.requireNonNull(minute, "minute");
    Objects.requireNonNull(arrived, "arrived");
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
  }

  /** One value. */
  public static Datapoint of(String metric, String dimensions, Instant minute, Instant arrived, double value) {
    return new Datapoint(metric, dimensions, minute, arrived, 1, value, value, value);
  }

  /** This and {@code other} (same metric, dimensions and minutes) as one. */
  public Datapoint plus(Datapoint other) {
    return new Datapoint(metric, dimensions, minute, arrived, count + other.count, sum + other.sum,
        Math.min(min, other.min), Math.max(max, other.max));
  }
}
