package dev.cairn.alarm.evaluate;

import dev.cairn.alarm.metric.Series;
import dev.cairn.runtime.state.Datapoint;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * Datapoints (per minute of event time) into an alarm's periods: each period's statistic over the
 * series the alarm watches, or missing. Periods are aligned to the epoch, as CloudWatch aligns them
 * (a 5-minute period starts at :00, :05, …). Pure.
 */
public final class Periods {
  private Periods() {}

  /** The start of the period of length {@code period} that holds {@code t}. */
  public static Instant floor(Instant t, Duration period) {
    long p = period.toMillis();
    return Instant.ofEpochMilli(Math.floorDiv(t.toEpochMilli(), p) * p);
  }

  /**
   * The start of the newest period an evaluation at {@code t} looks at: the one holding the minute
   * before {@code t}, however little of it has passed (so a 5-minute sum can alarm at 10:06 on what
   * arrived about 10:05).
   */
  public static Instant newest(Instant t, Duration period) {
    return floor(t.minusSeconds(60), period);
  }

  /**
   * The points of {@code count} periods from {@code oldest}, oldest first.
   *
   * @param data datapoints of the metric (any minute; those outside the periods are left out)
   * @param dimensions the series to take; empty takes every series
   * @param defaultValue what a period without data is worth (a metric filter's default value); empty:
   *     such a period is missing
   */
  public static List<Point> points(List<Datapoint> data, Map<String, String> dimensions, Statistic statistic,
      OptionalDouble defaultValue, Instant oldest, Duration period, int count) {
    long p = period.toMillis();
    long start = oldest.toEpochMilli();
    long[] counts = new long[count];
    double[] sums = new double[count];
    double[] mins = new double[count];
    double[] maxs = new double[count];
    Arrays.fill(mins, Double.POSITIVE_INFINITY);
    Arrays.fill(maxs, Double.NEGATIVE_INFINITY);
    String wanted = dimensions.isEmpty() ? null : Series.encode(dimensions);
    for (Datapoint d : data) {
      long offset = d.minute().toEpochMilli() - start;
      if (offset < 0 || offset >= p * count || (wanted != null && !wanted.equals(d.dimensions()))) {
        continue;
      }
      int i = (int) (offset / p);
      counts[i] += d.count();
      sums[i] += d.sum();
      mins[i] = Math.min(mins[i], d.min());
      maxs[i] = Math.max(maxs[i], d.max());
    }
    List<Point> points = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      Instant at = Instant.ofEpochMilli(start + i * p);
      if (counts[i] > 0) {
        points.add(new Point(at, statistic.of(counts[i], sums[i], mins[i], maxs[i]), counts[i]));
      } else if (defaultValue.isPresent()) {
        double v = defaultValue.getAsDouble();
        points.add(new Point(at, statistic.of(1, v, v, v), 0));
      } else {
        points.add(Point.missing(at));
      }
    }
    return points;
  }
}
