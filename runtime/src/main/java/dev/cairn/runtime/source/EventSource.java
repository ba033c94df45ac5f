package dev.cairn.runtime.source;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Where work comes from: an SQS queue, a watched folder.
 *
 * <p>Thread-safety: {@link #poll} may be called from several poller threads at once (SQS competing
 * consumers); {@link #close} may be called from any thread and makes blocked polls return soon.
 */
public interface EventSource extends Closeable {

  /**
   * Waits up to {@code maxWait} for work and returns what arrived, possibly nothing.
   *
   * @throws IOException when the source could not be reached (the caller logs and retries with
   *     backoff; the source is not closed)
   */
  List<WorkItem> poll(Duration maxWait) throws IOException, InterruptedException;

  /**
   * True once the source has nothing more and will have nothing more without outside change:
   * used by {@code --drain} (queue empty / folder done). A live source may simply return false.
   *
   * <p>Must stay false while an item this source returned from {@link #poll} is neither completed
   * nor failed: the engine checks its own in-flight count and then this, and an item a poller has
   * just received may not be counted by the engine yet. Cheap, non-blocking, any thread.
   */
  boolean drained();

  /** Stops polling; in-flight items may still be completed or failed afterwards. */
  @Override
  void close() throws IOException;
}
