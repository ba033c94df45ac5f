package dev.cairn.runtime.state;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One atomic step of progress: an input handled up to a position (or to its end), with the keys of
 * the events acted on since the last checkpoint, the alerts they raised and the metric data they gave.
 *
 * @param input the input's key; empty for events that have no object behind them (an EventBridge
 *     event carried in a queue message), which record only their action keys
 * @param version the input's version (see {@link InputState#version()})
 * @param position how many of the input's events are handled
 * @param done true when the input was read to its end: it becomes {@link InputState.Status#DONE}
 * @param actionKeys keys of events acted on, to be remembered until {@code actionsExpire}
 * @param actionsExpire when the action keys may be forgotten
 * @param alerts alerts to deliver, recorded in the {@link Outbox} in the same transaction
 * @param at the time of the checkpoint
 * @param metrics metric datapoints and samples of the events handled, recorded in the {@link
 *     MetricLog} in the same transaction
 * @param archive how much of an archive journal segment the events handled so far fill (see {@link
 *     ArchiveLedger}); empty when nothing was archived since the last checkpoint
 */
public record Checkpoint(Optional<String> input, Optional<String> version, long position, boolean done,
    List<String> actionKeys, Instant actionsExpire, List<Outbox.NewAlert> alerts, Instant at, MetricBatch metrics,
    Optional<ArchiveMark> archive) {

  /** A checkpoint that records no metric data and archives nothing. */
  public Checkpoint(Optional<String> input, Optional<String> version, long position, boolean done,
      List<String> actionKeys, Instant actionsExpire, List<Outbox.NewAlert> alerts, Instant at) {
    this(input, version, position, done, actionKeys, actionsExpire, alerts, at, MetricBatch.EMPTY, Optional.empty());
  }

  /** A checkpoint that archives nothing. */
  public Checkpoint(Optional<String> input, Optional<String> version, long position, boolean done,
      List<String> actionKeys, Instant actionsExpire, List<Outbox.NewAlert> alerts, Instant at, MetricBatch metrics) {
    this(input, version, position, done, actionKeys, actionsExpire, alerts, at, metrics, Optional.empty());
  }

  /** A checkpoint that records no metric data. */
  public Checkpoint(Optional<String> input, Optional<String> version, long position, boolean done,
      List<String> actionKeys, Instant actionsExpire, List<Outbox.NewAlert> alerts, Instant at,
      Optional<ArchiveMark> archive) {
    this(input, version, position, done, actionKeys, actionsExpire, alerts, at, MetricBatch.EMPTY, archive);
  }

  /** A checkpoint that raises no alerts. */
  public Checkpoint(Optional<String> input, Optional<String> version, long position, boolean done,
      List<String> actionKeys, Instant actionsExpire, Instant at) {
    this(input, version, position, done, actionKeys, actionsExpire, List.of(), at);
  }

  public Checkpoint {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(actionsExpire, "actionsExpire");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(metrics, "metrics");
    Objects.requireNonNull(archive, "archive");
    actionKeys = List.copyOf(actionKeys);
    alerts = List.copyOf(alerts);
    if (position < 0) {
      throw new IllegalArgumentException("position must be >= 0, got " + position);
    }
    if (input.isEmpty() && done) {
      throw new IllegalArgumentException("a checkpoint without an input cannot finish one");
    }
  }
}
