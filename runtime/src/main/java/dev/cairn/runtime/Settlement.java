package dev.cairn.runtime;

import dev.cairn.runtime.ProcessingFailure.Stage;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Collections;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The work items in flight and how each one ends: exactly once, {@code completed()} (acknowledge)
 * or {@code failed()} (leave for redelivery), whichever of a worker, a poller or a stop gets there
 * first. Thread-safety: any thread.
 */
final class Settlement {
  private static final Logger LOG = LoggerFactory.getLogger(Settlement.class);

  private final GuardedCallbacks callbacks;
  private final InstantSource clock;
  private final Set<Delivery> inFlight = ConcurrentHashMap.newKeySet();
  final LongAdder itemsReceived = new LongAdder();
  final LongAdder itemsCompleted = new LongAdder();
  final LongAdder itemsFailed = new LongAdder();
  /** Of {@link #itemsFailed}, those failed only because the engine stopped: they come back as they were. */
  final LongAdder itemsLeftAtStop = new LongAdder();

  Settlement(GuardedCallbacks callbacks, InstantSource clock) {
    this.callbacks = callbacks;
    this.clock = clock;
  }

  /** A poller received the item: it is in flight until settled. */
  void received(Delivery delivery) {
    inFlight.add(delivery);
    itemsReceived.increment();
    callbacks.itemReceived(delivery.name);
  }

  /** Items received and not yet settled. */
  Set<Delivery> inFlight() {
    return Collections.unmodifiableSet(inFlight);
  }

  /** Fails the item (left for redelivery) and reports why, unless it was already settled. */
  void fail(Delivery delivery, Stage stage, Optional<String> input, Throwable cause) {
    ProcessingFailure failure = new ProcessingFailure(stage, Optional.of(delivery.name), input, cause);
    if (stage == Stage.STOP) {
      LOG.info("{} left for redelivery: engine stopping", delivery.name);
    } else {
      LOG.warn("{}; left for redelivery", failure.describe(), cause);
    }
    if (settle(delivery, false, cause)) {
      if (stage == Stage.STOP) {
        itemsLeftAtStop.increment();
      }
      callbacks.exception(failure);
    }
  }

  /** Settles the item exactly once; false when it was already settled. */
  boolean settle(Delivery delivery, boolean success, Throwable cause) {
    if (!delivery.settle()) {
      return false;
    }
    try {
      if (success) {
        try {
          delivery.item.completed();
        } catch (RuntimeException e) {
          // The work was done, but the source could not forget the item: it comes back, and its
          // inputs' records say they are done.
          LOG.warn("{}: handled, but acknowledging it failed; it will be delivered again", delivery.name, e);
          itemsFailed.increment();
          callbacks.itemFailed(delivery.name, e);
          callbacks.exception(new ProcessingFailure(Stage.ACKNOWLEDGE, Optional.of(delivery.name), Optional.empty(), e));
          return true;
        }
        itemsCompleted.increment();
        callbacks.itemCompleted(delivery.name, Duration.between(delivery.receivedAt, clock.instant()));
      } else {
        try {
          delivery.item.failed(cause);
        } catch (RuntimeException e) {
          LOG.warn("{}: telling the source it failed failed too", delivery.name, e);
        }
        itemsFailed.increment();
        callbacks.itemFailed(delivery.name, cause);
      }
      return true;
    } finally {
      inFlight.remove(delivery);
    }
  }
}
