package dev.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The in-memory window of event ids: repeats in a batch, between batches, and after it is full. */
class RecentIdsTest {
  @Test
  void anIdTwiceInOneBatchIsClaimedOnce() {
    RecentIds recent = new RecentIds(100);
    long[] hashes = hashes("a", "b", "a");
    assertThat(recent.claim(hashes, 3)).containsExactly(true, true, false);
  }

  @Test
  void anIdClaimedByAnotherBatchIsARepeatUntilReleased() {
    RecentIds recent = new RecentIds(100);
    long[] a = hashes("a");
    boolean[] claimed = recent.claim(a, 1);
    assertThat(recent.claim(a, 1)).containsExactly(false);
    recent.release(a, claimed); // the first batch failed: the event will come again
    assertThat(recent.claim(a, 1)).containsExactly(true);
  }

  @Test
  void aHandledIdIsARepeatLater() {
    RecentIds recent = new RecentIds(100);
    long[] a = hashes("a", "b");
    recent.handled(a, recent.claim(a, 2));
    assertThat(recent.claim(hashes("b", "c"), 2)).containsExactly(false, true);
  }

  @Test
  void onlyTheCountFirstHashesAreClaimed() {
    RecentIds recent = new RecentIds(100);
    long[] hashes = hashes("a", "b", "c");
    assertThat(recent.claim(hashes, 2)).containsExactly(true, true);
    assertThat(recent.claim(hashes("c"), 1)).containsExactly(true);
  }

  @Test
  void remembersBetweenCapacityAndTwiceCapacityOfTheLatestIds() {
    RecentIds recent = new RecentIds(10);
    String[] ids = IntStream.range(0, 25).mapToObj(i -> "id-" + i).toArray(String[]::new);
    long[] all = hashes(ids);
    recent.handled(all, recent.claim(all, all.length));
    // 25 ids in generations of 10: the last 5 in the current table, the 10 before in the previous.
    boolean[] again = recent.claim(all, all.length);
    for (int i = 0; i < ids.length; i++) {
      assertThat(again[i]).as(ids[i]).isEqualTo(i < 10);
    }
  }

  private static long[] hashes(String... ids) {
    long[] hashes = new long[ids.length];
    for (int i = 0; i < ids.length; i++) {
      hashes[i] = RecentIds.hash(ids[i]);
    }
    return hashes;
  }
}
