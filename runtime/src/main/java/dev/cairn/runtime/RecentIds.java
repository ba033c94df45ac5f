package dev.cairn.runtime;

import java.util.Arrays;

/**
 * The engine's in-memory memory of event ids: the ids being handled right now ("claims"), and a
 * bounded window of the ids handled most recently. It catches the rare repeat of an event in a
 * different object (CloudTrail's occasional duplicate delivery, two trails feeding one queue)
 * without a durable write per event; repeats of whole objects are caught by progress per input, and
 * events acted on by the durable action log.
 *
 * <p>The window keeps 64-bit hashes of the ids, in two generations of open-addressing tables: when
 * the current one has {@code capacity} ids it becomes the previous one, and the oldest generation is
 * dropped. So between {@code capacity} and {@code 2 × capacity} of the latest ids are remembered,
 * in {@code 32 × capacity} bytes. A hash collision would make an unseen event look seen; with 64
 * bits and a million ids remembered that is about one lookup in 10<sup>13</sup>.
 *
 * <p>Ids are handled by batch, as their hashes: one hash per id, one monitor acquisition per batch
 * to claim and one to remember (per-id locking and a concurrent map of id strings cost a tenth of the
 * engine's CPU).
 *
 * <p>Thread-safety: everything is guarded by this object's monitor, held for a few array probes per
 * id of a batch.
 */
final class RecentIds {
  private final int capacity;
  // Guarded by this.
  private final LongSet claims = new LongSet();
  private long[] current;
  private long[] previous;
  private int currentSize;

  RecentIds(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be at least 1, got " + capacity);
    }
    this.capacity = capacity;
    int slots = Integer.highestOneBit(Math.max(4, capacity * 2 - 1)) << 1;
    this.current = new long[slots];
    this.previous = new long[slots];
  }

  /**
   * Claims the first {@code count} of {@code hashes} (see {@link #hash}). An id is
   * not claimed when it was handled recently or is claimed right now, by another batch or earlier in
   * this one; the caller drops its event as a repeat.
   *
   * @return whether each id was claimed
   */
  synchronized boolean[] claim(long[] hashes, int count) {
    boolean[] claimed = new boolean[count];
    for (int i = 0; i < count; i++) {
      long hash = hashes[i];
      if (!find(current, hash) && !find(previous, hash) && claims.add(hash)) {
        claimed[i] = true;
      }
    }
    return claimed;
  }

  /** The claimed ids were handled: remember them, and let go of their claims. */
  synchronized void handled(long[] hashes, boolean[] claimed) {
    for (int i = 0; i < claimed.length; i++) {
      if (claimed[i]) {
        add(hashes[i]);
        claims.remove(hashes[i]);
      }
    }
  }

  /** Lets go of claims without remembering the ids (their handling failed; they will come again). */
  synchronized void release(long[] hashes, boolean[] claimed) {
    for (int i = 0; i < claimed.length; i++) {
      if (claimed[i]) {
        claims.remove(hashes[i]);
      }
    }
  }

  private static boolean find(long[] table, long hash) {
    int mask = table.length - 1;
    for (int i = (int) hash & mask; ; i = (i + 1) & mask) {
      long slot = table[i];
      if (slot == hash) {
        return true;
      }
      if (slot == 0) {
        return false;
      }
    }
  }

  private void add(long hash) {
    if (find(current, hash)) {
      return;
    }
    if (currentSize == capacity) {
      long[] recycled = previous;
      Arrays.fill(recycled, 0);
      previous = current;
      current = recycled;
      currentSize = 0;
    }
    int mask = current.length - 1;
    int i = (int) hash & mask;
    while (current[i] != 0) {
      i = (i + 1) & mask;
    }
    current[i] = hash;
    currentSize++;
  }

  /** A 64-bit hash of the id's characters (FNV-1a, then a finaliser to spread the bits); never 0. */
  static long hash(String id) {
    long h = 0xcbf29ce484222325L;
    for (int i = 0; i < id.length(); i++) {
      h ^= id.charAt(i);
      h *= 0x100000001b3L;
    }
    h ^= h >>> 33;
    h *= 0xff51afd7ed558ccdL;
    h ^= h >>> 33;
    h *= 0xc4ceb9fe1a85ec53L;
    h ^= h >>> 33;
    return h == 0 ? 1 : h;
  }
}
