package dev.cairn.runtime.state;

import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Alerts waiting to be delivered, one delivery record per (alert, channel), durable across
 * restarts. Alerts enter with the checkpoint that marks their events handled ({@link
 * Checkpoint#alerts()}), in the same transaction, so a crash can never lose an alert nor leave its
 * events unhandled; deliveries leave it as {@link DeliveryStatus#DELIVERED} or {@link
 * DeliveryStatus#DEAD}. The store keeps alert bodies as opaque text (JSON written by the alerting
 * stage, never holding a secret) and never interprets them.
 *
 * <p>Grouping: an alert with a {@link Grouping} opens a group if none is open under its key (the
 * alert is delivered at once) and is otherwise recorded as a <em>member</em> of the open group,
 * without deliveries of its own; when the group's window ends, {@link #closeGroup} records the
 * digest that stands for its members. Every member stays listable.
 */
public interface Outbox {

  /**
   * Pending deliveries to {@code channel} whose next attempt is due at {@code now}, the
   * longest-waiting first, at most {@code limit}. Per channel, so that a channel with a long backlog
   * never hides another's.
   */
  List<PendingDelivery> due(String channel, Instant now, int limit);

  /** When the next pending delivery to {@code channel} is due, if any is pending. */
  Optional<Instant> nextDue(String channel);

  /** True while any delivery is pending (cheap: what a drain polls). */
  boolean anyPending();

  /** The channel accepted the alert. */
  void delivered(String alertId, String channel, int attempts, Instant at);

  /**
   * The channel accepted these alerts (each with its attempt count, by alert id), recorded at once:
   * a store records them all or none.
   */
  void delivered(Map<String, Integer> attemptsByAlert, String channel, Instant at);

  /** The attempt failed for a reason that may pass: try again at {@code next}. */
  void retryAt(String alertId, String channel, int attempts, Instant next, String error, Instant at);

  /** The channel refused it for good, or the retry budget is spent. */
  void dead(String alertId, String channel, int attempts, String error, Instant at);

  /** Dead deliveries back to pending, due at once with a fresh retry budget; returns how many. */
  int requeueDead(Collection<String> alertIds, Instant at);

  /** Every dead delivery back to pending, as {@link #requeueDead}; returns how many. */
  int requeueAllDead(Instant at);

  /** Groups whose window ended at or before {@code now}, oldest first. */
  List<OpenGroup> groupsEndedBy(Instant now);

  /**
   * Closes a group whose window ended; {@code digest}, when given, stands for its members and is
   * delivered to the group's channels (it is not given when the group had no members).
   */
  void closeGroup(String key, Optional<NewAlert> digest, Instant at);

  /** Alerts created at or after {@code since}, newest first, at most {@code limit}; only those with a dead delivery when asked. */
  List<AlertRecord> alerts(Instant since, boolean deadOnly, int limit);

  /** Deliveries by status, for metrics and drains. */
  Map<DeliveryStatus, Long> counts();

  /** Pending deliveries to {@code channel}, for metrics. */
  long pending(String channel);

  /** Where a delivery stands. */
  enum DeliveryStatus {
    /** Not delivered yet; tried again when due. */
    PENDING,
    /** The channel accepted it. */
    DELIVERED,
    /** Refused for good, or out of retries: {@code cairn alerts retry} puts it back. */
    DEAD
  }

  /**
   * An alert to be recorded with a checkpoint.
   *
   * @param id the idempotency key: the same alert (same rule and event, or same group window)
   *     always gets the same id, so recording it twice records it once
   * @param rule the rule that fired
   * @param created when it was made
   * @param body the alert, as the alerting stage writes it (JSON)
   * @param channels the channels to deliver it to, by name
   * @param grouping when the alert is grouped
   */
  record NewAlert(String id, String rule, Instant created, String body, List<String> channels,
      Optional<Grouping> grouping) {
    public NewAlert {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(created, "created");
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(grouping, "grouping");
      channels = List.copyOf(channels);
    }
  }

  /**
   * How an alert is grouped: alerts under the same key within {@code window} of the first one are
   * members of one group, summed up by one digest at the end.
   */
  record Grouping(String key, Duration window) {
    public Grouping {
      Objects.requireNonNull(key, "key");
      Objects.requireNonNull(window, "window");
    }
  }

  /** A delivery to attempt. */
  record PendingDelivery(String alertId, String channel, String body, int attempts, Instant queued) {}

  /**
   * A group whose window ended.
   *
   * @param firstAlert the id of the alert that opened it (delivered at once)
   * @param members the bodies of the alerts recorded as members since, oldest first
   */
  record OpenGroup(String key, String firstAlert, Instant opened, Instant closes, List<String> channels,
      List<String> members) {}

  /** An alert and how its deliveries stand. */
  record AlertRecord(String id, String rule, Instant created, String body, Optional<String> group,
      boolean member, List<DeliveryRecord> deliveries) {}

  /** One (alert, channel) delivery. */
  record DeliveryRecord(String channel, DeliveryStatus status, int attempts, Optional<Instant> next,
      Optional<String> lastError, Instant updated) {}
}
