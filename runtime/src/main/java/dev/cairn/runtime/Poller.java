package dev.cairn.runtime;

import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.source.WorkItem;
import dev.cairn.runtime.state.StateStoreException;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One poller thread: polls the source, turns each item into a {@link Delivery}, starts its
 * downloads, and puts it into the engine's queue, blocking while the queue is full (back-pressure).
 * On a poll failure it backs off (100 ms doubling to {@code maxBackoff}), logging each cause once
 * ({@link PollTrouble}). The first poller also does
 * the housekeeping: now and then it purges expired action keys and progress records no source can
 * redeliver.
 */
final class Poller implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Poller.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);

  private final Pipeline engine;
  private final Settings settings;
  private final boolean housekeeper;
  private Instant lastPurge = Instant.MIN;

  Poller(Pipeline engine, boolean housekeeper) {
    this.engine = engine;
    this.settings = engine.settings;
    this.housekeeper = housekeeper;
  }

  @Override
  public void run() {
    try {
      poll();
    } catch (Error e) {
      engine.died(e);
    }
  }

  private void poll() {
    Duration backoff = FIRST_BACKOFF;
    while (engine.running()) {
      List<Delivery> deliveries = null;
      try {
        List<WorkItem> items = settings.source().poll(settings.pollWait());
        backoff = FIRST_BACKOFF;
        if (engine.running()) { // a source closed by stop() answers with nothing: not a recovery
          engine.pollTrouble.succeeded();
        }
        deliveries = receive(items);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (!engine.running()) {
          return;
        }
        String cause = e instanceof IOException && e.getMessage() != null ? e.getMessage() : e.toString();
        engine.pollTrouble.failed(cause, e, backoff, settings.maxBackoff(), settings.clock().instant());
        engine.callbacks.exception(new ProcessingFailure(Stage.POLL, Optional.empty(), Optional.empty(), e));
      }
      if (deliveries == null) {
        try {
          if (engine.awaitStop(backoff.toMillis())) {
            return;
          }
        } catch (InterruptedException e) {
          return;
        }
        backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
        continue;
      }
      for (int i = 0; i < deliveries.size(); i++) {
        try {
          if (!engine.running()) {
            throw new InterruptedException();
          }
          engine.queue.put(deliveries.get(i)); // blocks while the queue is full: back-pressure on polling
        } catch (InterruptedException e) {
          failUnqueued(deliveries.subList(i, deliveries.size()));
          return;
        }
      }
      if (housekeeper) {
        purgeIfDue();
      }
    }
  }

  private List<Delivery> receive(List<WorkItem> items) {
    List<Delivery> deliveries = new ArrayList<>(items.size());
    for (WorkItem item : items) {
      Delivery delivery = new Delivery(item, settings.clock().instant());
      engine.settlement.received(delivery);
      if (engine.prefetcher != null) {
        delivery.prefetch(engine.prefetcher);
      }
      deliveries.add(delivery);
    }
    return deliveries;
  }

  private void failUnqueued(List<Delivery> deliveries) {
    for (Delivery delivery : deliveries) {
      engine.settlement.fail(delivery, Stage.STOP, Optional.empty(), new InterruptedException("stopped before it was queued"));
    }
  }

  /** Now and then: forget expired action keys and progress records no source can redeliver. */
  private void purgeIfDue() {
    Instant now = settings.clock().instant();
    if (lastPurge.plus(settings.purgeInterval()).isAfter(now)) {
      return;
    }
    lastPurge = now;
    try {
      int purged = settings.store().actions().purgeExpired(now);
      int forgotten = settings.source().progressRetention()
          .map(r -> settings.store().inputs().forget(r.keyPrefix(), now.minus(r.keep()))).orElse(0);
      if (purged + forgotten > 0) {
        LOG.debug("purged {} expired action key(s) and {} old progress record(s)", purged, forgotten);
      }
    } catch (StateStoreException e) {
      LOG.warn("purging old state failed; will retry in {}: {}", settings.purgeInterval(), e.getMessage());
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
