package dev.cairn.decode;

import dev.cairn.event.CloudTrailEvent;

/**
 * Receives what {@link EventDecoder#decode} finds, on the decoding thread, in input order. The
 * decoder holds no more than one value in memory at a time, so a listener that blocks slows the
 * decoder down (back-pressure) rather than filling memory.
 *
 * <p>An exception thrown by a listener stops decoding of that input and propagates to the caller
 * of {@code decode} unchanged.
 */
public interface DecodeListener {

  /** A decoded event. */
  void onEvent(CloudTrailEvent event);

  /** A JSON value that is not an event (counted and reported, never silently dropped). */
  default void onSkipped(SkippedValue skipped) {}

  /** Something worth telling a person that is not an error (a digest file skipped, an empty file). */
  default void onNote(String note) {}
}
