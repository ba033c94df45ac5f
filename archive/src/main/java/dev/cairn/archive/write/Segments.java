package dev.cairn.archive.write;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * The journal's segments: a pool of idle ones readers lease (one reader per segment at a time, so
 * a segment's bytes are one reader's rows after another's), and the retired ones waiting for a
 * flush. A segment is retired when it is big enough ({@code rotateBytes}), when its reader ended
 * with rows it did not commit, when the flusher takes it (idle, with committed rows), or when a
 * flush that the retired ones do not fill asked the ones leased then to rotate at their next
 * checkpoint.
 *
 * <p>Thread-safe: every method synchronises on the pool.
 */
final class Segments {
  private final Path dir;
  private final String run = Long.toString(System.currentTimeMillis(), 36) + "-"
      + UUID.randomUUID().toString().substring(0, 8);
  private final long rotateBytes;
  private final Deque<Segment> idle = new ArrayDeque<>();
  private final Set<Segment> leased = new HashSet<>();
  private final List<Segment> retired = new ArrayList<>();
  /** Taken by the flush in progress (still staged until it finishes). */
  private final List<Segment> flushing = new ArrayList<>();
  private long next;

  Segments(Path dir, long rotateBytes) {
    this.dir = dir;
    this.rotateBytes = rotateBytes;
  }

  /** File names of this run's segments start with this; others are left-overs. */
  String run() {
    return run;
  }

  synchronized Segment lease() {
    Segment s = idle.pollFirst();
    if (s == null) {
      try {
        s = Segment.create(dir, run + "-" + String.format("%06d", next++) + ".tsv");
      } catch (IOException e) {
        throw new UncheckedIOException("archive: cannot create a journal segment in " + dir + ": " + e.getMessage(), e);
      }
    }
    leased.add(s);
    return s;
  }

  /** Back from a reader: {@code clean} when everything it wrote was committed. */
  synchronized void release(Segment s, boolean clean) {
    leased.remove(s);
    if (!clean || s.broken || s.committed >= rotateBytes) {
      retire(s);
    } else {
      s.rotate = false; // take() retires an idle segment's committed rows itself
      idle.addFirst(s);
    }
  }

  /** True when the reader holding {@code s} should commit and hand it in now. */
  synchronized boolean full(Segment s) {
    return s.written() >= rotateBytes || (s.rotate && s.written() > s.committed);
  }

  /** After a commit by its reader: whether the reader must stop using it (it was retired). */
  synchronized boolean rotateAfterCommit(Segment s) {
    if (s.committed >= rotateBytes || (s.rotate && s.committed > 0)) {
      leased.remove(s);
      retire(s);
      return true;
    }
    return false;
  }

  private void retire(Segment s) {
    s.closeFile();
    retired.add(s);
  }

  /** A segment of an earlier run, waiting for a flush. */
  synchronized void addLeftOver(String name, long length, Instant at) {
    retired.add(Segment.leftOver(dir, name, length, at));
  }

  /**
   * Retires the idle segments holding committed rows and takes retired segments for a flush, at
   * most about {@code maxBytes} of them (at least one). When {@code rotateLeasedToo} and they do not
   * fill the flush, the segments leased now rotate at their next commit, so that the next flush
   * finds their rows (a flush due by age must not wait for readers that go on and on).
   *
   * <p>Only when they do not fill it: asking every reader to rotate at each flush of a backlog
   * made each batch its own checkpoint, journal sync and segment file (a flush that found 64 MB
   * retired left readers rotating until the next one, which again found 64 MB).
   */
  synchronized List<Segment> take(long maxBytes, boolean rotateLeasedToo) {
    for (var it = idle.iterator(); it.hasNext(); ) {
      Segment s = it.next();
      if (s.committed > 0) {
        it.remove();
        retire(s);
      }
    }
    List<Segment> taken = new ArrayList<>();
    long bytes = 0;
    for (var it = retired.iterator(); it.hasNext(); ) {
      Segment s = it.next();
      if (!taken.isEmpty() && bytes + s.committed > maxBytes) {
        bytes = maxBytes; // full: what is left waits for the next flush
        break;
      }
      taken.add(s);
      bytes += s.committed;
      it.remove();
    }
    if (rotateLeasedToo && bytes < maxBytes) {
      for (Segment s : leased) {
        s.rotate = true;
      }
    }
    flushing.addAll(taken);
    return taken;
  }

  /** No flush is due: leased segments need not rotate at their next commit any more. */
  synchronized void stopRotating() {
    for (Segment s : leased) {
      s.rotate = false;
    }
  }

  /** Puts segments back after a flush that failed before planning them. */
  synchronized void giveBack(List<Segment> segments) {
    flushing.removeAll(segments);
    retired.addAll(0, segments);
  }

  /** The flush of {@code segments} finished: they are no longer staged. */
  synchronized void flushed(List<Segment> segments) {
    flushing.removeAll(segments);
  }

  /**
   * After a recorded plan was carried out again: drops the retired segments it consumed (those no
   * longer {@code recorded}), which would otherwise count as staged until the next flush deletes them.
   */
  synchronized void retainRecorded(Set<String> recorded) {
    retired.removeIf(s -> !recorded.contains(s.name));
  }

  /** Rows and bytes committed and not yet flushed, the flush in progress included (for metrics). */
  synchronized long[] staged() {
    long rows = 0;
    long bytes = 0;
    for (Segment s : unflushed(true)) {
      rows += s.committedRows;
      bytes += s.committed;
    }
    return new long[] {rows, bytes};
  }

  /** Committed bytes not yet flushed, anywhere in the pool. */
  synchronized long pendingBytes() {
    long total = 0;
    for (Segment s : unflushed(false)) {
      total += s.committed;
    }
    return total;
  }

  /** When the oldest committed row not yet flushed was committed, or null; {@code flushing} ones too if asked. */
  synchronized Instant oldestCommit() {
    return oldestCommit(false);
  }

  synchronized Instant oldestCommit(boolean withFlushing) {
    Instant oldest = null;
    for (Segment s : unflushed(withFlushing)) {
      Instant t = s.firstCommit;
      if (t != null && (oldest == null || t.isBefore(oldest))) {
        oldest = t;
      }
    }
    return oldest;
  }

  /** Every segment whose rows are not yet in a part: idle, leased and retired; being flushed too if asked. */
  private List<Segment> unflushed(boolean withFlushing) {
    List<Segment> all = new ArrayList<>(idle.size() + leased.size() + retired.size() + flushing.size());
    all.addAll(idle);
    all.addAll(leased);
    all.addAll(retired);
    if (withFlushing) {
      all.addAll(flushing);
    }
    return all;
  }

  synchronized boolean anyLeased() {
    return !leased.isEmpty();
  }

  /** Closes every file (at shutdown, after the last flush). */
  synchronized void closeAll() {
    idle.forEach(Segment::closeFile);
    leased.forEach(Segment::closeFile);
    retired.forEach(Segment::closeFile);
  }
}
