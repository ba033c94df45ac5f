package dev.cairn.runtime;

import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.source.WorkItem;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One work item from the moment a poller receives it until it is settled, with the downloads of its
 * remote inputs. Settling is a compare-and-set, so exactly one of the item's {@code completed} or
 * {@code failed} is called, whatever races with a stop.
 */
final class Delivery {
  final WorkItem item;
  final String name;
  final Instant receivedAt;
  private final AtomicBoolean settled = new AtomicBoolean();
  /** Downloads of remote inputs, by input. Guarded by itself. */
  private final IdentityHashMap<Input, Prefetcher.Fetch> fetches = new IdentityHashMap<>();

  Delivery(WorkItem item, Instant receivedAt) {
    this.item = item;
    this.receivedAt = receivedAt;
    String described;
    try {
      described = item.describe();
    } catch (RuntimeException e) {
      described = item.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(item));
    }
    this.name = described;
  }

  /** Starts downloading the item's remote inputs. */
  void prefetch(Prefetcher prefetcher) {
    synchronized (fetches) {
      for (Input input : item.inputs()) {
        if (input.remote() && !settled.get()) {
          fetches.put(input, prefetcher.submit(input));
        }
      }
    }
  }

  /** The download of {@code input}, or null when it is read where it is decoded. */
  Prefetcher.Fetch fetch(Input input) {
    synchronized (fetches) {
      return fetches.get(input);
    }
  }

  boolean settled() {
    return settled.get();
  }

  /** True for the one caller that settles the item; its downloads are dropped then. */
  boolean settle() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    synchronized (fetches) {
      fetches.values().forEach(Prefetcher.Fetch::cancel);
    }
    return true;
  }
}
