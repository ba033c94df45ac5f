package dev.cairn.alarm;

import dev.cairn.alarm.metric.FilterMeasurer;
import dev.cairn.alarm.metric.MetricFilter;
import dev.cairn.alert.Alert;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.InvalidRulesException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Everything about metrics and alarms a config declares: metric filters, alarms on them
 * (thresholds and escalation ladders), silences, and the heartbeat. Build with {@link
 * AlarmConfig#alarms}.
 */
public record Alarms(List<MetricFilter> metrics, List<AlarmDefinition> alarms, List<Silence> silences,
    Optional<Heartbeat> heartbeat) {
  /** Nothing declared. */
  public static final Alarms NONE = new Alarms(List.of(), List.of(), List.of(), Optional.empty());

  public Alarms {
    metrics = List.copyOf(metrics);
    alarms = List.copyOf(alarms);
    silences = List.copyOf(silences);
    Objects.requireNonNull(heartbeat, "heartbeat");
  }

  public boolean isEmpty() {
    return metrics.isEmpty() && alarms.isEmpty() && silences.isEmpty() && heartbeat.isEmpty();
  }

  /**
   * The engine's measurer for these metrics (and every event's arrival, when there are silences).
   *
   * @param enrich the facts of an event, for contributor counts and samples
   */
  public FilterMeasurer measurer(Function<CloudTrailEvent, Alert.Facts> enrich) throws InvalidRulesException {
    return FilterMeasurer.of(metrics, enrich, !silences.isEmpty());
  }

  /**
   * How long metric data must be kept: the longest evaluation range (periods × range) of any alarm
   * or silence, plus a day for data that arrives late.
   */
  public Duration retention() {
    Duration longest = Duration.ofHours(1);
    for (AlarmDefinition a : alarms) {
      int periods = a.condition().map(c -> c.range()).orElse(1);
      Duration range = a.period().multipliedBy(periods);
      longest = range.compareTo(longest) > 0 ? range : longest;
    }
    for (Silence s : silences) {
      longest = s.after().compareTo(longest) > 0 ? s.after() : longest;
    }
    return longest.plusDays(1);
  }
}
