package dev.cairn.alarm;

import dev.cairn.alarm.evaluate.AlarmState;
import dev.cairn.alarm.evaluate.Condition;
import dev.cairn.alarm.evaluate.Statistic;
import dev.cairn.alarm.metric.MetricFilter;
import dev.cairn.match.Severity;
import java.time.Duration;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * An alarm on a metric: a CloudWatch metric alarm ({@link #condition}) or an escalation ladder
 * ({@link #escalation}), exactly one of them.
 *
 * @param name unique among alarms
 * @param description free text, may be empty
 * @param metric the metric filter whose data it watches
 * @param statistic how a period's values become one
 * @param period a multiple of a minute
 * @param dimensions the one series to watch (exact dimension values); empty adds up every series of
 *     the metric — where CloudWatch, whose alarms name exact dimensions, would see no data at all
 * @param condition a CloudWatch alarm's threshold, N, M and missing-data treatment
 * @param escalation the ladder of levels
 * @param actions channel names by the state whose transition notifies them
 * @param severity of its ALARM notifications
 * @param account the AWS account to name in notifications; empty: the one behind the data, if one
 * @param region the region to name; empty: the one behind the data, if one
 */
public record AlarmDefinition(String name, String description, MetricFilter metric, Statistic statistic, Duration period,
    Map<String, String> dimensions, Optional<Condition> condition, Optional<Escalation> escalation,
    Map<AlarmState, List<String>> actions, Severity severity, Optional<String> account, Optional<String> region) {

  public AlarmDefinition {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(metric, "metric");
    Objects.requireNonNull(statistic, "statistic");
    Objects.requireNonNull(period, "period");
    Objects.requireNonNull(condition, "condition");
    Objects.requireNonNull(escalation, "escalation");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    dimensions = Collections.unmodifiableMap(new LinkedHashMap<>(dimensions));
    Map<AlarmState, List<String>> copy = new EnumMap<>(AlarmState.class);
    actions.forEach((state, channels) -> copy.put(state, List.copyOf(channels)));
    actions = Collections.unmodifiableMap(copy);
    if (condition.isPresent() == escalation.isPresent()) {
      throw new IllegalArgumentException("alarm " + name + ": expected a threshold or an escalation, exactly one");
    }
    if (period.isNegative() || period.isZero() || period.toMillis() % 60_000 != 0) {
      throw new IllegalArgumentException("alarm " + name + ": period must be a whole number of minutes, got " + period);
    }
  }

  /** The channels a transition into {@code state} notifies. */
  public List<String> actions(AlarmState state) {
    return actions.getOrDefault(state, List.of());
  }

  /**
   * A ladder of levels on one metric: the level is the highest whose {@code above} the value exceeds;
   * it falls back only when the value is at or below {@code above − hysteresis}, so a value hovering
   * at an edge does not flap.
   *
   * @param levels lowest first, {@code above} increasing
   * @param renotify while a level holds, tell its channels again this often; empty for never
   * @param delay how far behind the clock the window ends: the value at {@code t} is the statistic
   *     of the events of [{@code t − delay − period}, {@code t − delay}), so that the window is whole
   *     when CloudTrail's deliveries (every 5 minutes, up to 15 late) have arrived
   */
  public record Escalation(List<Level> levels, Optional<Duration> renotify, Duration delay) {
    public Escalation {
      levels = List.copyOf(levels);
      Objects.requireNonNull(renotify, "renotify");
      Objects.requireNonNull(delay, "delay");
      if (levels.isEmpty()) {
        throw new IllegalArgumentException("an escalation needs at least one level");
      }
      for (int i = 1; i < levels.size(); i++) {
        if (levels.get(i).above() <= levels.get(i - 1).above()) {
          throw new IllegalArgumentException("escalation levels must rise: " + levels.get(i).above() + " after "
              + levels.get(i - 1).above());
        }
      }
    }
  }

  /**
   * One level of a ladder.
   *
   * @param above the value must exceed this to reach the level
   * @param hysteresis how far below {@code above} the value must fall to leave it
   * @param channels the channels told when the level is reached or left
   */
  public record Level(double above, double hysteresis, List<String> channels) {
    public Level {
      channels = List.copyOf(channels);
      if (hysteresis < 0) {
        throw new IllegalArgumentException("hysteresis must not be negative, got " + hysteresis);
      }
    }
  }
}
