package dev.cairn.runtime.state;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Metric data and alarm states, durable across restarts. Datapoints and samples enter with the
 * checkpoint that handles their events ({@link Checkpoint#metrics()}), in the same transaction, so
 * an event is counted exactly once however often its input is read; alarm states leave together
 * with the notifications of their transitions ({@link #recordAlarms}), so a transition is sent once
 * however often the process restarts.
 *
 * <p>Queries say what had arrived by when ({@code arrivedBy}): an evaluation replayed later sees
 * what a live one saw then.
 */
public interface MetricLog {
  /** Sample events kept per metric and minute of event time. */
  int SAMPLES_PER_MINUTE = 5;

  /**
   * The datapoints of {@code metric} whose minute is in [{@code from}, {@code to}) and which had
   * arrived by {@code arrivedBy}, in no particular order; one per (dimensions, minute, arrival
   * minute).
   */
  List<Datapoint> datapoints(String metric, Instant from, Instant to, Instant arrivedBy);

  /**
   * For each dimension value of {@code metric}, the latest minute any of its datapoints arrived at,
   * among those that arrived in ({@code after}, {@code arrivedBy}].
   */
  Map<String, Instant> lastArrivals(String metric, Instant after, Instant arrivedBy);

  /** Sample events of {@code metric} in [{@code from}, {@code to}) that had arrived by {@code arrivedBy}, oldest first, at most {@code limit}. */
  List<Sample> samples(String metric, Instant from, Instant to, Instant arrivedBy, int limit);

  /** Every alarm's recorded state, by name, as its owner wrote it. */
  Map<String, String> alarmStates();

  /**
   * Records, in one transaction, the alarms' new states and the alerts their transitions raise
   * (into the {@link Outbox}, as {@link Checkpoint#alerts()} are).
   */
  void recordAlarms(Map<String, String> states, List<Outbox.NewAlert> alerts, Instant at);

  /** Forgets datapoints and samples of minutes before {@code minute}; returns how many rows went. */
  int purge(Instant minute);
}
