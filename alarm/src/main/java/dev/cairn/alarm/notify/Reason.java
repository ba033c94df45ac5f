package dev.cairn.alarm.notify;

import dev.cairn.alarm.evaluate.AlarmState;
import dev.cairn.alarm.evaluate.Condition;
import dev.cairn.alarm.evaluate.MissingData;
import dev.cairn.alarm.evaluate.Outcome;
import dev.cairn.alarm.evaluate.Point;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CloudWatch's {@code NewStateReason} sentences, as notifications captured from CloudWatch read:
 *
 * <ul>
 *   <li>{@code Threshold Crossed: 2 out of the last 3 datapoints [5.0 (06/12/26 10:05:00), 3.0
 *       (06/12/26 10:00:00)] was greater than or equal to the threshold (1.0) (minimum 2 datapoints
 *       for OK -> ALARM transition).} — the datapoints that decided (breaching ones for ALARM, the
 *       others for OK), newest first, with their period's start as {@code dd/MM/yy HH:mm:ss} UTC;
 *   <li>{@code … and 2 missing datapoints were treated as [NonBreaching] (minimum …)} when points were
 *       filled in;
 *   <li>{@code Threshold Crossed: no datapoints were received for 3 periods and 3 missing datapoints
 *       were treated as [Breaching].} when every point was missing;
 *   <li>{@code Insufficient Data: 5 datapoints were unknown.} for INSUFFICIENT_DATA [wording
 *       inferred].
 * </ul>
 * The minimum for OK is N − M + 1 (fewer than M breaching) [inferred; captured notifications of
 * N = M alarms read 1].
 */
public final class Reason {
  private static final DateTimeFormatter POINT_TIME = DateTimeFormatter.ofPattern("dd/MM/yy HH:mm:ss", Locale.ROOT)
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter CHANGE_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSZ",
      Locale.ROOT).withZone(ZoneOffset.UTC);

  private Reason() {}

  /** {@code 2026-12-06T10:06:00.000+0000}: how notifications write {@code StateChangeTime}. */
  public static String time(Instant instant) {
    return CHANGE_TIME.format(instant);
  }

  /** The sentence for an evaluation that moved an alarm from {@code from} to the outcome's state. */
  public static String of(Condition c, Outcome outcome, AlarmState from) {
    AlarmState to = outcome.state();
    int n = c.evaluationPeriods();
    if (to == AlarmState.INSUFFICIENT_DATA) {
      int unknown = c.range() - outcome.evaluated().size();
      return "Insufficient Data: " + unknown + " datapoint" + (unknown == 1 ? " was" : "s were") + " unknown.";
    }
    String treated = c.treatMissingData() == MissingData.breaching ? "[Breaching]" : "[NonBreaching]";
    if (outcome.how() == Outcome.How.ALL_MISSING) {
      return "Threshold Crossed: no datapoints were received for " + n + " period" + (n == 1 ? "" : "s") + " and " + n
          + " missing datapoint" + (n == 1 ? " was" : "s were") + " treated as " + treated + ".";
    }
    boolean alarm = to == AlarmState.ALARM;
    List<Point> listed = new ArrayList<>();
    for (Point p : outcome.evaluated()) {
      if (c.breaches(p.value()) == alarm) {
        listed.add(p);
      }
    }
    int minimum = alarm ? c.datapointsToAlarm() : n - c.datapointsToAlarm() + 1;
    String transition = " (minimum " + minimum + " datapoint" + (minimum == 1 ? "" : "s") + " for " + from + " -> " + to
        + " transition).";
    String fill = outcome.filled() == 0 ? "" : " and " + outcome.filled() + " missing datapoint"
        + (outcome.filled() == 1 ? " was" : "s were") + " treated as " + treated;
    if (listed.isEmpty()) {
      int real = outcome.evaluated().size();
      return "Threshold Crossed: " + real + " datapoint" + (real == 1 ? " was" : "s were") + " received for " + n
          + " period" + (n == 1 ? "" : "s") + fill + transition;
    }
    StringBuilder s = new StringBuilder("Threshold Crossed: ").append(listed.size()).append(" out of the last ")
        .append(Math.max(n, outcome.evaluated().size())).append(" datapoints [");
    for (int i = 0; i < listed.size(); i++) {
      s.append(i == 0 ? "" : ", ").append(number(listed.get(i).value())).append(" (")
          .append(POINT_TIME.format(listed.get(i).start())).append(')');
    }
    s.append("] was ").append(alarm ? "" : "not ").append(c.comparison().words()).append(" the threshold (")
        .append(number(c.threshold())).append(')').append(fill).append(transition);
    return s.toString();
  }

  /** {@code 06/12/26 10:05:00}: how reasons write a period's start. */
  public static String pointTime(Instant t) {
    return POINT_TIME.format(t);
  }

  /** As CloudWatch (a JVM service) writes doubles: {@code 5.0}, {@code 0.059}. */
  public static String number(double value) {
    return Double.toString(value);
  }
}
