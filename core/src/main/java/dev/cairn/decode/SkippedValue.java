package dev.cairn.decode;

/**
 * A JSON value that was read but is not an event.
 *
 * @param source the input's name (file path, {@code s3://bucket/key}, …)
 * @param line 1-based line of the value's start in the (decompressed) input
 * @param byteOffset 0-based byte offset of the value's start in the (decompressed) input
 * @param reason why it is not an event, e.g. "JSON object with keys [data, description]"
 */
public record SkippedValue(String source, long line, long byteOffset, String reason) {
  /** How {@link #reason} starts for a line that is not JSON at all (bad input, not merely not an event). */
  static final String INVALID_JSON = "not valid JSON: ";

  /** True for a line of a JSON-lines input that is not valid JSON (skipped; the lines after it are read). */
  public boolean invalidJson() {
    return reason.startsWith(INVALID_JSON);
  }
}
