package dev.cairn.archive.write;

import dev.cairn.archive.Format;
import java.time.Duration;
import java.time.Instant;

/**
 * Told of every flush the {@link ArchiveWriter} finishes or fails, for metrics and logs. Levels
 * (rows and bytes staged, the age of the oldest) are read from {@link ArchiveWriter#stats()}.
 *
 * <pre>{@code
 * writer.listen(new ArchiveListener() {
 *   public void flushed(Flushed f) { rows.increment(f.rows()); }
 *   public void flushFailed(String to, Throwable cause) { failures.increment(); }
 * });
 * writer.start();
 * }</pre>
 *
 * <p>Threads: called on the thread that flushed (the flush thread, or the caller of {@link
 * ArchiveWriter#flushAll} or {@link ArchiveWriter#close}), one call at a time; calls must be quick
 * and must not throw.
 */
public interface ArchiveListener {
  /** Hears nothing. */
  ArchiveListener NONE = new ArchiveListener() {};

  /** A flush committed its part files and recorded itself as finished. */
  default void flushed(Flushed flush) {}

  /**
   * A flush failed: its rows stay staged (and a recorded plan is carried out again), so nothing is
   * lost; the flush thread retries with a backoff.
   *
   * @param to the archive's root
   */
  default void flushFailed(String to, Throwable cause) {}

  /**
   * One finished flush.
   *
   * @param to where its parts went (the archive's root when it was planned)
   * @param format the parts' format
   * @param parts part files committed
   * @param rows rows in them
   * @param bytes bytes of them, as committed
   * @param took from reading the journal to the flush being recorded
   * @param at when it was recorded
   */
  record Flushed(String to, Format format, int parts, long rows, long bytes, Duration took, Instant at) {}
}
