package dev.cairn.archive.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentsTest {
  @TempDir Path tmp;

  /** What a reader does: appends {@code bytes}, stages and commits them (as SegmentJournal does). */
  private static void commit(Segment s, int bytes) throws IOException {
    s.write(new byte[bytes], 0, bytes);
    s.committed = s.stage();
  }

  @Test
  void readersRotateEarlyOnlyForAFlushTheRetiredSegmentsDoNotFill() throws IOException {
    Segments segments = new Segments(tmp, 100);
    Segment full = segments.lease();
    commit(full, 150);
    assertThat(segments.rotateAfterCommit(full)).as("past rotateBytes").isTrue();
    Segment reading = segments.lease();
    commit(reading, 10);
    assertThat(segments.rotateAfterCommit(reading)).isFalse();

    // A backlog: the retired segment fills the flush, so the reader goes on in its segment.
    assertThat(segments.take(100, true)).containsExactly(full);
    reading.write(new byte[5], 0, 5);
    assertThat(segments.full(reading)).isFalse();
    commit(reading, 5);
    assertThat(segments.rotateAfterCommit(reading)).isFalse();

    // A flush due by age finds too little retired: the segment leased now rotates at its next
    // commit, so the next flush takes its rows; a segment leased afterwards does not.
    assertThat(segments.take(100, true)).isEmpty();
    reading.write(new byte[5], 0, 5);
    assertThat(segments.full(reading)).isTrue();
    Segment later = segments.lease();
    later.write(new byte[5], 0, 5);
    assertThat(segments.full(later)).isFalse();
    commit(reading, 0);
    assertThat(segments.rotateAfterCommit(reading)).isTrue();
    assertThat(segments.take(100, true)).containsExactly(reading); // too little again: asks `later`
    later.write(new byte[5], 0, 5);
    assertThat(segments.full(later)).isTrue();
    segments.stopRotating(); // the loop found no flush due after all
    assertThat(segments.full(later)).isFalse();
    commit(later, 0);
    assertThat(segments.rotateAfterCommit(later)).isFalse();
    assertThat(List.of(full.committed, reading.committed)).containsExactly(150L, 25L);
  }
}
