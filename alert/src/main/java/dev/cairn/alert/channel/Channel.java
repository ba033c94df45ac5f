package dev.cairn.alert.channel;

import dev.cairn.alert.Alert;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Where alerts go: a Slack webhook, an Opsgenie integration, a mailbox. One instance per configured
 * channel ({@code channels.secops}), used by the delivery loop from one thread at a time per
 * channel (so an implementation needs no locking of its own) unless it allows more {@linkplain
 * #maxInFlight() in flight}, and paced by {@link #minInterval()}.
 *
 * <p>A channel renders the alert in its own shape, escaping every text once for that shape, within
 * the receiver's size limits (cut on code-point boundaries with an explicit {@code … (truncated, N
 * more)} marker), and never puts a secret (a webhook URL's token, an API key) in anything it
 * returns, logs or throws.
 */
public interface Channel {

  /** The configured name, e.g. {@code secops}. */
  String name();

  /** The type, e.g. {@code slack}: which template of a rule applies. */
  String type();

  /**
   * Least time between two requests to this channel (Slack: 1 s per webhook; Teams: 250 ms);
   * {@link Duration#ZERO} for none.
   */
  default Duration minInterval() {
    return Duration.ZERO;
  }

  /**
   * How many attempts may run at once. 1 (the default) sends the channel's deliveries one at a time
   * in the order they were made, which people reading a chat and receivers that pair a trigger with
   * its resolve need. A channel answering more must be thread-safe, and its receiver must neither
   * depend on order nor mind concurrent requests.
   */
  default int maxInFlight() {
    return 1;
  }

  /**
   * Most deliveries one attempt may carry. Above 1, the delivery loop hands the channel a run of
   * due deliveries at once ({@link #sendAll}) and records their outcomes in one write to the state
   * store: for a channel that is written to rather than called (the console, a file), the record of
   * each delivery cost more than the delivery. The price, after a {@code kill -9} between sending and
   * recording, is repeating up to this many deliveries instead of one. 1 (the default) for receivers
   * called over a network, which are paced and retried one delivery at a time.
   */
  default int maxBatch() {
    return 1;
  }

  /**
   * True when the receiver threads alerts by key (Opsgenie's alias, PagerDuty's dedup key): a group's
   * digest is then sent under the key of the group's first alert, so it lands on the same incident.
   * False (the default) when a key only deduplicates deliveries (a webhook's id): a digest has its own.
   */
  default boolean threadsByKey() {
    return false;
  }

  /**
   * Exactly what {@link #send} would send, for {@code cairn alerts preview}: the body, and the
   * headers that are not secret.
   */
  String preview(Alert alert, String idempotencyKey);

  /**
   * Sends the alert once. Never throws for a failed delivery: the result says whether to retry.
   *
   * @param idempotencyKey the same for every attempt of this (alert, channel): passed to receivers
   *     that deduplicate on it (Opsgenie alias, PagerDuty dedup key, Standard Webhooks id, SNS FIFO
   *     deduplication id)
   * @throws InterruptedException when the delivery loop is stopping
   */
  Attempt send(Alert alert, String idempotencyKey) throws InterruptedException;

  /**
   * Sends alerts in order ({@code idempotencyKeys} pairs with them), stopping after the first that
   * is not delivered; returns the attempts made, in order (the alerts after them were not tried).
   * Called with at most {@link #maxBatch()} alerts; the default sends them one by one.
   *
   * @throws InterruptedException when the delivery loop is stopping
   */
  default List<Attempt> sendAll(List<Alert> alerts, List<String> idempotencyKeys) throws InterruptedException {
    List<Attempt> attempts = new ArrayList<>(alerts.size());
    for (int i = 0; i < alerts.size(); i++) {
      Attempt attempt = send(alerts.get(i), idempotencyKeys.get(i));
      attempts.add(attempt);
      if (!(attempt instanceof Attempt.Delivered)) {
        break;
      }
    }
    return attempts;
  }
}
