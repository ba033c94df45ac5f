package dev.cairn.alarm.evaluate;

import java.util.Objects;

/**
 * When an alarm breaches: CloudWatch's {@code ComparisonOperator}, {@code Threshold}, {@code
 * EvaluationPeriods} (N), {@code DatapointsToAlarm} (M) and {@code TreatMissingData}.
 *
 * <p>Example, "2 out of 3 five-minute sums at or above 3, missing data is fine":
 * {@code new Condition(Comparison.GreaterThanOrEqualToThreshold, 3, 3, 2, MissingData.notBreaching)}.
 */
public record Condition(Comparison comparison, double threshold, int evaluationPeriods, int datapointsToAlarm,
    MissingData treatMissingData) {

  public Condition {
    Objects.requireNonNull(comparison, "comparison");
    Objects.requireNonNull(treatMissingData, "treatMissingData");
    if (evaluationPeriods < 1) {
      throw new IllegalArgumentException("evaluationPeriods must be at least 1, got " + evaluationPeriods);
    }
    if (datapointsToAlarm < 1 || datapointsToAlarm > evaluationPeriods) {
      throw new IllegalArgumentException("datapointsToAlarm must be from 1 to evaluationPeriods (" + evaluationPeriods
          + "), got " + datapointsToAlarm);
    }
    if (!Double.isFinite(threshold)) {
      throw new IllegalArgumentException("threshold must be a finite number, got " + threshold);
    }
  }

  /**
   * The evaluation range R: how many periods are fetched, more than N so that missing points can be
   * skipped. AWS documents R = 5 for N = 3 and no formula; this is N + max(⌊N/3⌋, 2), the rule of
   * the LocalStack emulator, which gives 5 for 3 [unverified for other N].
   */
  public int range() {
    return evaluationPeriods + Math.max(evaluationPeriods / 3, 2);
  }

  /** Whether a (real) value breaches. */
  public boolean breaches(double value) {
    return comparison.breaches(value, threshold);
  }
}
