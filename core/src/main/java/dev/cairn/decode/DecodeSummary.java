package dev.cairn.decode;

import java.util.List;
import java.util.Optional;

/**
 * What one call of {@link EventDecoder#decode} did.
 *
 * @param source the input's name
 * @param format what the input was recognised as (first value's shape), for people
 * @param events events delivered to the listener
 * @param skipped values that were not events
 * @param notes non-error remarks (also given to {@link DecodeListener#onNote})
 * @param error why decoding stopped early, if it did
 */
public record DecodeSummary(
    String source, String format, long events, long skipped, List<String> notes, Optional<DecodeError> error) {

  public DecodeSummary {
    notes = List.copyOf(notes);
  }

  /** True when the whole input was read without error. */
  public boolean ok() {
    return error.isEmpty();
  }
}
