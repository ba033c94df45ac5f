package dev.cairn.decode;

import java.io.InputStream;

/**
 * Turns bytes in any shape CloudTrail events come in into {@link dev.cairn.event.CloudTrailEvent}s.
 * See the package documentation for the shapes. Thread-safe; one instance serves all threads.
 */
public final class EventDecoder {
  private EventDecoder() {}

  /** A decoder with default limits. */
  public static EventDecoder create() {
    return new EventDecoder();
  }

  /**
   * Decodes one input, streaming: memory stays flat whatever its size. Never throws for bad input:
   * a break is reported in the summary's {@code error}, after every event before it was delivered.
   * Does not close {@code in}.
   *
   * @param in the raw bytes (gzip is detected by its magic bytes, not by name)
   * @param source the input's name, used in every message
   * @param listener receives events, skipped values and notes on this thread
   */
  public DecodeSummary decode(InputStream in, String source, DecodeListener listener) {
    throw new UnsupportedOperationException("being written");
  }
}
