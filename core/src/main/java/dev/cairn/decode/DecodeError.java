package dev.cairn.decode;

/**
 * Why decoding an input stopped early. Events before the break were already delivered.
 *
 * @param source the input's name
 * @param kind what broke
 * @param line 1-based line in the decompressed input where the break was found (0 if unknown)
 * @param column 1-based column (0 if unknown)
 * @param byteOffset 0-based byte offset in the decompressed input (-1 if unknown)
 * @param message what was found and what was expected, e.g. "unexpected end of input: expected
 *     ',' or ']' in the Records array"
 */
public record DecodeError(String source, Kind kind, long line, long column, long byteOffset, String message) {

  /** What broke. */
  public enum Kind {
    /** Invalid or truncated JSON. */
    JSON,
    /** Invalid or truncated gzip data. */
    GZIP,
    /**
     * One JSON value larger than the decoder's {@linkplain EventDecoder#withMaxValueBytes limit}:
     * the input may well be valid, but reading it would take more memory than allowed. Retrying
     * with the same limit gives the same result.
     */
    TOO_LARGE,
    /** The underlying stream failed (a network read, a disk error). Worth retrying. */
    IO
  }

  /** One line for people: {@code file: line 3, column 7 (byte 812): message}. */
  public String describe() {
    StringBuilder text = new StringBuilder(source).append(": ");
    if (line > 0) {
      text.append("line ").append(line);
      if (column > 0) {
        text.append(", column ").append(column);
      }
      if (byteOffset >= 0) {
        text.append(" (byte ").append(byteOffset).append(')');
      }
      text.append(": ");
    } else if (byteOffset >= 0) {
      text.append("byte ").append(byteOffset).append(": ");
    }
    return text.append(message).toString();
  }
}
