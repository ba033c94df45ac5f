package dev.cairn.alarm.evaluate;

import java.util.ArrayList;
import java.util.List;

/**
 * CloudWatch's alarm evaluation as a pure function: the points of the evaluation range, the
 * condition and the prior state in, the new state and why out. No clock, no store: the same inputs
 * always give the same outcome, which is what lets a backtest replay history exactly.
 *
 * <p>The rules, from the CloudWatch User Guide ("Configuring how CloudWatch alarms treat missing
 * data", "Avoiding premature transitions to alarm state"), with ages counted in periods, the
 * newest point 1 old:
 *
 * <ol>
 *   <li>Every point of the range missing: {@code missing} → INSUFFICIENT_DATA, {@code ignore} →
 *       keep, {@code breaching} → ALARM, {@code notBreaching} → OK.
 *   <li>At least N real points: the newest N decide (ALARM when at least M breach); the treatment
 *       of missing data is not used.
 *   <li>Fewer than N, {@code breaching} or {@code notBreaching}: the real points are filled up to N
 *       with points of that kind ("as few times as possible"), then M decides.
 *   <li>Fewer than N, {@code missing} or {@code ignore}: at least M real points breach → ALARM. Else,
 *       when every real point breaches: the oldest at least M old → ALARM for {@code missing}, keep
 *       for {@code ignore} (premature-alarm rule); younger → INSUFFICIENT_DATA for {@code
 *       missing}, keep for {@code ignore} (AWS's 2018 tables, row {@code - - - - X}; the current
 *       text says only that such an alarm "does not go immediately into ALARM"). Otherwise (a real
 *       point does not breach) → OK.
 * </ol>
 *
 * <p>This reproduces every row of the AWS tables, current and earlier (see {@code EvaluatorTest}).
 */
public final class Evaluator {
  private Evaluator() {}

  /**
   * Evaluates an alarm.
   *
   * @param condition the alarm's condition
   * @param range the evaluation range, oldest first, exactly {@link Condition#range()} points
   * @param prior the state before
   */
  public static Outcome evaluate(Condition condition, List<Point> range, AlarmState prior) {
    if (range.size() != condition.range()) {
      throw new IllegalArgumentException("expected " + condition.range() + " points, got " + range.size());
    }
    int n = condition.evaluationPeriods();
    int m = condition.datapointsToAlarm();
    MissingData treat = condition.treatMissingData();
    List<Point> real = new ArrayList<>(); // newest first
    List<Integer> ages = new ArrayList<>();
    for (int i = range.size() - 1; i >= 0; i--) {
      if (!range.get(i).isMissing()) {
        real.add(range.get(i));
        ages.add(range.size() - i);
      }
    }
    if (real.isEmpty()) {
      return switch (treat) {
        case missing -> new Outcome(AlarmState.INSUFFICIENT_DATA, false, Outcome.How.ALL_MISSING, List.of(), 0, 0);
        case ignore -> new Outcome(prior, true, Outcome.How.ALL_MISSING, List.of(), 0, 0);
        case breaching -> new Outcome(AlarmState.ALARM, false, Outcome.How.ALL_MISSING, List.of(), n, n);
        case notBreaching -> new Outcome(AlarmState.OK, false, Outcome.How.ALL_MISSING, List.of(), n, 0);
      };
    }
    if (real.size() >= n) {
      List<Point> window = real.subList(0, n);
      return threshold(condition, window, 0, false);
    }
    int filled = n - real.size();
    if (treat == MissingData.breaching || treat == MissingData.notBreaching) {
      return threshold(condition, real, filled, treat == MissingData.breaching);
    }
    int breaching = breaching(condition, real);
    if (breaching >= m) {
      return new Outcome(AlarmState.ALARM, false, Outcome.How.THRESHOLD, real, 0, breaching);
    }
    if (breaching == real.size()) {
      boolean oldEnough = ages.get(ages.size() - 1) >= m;
      Outcome.How how = oldEnough ? Outcome.How.PREMATURE : Outcome.How.TOO_RECENT;
      if (treat == MissingData.ignore) {
        return new Outcome(prior, true, how, real, 0, breaching);
      }
      return new Outcome(oldEnough ? AlarmState.ALARM : AlarmState.INSUFFICIENT_DATA, false, how, real, 0, breaching);
    }
    return new Outcome(AlarmState.OK, false, Outcome.How.THRESHOLD, real, 0, breaching);
  }

  private static Outcome threshold(Condition condition, List<Point> window, int filled, boolean filledBreach) {
    int breaching = breaching(condition, window) + (filledBreach ? filled : 0);
    AlarmState state = breaching >= condition.datapointsToAlarm() ? AlarmState.ALARM : AlarmState.OK;
    return new Outcome(state, false, Outcome.How.THRESHOLD, window, filled, breaching);
  }

  private static int breaching(Condition condition, List<Point> points) {
    int count = 0;
    for (Point p : points) {
      if (condition.breaches(p.value())) {
        count++;
      }
    }
    return count;
  }
}
