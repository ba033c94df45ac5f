package dev.cairn.alert.outbox;

import dev.cairn.alert.Alert;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * The alerts made and not yet taken by every channel they go to, each with the JSON text it was
 * recorded as, so that the delivery loop can take the object instead of parsing the text again. Only
 * an exact match of the text counts: an alert made again for a redelivered event (a later {@code
 * created}) while the outbox keeps the first one is parsed from the outbox, so what is sent is always
 * what the outbox holds.
 *
 * <p>Why kept until taken rather than the latest N: when a channel falls behind (a burst of matches,
 * a slow receiver), the alerts it needs next are the oldest ones; a most-recent window then misses
 * every one of them, each miss costs a parse, and the channel falls further behind — in the SQS
 * benchmark two thirds of the delivery thread's time went to parsing. Here what is admitted stays
 * until its channels took it; when the budget is spent, new alerts are not admitted (they are parsed
 * when their turn comes), and entries not taken within {@link #STALE_NANOS} (a channel down, retries
 * pending) make room for new ones.
 *
 * <p>Memory: bounded by the JSON characters held, about a third of what the alerts occupy with their
 * records' trees.
 *
 * <p>Thread-safe: workers put, delivery attempts take, under this object's monitor.
 */
final class LatestAlerts {
  /** How long an entry may wait for its channels before newer alerts may displace it. */
  static final long STALE_NANOS = 120_000_000_000L;

  private static final class Made {
    final String json;
    final Alert alert;
    final long madeAt;
    int takes;

    Made(String json, Alert alert, long madeAt, int takes) {
      this.json = json;
      this.alert = alert;
      this.madeAt = madeAt;
      this.takes = takes;
    }
  }

  private final Map<String, Made> byId = new LinkedHashMap<>();
  private final long budgetChars;
  private final LongSupplier nanoTime;
  private long heldChars;

  /** @param budgetChars most JSON characters held at once */
  LatestAlerts(long budgetChars) {
    this(budgetChars, System::nanoTime);
  }

  LatestAlerts(long budgetChars, LongSupplier nanoTime) {
    this.budgetChars = budgetChars;
    this.nanoTime = nanoTime;
  }

  /** The budget for this JVM: a thirty-second of the heap's limit, between 2 and 32 million chars. */
  static long defaultBudget() {
    return Math.max(2L << 20, Math.min(32L << 20, Runtime.getRuntime().maxMemory() / 32));
  }

  /** Keeps an alert for {@code takes} deliveries (its channels); false when there is no room. */
  synchronized boolean put(String id, String json, Alert alert, int takes) {
    if (takes <= 0) {
      return false;
    }
    long now = nanoTime.getAsLong();
    if (heldChars + json.length() > budgetChars) {
      dropStale(now);
      if (heldChars + json.length() > budgetChars) {
        return false;
      }
    }
    Made old = byId.put(id, new Made(json, alert, now, takes));
    if (old != null) {
      heldChars -= old.json.length();
    }
    heldChars += json.length();
    return true;
  }

  /**
   * The alert made with this id and exactly this text, or null; each call takes one of its
   * deliveries, and the last one lets it go.
   */
  synchronized Alert take(String id, String json) {
    Made made = byId.get(id);
    if (made == null || !made.json.equals(json)) {
      return null;
    }
    if (--made.takes <= 0) {
      byId.remove(id);
      heldChars -= made.json.length();
    }
    return made.alert;
  }

  synchronized int size() {
    return byId.size();
  }

  private void dropStale(long now) {
    Iterator<Made> oldestFirst = byId.values().iterator();
    while (oldestFirst.hasNext()) {
      Made made = oldestFirst.next();
      if (now - made.madeAt < STALE_NANOS) {
        return;
      }
      oldestFirst.remove();
      heldChars -= made.json.length();
    }
  }
}
