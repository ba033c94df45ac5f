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
 * @param noEvents why the input held no events, when it was read to its end without error and
 *     gave none: an outcome to log (see {@link #describeNoEvents()}) and count, not an error
 */
public record DecodeSummary(String source, String format, long events, long skipped, List<String> notes,
    Optional<DecodeError> error, Optional<NoEvents> noEvents) {
  /** Notes {@link #describeNoEvents()} quotes at most. */
  private static final int NOTES_QUOTED = 3;

  public DecodeSummary {
    notes = List.copyOf(notes);
    if (noEvents.isPresent() && (events > 0 || error.isPresent())) {
      throw new IllegalArgumentException("noEvents is for an input read without error that gave no events");
    }
  }

  /**
   * A summary whose {@link #noEvents} follows from the counts alone, for decoders that do not tell
   * (test doubles): present when no event was delivered and there was no error, {@link
   * NoEvents#NOT_EVENTS} if values were skipped, else {@link NoEvents#NO_RECORDS}.
   */
  public DecodeSummary(String source, String format, long events, long skipped, List<String> notes,
      Optional<DecodeError> error) {
    this(source, format, events, skipped, notes, error, events == 0 && error.isEmpty()
        ? Optional.of(skipped > 0 ? NoEvents.NOT_EVENTS : NoEvents.NO_RECORDS) : Optional.empty());
  }

  /** True when the whole input was read without error. */
  public boolean ok() {
    return error.isEmpty();
  }

  /**
   * One line for the log when the input held no events, e.g. {@code "in.json: no events
   * (not-utf8): text in UTF-16 or UTF-32, not UTF-8; skipped: text in UTF-16LE (byte order mark) …"}:
   * the source, the reason's {@linkplain NoEvents#label() label} and description, and the first
   * notes, which say more. Empty when there were events or an error.
   */
  public Optional<String> describeNoEvents() {
    return noEvents.map(why -> {
      StringBuilder line = new StringBuilder(source).append(": no events (").append(why.label()).append("): ")
          .append(why.description());
      notes.stream().limit(NOTES_QUOTED).forEach(note -> line.append("; ").append(note));
      return (notes.size() > NOTES_QUOTED ? line.append("; …") : line).toString();
    });
  }
}
