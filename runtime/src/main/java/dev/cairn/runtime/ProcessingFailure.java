package dev.cairn.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * Something that went wrong, where and with what.
 *
 * @param stage where it happened, which says what the engine did about it
 * @param item the work item, as {@link dev.cairn.runtime.source.WorkItem#describe()} names it;
 *     empty for {@link Stage#POLL}
 * @param input the input being read, when there was one
 * @param cause what was thrown; for a decode error a {@link
 *     dev.cairn.runtime.source.PoisonInputException} naming the input and reason
 */
public record ProcessingFailure(Stage stage, Optional<String> item, Optional<String> input, Throwable cause) {

  /** Where a failure happened. */
  public enum Stage {
    /** The source could not be polled; the poller backs off and retries. */
    POLL,
    /** The {@link SourceFilter} threw; the item fails and is redelivered. */
    SOURCE_FILTER,
    /**
     * An input could not be opened (a missing object, access denied, a network failure): the item
     * fails and is redelivered; an SQS queue's redrive policy moves a message that keeps failing to
     * its dead-letter queue, a folder gives up on a file after a few attempts.
     */
    OPEN,
    /**
     * An input cannot be handled as it is (corrupt gzip, invalid JSON, or reading it was cut short too
     * many times): poison. It is recorded as failed and not read again until it changes; the item's
     * other inputs are still read; then the item fails, so it is not acknowledged. A read that broke
     * off (a network failure mid-object) is not poison: the item fails and the input resumes later.
     */
    DECODE,
    /** The {@link EventFilter} threw; the item fails and is redelivered. */
    EVENT_FILTER,
    /** The {@link EventsProcessor} threw; the item fails and is redelivered. */
    PROCESS,
    /**
     * The state store could not be read or written. Not an input's failure: the engine retries until
     * the store answers, so this is only reported, for each failure, to the exception handler.
     */
    STATE,
    /**
     * Every event was handled, but the source could not acknowledge the item (delete the SQS
     * message, record the file): it will be delivered again, and dedup absorbs its events.
     */
    ACKNOWLEDGE,
    /** The engine stopped before the item was finished; it fails and is redelivered. */
    STOP
  }

  public ProcessingFailure {
    Objects.requireNonNull(stage, "stage");
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(cause, "cause");
  }

  /** One line for logs: {@code PROCESS s3://b/k (sqs message 12ab): IllegalStateException: boom}. */
  public String describe() {
    StringBuilder text = new StringBuilder(stage.name());
    input.ifPresent(name -> text.append(' ').append(name));
    item.ifPresent(name -> text.append(" (").append(name).append(')'));
    return text.append(": ").append(cause).toString();
  }
}
