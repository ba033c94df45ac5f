package dev.cairn.runtime;

/**
 * A set of non-zero longs in one array (open addressing, linear probing, deletion by shifting back
 * the entries after the removed one): {@link RecentIds}'s claims, which a boxed {@code HashMap}
 * made cost a few percent of the engine's CPU. Grows to keep at most half of its slots full.
 *
 * <p>Not thread-safe: {@link RecentIds} guards it.
 */
final class LongSet {
  private long[] slots = new long[64];
  private int size;

  /** Adds {@code value} (not 0): false when it was there already. */
  boolean add(long value) {
    int mask = slots.length - 1;
    int i = (int) value & mask;
    while (slots[i] != 0) {
      if (slots[i] == value) {
        return false;
      }
      i = (i + 1) & mask;
    }
    slots[i] = value;
    if (++size * 2 > slots.length) {
      grow();
    }
    return true;
  }

  boolean contains(long value) {
    int mask = slots.length - 1;
    for (int i = (int) value & mask; slots[i] != 0; i = (i + 1) & mask) {
      if (slots[i] == value) {
        return true;
      }
    }
    return false;
  }

  /** Removes {@code value} if present. */
  void remove(long value) {
    int mask = slots.length - 1;
    int i = (int) value & mask;
    while (slots[i] != value) {
      if (slots[i] == 0) {
        return;
      }
      i = (i + 1) & mask;
    }
    // Shift back every later entry of the run that the hole would cut off from its home slot.
    int hole = i;
    for (int j = (hole + 1) & mask; slots[j] != 0; j = (j + 1) & mask) {
      int home = (int) slots[j] & mask;
      boolean reachable = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (!reachable) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole] = 0;
    size--;
  }

  int size() {
    return size;
  }

  private void grow() {
    long[] old = slots;
    slots = new long[old.length * 2];
    size = 0;
    for (long value : old) {
      if (value != 0) {
        add(value);
      }
    }
  }
}
