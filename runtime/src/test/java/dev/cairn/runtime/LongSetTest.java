package dev.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** {@link LongSet} against {@link HashSet}: the same answers over random adds, lookups and removals. */
class LongSetTest {

  @Test
  void behavesAsAHashSet() {
    Random random = new Random(7);
    for (int round = 0; round < 20; round++) {
      LongSet set = new LongSet();
      Set<Long> expected = new HashSet<>();
      // Few distinct values with clustered low bits, so that runs collide and removals shift entries.
      int range = 8 + random.nextInt(500);
      for (int op = 0; op < 20_000; op++) {
        long value = 1 + random.nextInt(range) * (random.nextBoolean() ? 64L : 1L);
        switch (random.nextInt(3)) {
          case 0 -> assertThat(set.add(value)).isEqualTo(expected.add(value));
          case 1 -> {
            set.remove(value);
            expected.remove(value);
          }
          default -> assertThat(set.contains(value)).as("contains %d", value).isEqualTo(expected.contains(value));
        }
        assertThat(set.size()).isEqualTo(expected.size());
      }
      for (Long value : expected) {
        assertThat(set.contains(value)).isTrue();
      }
    }
  }
}
