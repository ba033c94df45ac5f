package dev.cairn.runtime;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.runtime.state.ArchiveMark;
import java.util.List;
import java.util.Optional;

/**
 * Keeps the events the engine handles, written down with the same checkpoints as the inputs they
 * come from, so that what is kept matches what is handled exactly: set with {@link
 * CairnProcessor.Builder#archiver}. The {@code archive} module implements it.
 *
 * <p>For each input a reader opens a {@link Journal}; the events of each handled batch are
 * {@linkplain Journal#append appended} to it; at every checkpoint the journal is {@linkplain
 * Journal#stage staged} (made durable, named by an {@link ArchiveMark}) and the mark is recorded in
 * the checkpoint's transaction together with the input's position; after that transaction commits,
 * the journal is told so ({@link Journal#committed}). A crash between appending and committing
 * leaves appended bytes that no mark covers: they are ignored, and the input is read again from the
 * position recorded with the last mark.
 *
 * <p>Called on worker threads, concurrently for different inputs; one journal is used by one
 * worker at a time. A thrown exception fails the work item, as an events processor's does.
 */
public interface Archiver {

  /**
   * A journal for one reading of one input.
   *
   * @param inputName the input, for messages
   * @param progressKey the input's progress key; empty for events with no object behind them (an
   *     EventBridge event in an SQS message), which are archived at most once by their eventID
   */
  Journal open(String inputName, Optional<String> progressKey);

  /** The record fields {@link Journal#append} reads, beyond the core ones: decoding parses them up front. */
  default RecordFields recordFields() {
    return RecordFields.core();
  }

  /** One reading of one input. Not thread-safe: used by the worker reading the input. */
  interface Journal {

    /**
     * Appends the rows of a handled batch: {@code events} in input order (never empty) and the
     * matches among them (possibly none), before the batch counts as handled.
     */
    void append(List<CloudTrailEvent> events, List<Match> matches);

    /**
     * Makes what was appended since the last stage durable and returns the mark the next
     * checkpoint records, or empty when there is nothing new to record.
     */
    Optional<ArchiveMark> stage();

    /** Keys of events archived since the last stage, to be recorded as acted on (keyless inputs only). */
    default List<String> actionKeys() {
      return List.of();
    }

    /** The checkpoint holding the last staged mark committed. */
    void committed();

    /** True when the journal would rather have a checkpoint now (its segment is full). */
    default boolean wantsCheckpoint() {
      return false;
    }

    /** Reading ended, finished or not: what was appended and not committed is dropped. Never throws. */
    void close();
  }
}
