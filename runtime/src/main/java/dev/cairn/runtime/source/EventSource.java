package dev.cairn.runtime.source;

import java.io.Closeable;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;

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

  /**
   * The poll wait that suits this source, used by the engine unless the user set one: an SQS source
   * long-polls for many seconds at no cost, a folder scan should come back soon. Empty: the engine's
   * default.
   */
  default Optional<Duration> suggestedPollWait() {
    return Optional.empty();
  }

  /**
   * How many threads should poll this source at once, used by the engine unless the user set it:
   * more than one hides the round trip of a remote receive behind the previous one. Empty: the
   * engine's default.
   */
  default OptionalInt suggestedPollers() {
    return OptionalInt.empty();
  }

  /**
   * What keeps {@link #drained()} false, for a drain that gives up: e.g. {@code 3 messages in flight
   * (not visible), 0 visible, 0 delayed}. Empty (the default) when the source cannot tell.
   */
  default String backlog() {
    return "";
  }

  /**
   * How long the progress record of a finished input must be kept: as long as the input can be
   * delivered again. An SQS queue keeps a message at most 14 days, so an S3-based source needs its
   * records ({@code s3://...}) for about that long; a folder's files stay, so their records stay too
   * (empty, the default).
   */
  default Optional<ProgressRetention> progressRetention() {
    return Optional.empty();
  }

  /**
   * Progress records under {@code keyPrefix} of inputs finished more than {@code keep} ago may be
   * forgotten.
   */
  record ProgressRetention(String keyPrefix, Duration keep) {}

  /** Stops polling; in-flight items may still be completed or failed afterwards. */
  @Override
  void close() throws IOException;
}
