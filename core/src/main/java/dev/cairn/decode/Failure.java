package dev.cairn.decode;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import java.io.IOException;
import java.util.regex.Pattern;

/**
 * Why one input stopped, with the position where it did. Built from whatever the parser, the gzip
 * layer or the underlying stream threw; turned into a {@link DecodeError} for an input, or into the
 * reason of a {@link SkippedValue} for a payload nested in a string.
 */
final class Failure extends Exception {
  private static final long serialVersionUID = 1L;
  /** Jackson's "(start marker at [Source: …])" asides: positions are reported separately. */
  private static final Pattern SOURCE_REFERENCE =
      Pattern.compile("\\s*\\((?:for \\w+ )?(?:start marker at|starting at) \\[Source: [^\\]]*\\]\\)");
  private static final String DECOMPRESSED = " (line, column and byte offset are in the decompressed data)";

  final DecodeError.Kind kind;
  final long line;
  final long column;
  final long byteOffset;

  private Failure(DecodeError.Kind kind, long line, long column, long byteOffset, String message) {
    super(message, null, false, false);
    this.kind = kind;
    this.line = line;
    this.column = column;
    this.byteOffset = byteOffset;
  }

  /** A failure seen before any parser existed (while reading the first bytes or a gzip header). */
  static Failure early(IOException e) {
    return e instanceof GzipFormatException
        ? new Failure(DecodeError.Kind.GZIP, 0, 0, -1, e.getMessage())
        : new Failure(DecodeError.Kind.IO, 0, 0, -1, readFailed(e));
  }

  /**
   * A failure while {@code parser} was reading.
   *
   * @param gzip whether the parser reads decompressed data, so positions need saying so
   */
  static Failure of(IOException e, JsonParser parser, long delivered, boolean gzip, LogFileScanner.Shift shift) {
    String suffix = gzip ? DECOMPRESSED : "";
    if (e instanceof ValueTooLarge tooLarge) {
      return new Failure(
          DecodeError.Kind.TOO_LARGE, tooLarge.line, tooLarge.column, tooLarge.byteOffset, tooLarge.getMessage() + suffix);
    }
    if (e instanceof JsonProcessingException json) {
      JsonLocation where = json.getLocation() != null && json.getLocation().getLineNr() > 0
          ? json.getLocation()
          : parser.currentLocation();
      return at(DecodeError.Kind.JSON, where, jsonMessage(json, parser, shift) + suffix, shift);
    }
    // The stream failed under the parser. Jackson has already counted the buffer it was refilling
    // when the read threw, so its offset and column are off; the line (counted while parsing) is
    // right, and the offset is what the stream delivered. The column is unknown.
    long line = Math.max(parser.currentLocation().getLineNr(), 0);
    line = shift.line(line, delivered);
    delivered = shift.offset(delivered);
    if (e instanceof GzipFormatException) {
      return new Failure(DecodeError.Kind.GZIP, line, 0, delivered, e.getMessage() + suffix);
    }
    return new Failure(DecodeError.Kind.IO, line, 0, delivered, readFailed(e));
  }

  /** A value over the size limit found without a parser (by the log-file scanner), as the parser would report it. */
  static Failure tooLarge(long line, long column, long byteOffset, long limit, boolean gzip) {
    ValueTooLarge tooLarge = new ValueTooLarge(line, column, byteOffset, limit);
    return new Failure(DecodeError.Kind.TOO_LARGE, line, column, byteOffset, tooLarge.getMessage() + (gzip ? DECOMPRESSED : ""));
  }

  /** The message with its position, for a skipped value's reason. */
  String describe() {
    return line > 0 ? "line " + line + ", column " + column + ": " + getMessage() : getMessage();
  }

  private static Failure at(DecodeError.Kind kind, JsonLocation location, String message, LogFileScanner.Shift shift) {
    long offset = location.getByteOffset() >= 0 ? location.getByteOffset() : location.getCharOffset();
    long line = Math.max(location.getLineNr(), 0);
    long column = Math.max(location.getColumnNr(), 0);
    return new Failure(kind, shift.line(line, offset), shift.column(line, column, offset), shift.offset(offset), message);
  }

  private static String readFailed(IOException e) {
    return "reading the input failed: " + e;
  }

  private static String jsonMessage(JsonProcessingException e, JsonParser parser, LogFileScanner.Shift shift) {
    JsonStreamContext context = parser.getParsingContext();
    if (e instanceof JsonEOFException eof) {
      return "unexpected end of input: " + expectedAtEnd(eof, parser.currentToken(), context) + inside(context, shift);
    }
    String message = SOURCE_REFERENCE.matcher(e.getOriginalMessage()).replaceAll("");
    return "invalid JSON: " + message + inside(context, shift);
  }

  private static String expectedAtEnd(JsonEOFException eof, JsonToken last, JsonStreamContext context) {
    JsonToken decoding = eof.getTokenBeingDecoded();
    if (decoding == JsonToken.VALUE_STRING || decoding == JsonToken.FIELD_NAME) {
      return "expected the closing '\"' of a string";
    }
    if (context.inArray()) {
      return last == JsonToken.START_ARRAY ? "expected a value or ']'" : "expected ',' or ']'";
    }
    if (context.inObject()) {
      if (last == JsonToken.FIELD_NAME) {
        return "expected a value";
      }
      return last == JsonToken.START_OBJECT ? "expected a field name or '}'" : "expected ',' or '}'";
    }
    return "expected more JSON";
  }

  /** Where in the document the parser was, e.g. " in the Records array (after /Records/41)". */
  private static String inside(JsonStreamContext context, LogFileScanner.Shift shift) {
    if (context == null || context.inRoot()) {
      return "";
    }
    String pointer = shift.pointer(context.pathAsPointer().toString());
    JsonStreamContext parent = context.getParent();
    String container;
    if (context.inArray()) {
      container = parent != null && parent.inObject() && parent.getCurrentName() != null
          ? "the " + parent.getCurrentName() + " array"
          : "an array";
    } else {
      container = "an object";
    }
    return pointer.isEmpty() ? " in " + container : " in " + container + " (at " + pointer + ")";
  }

  /** Raised when one JSON value is larger than the decoder's limit. */
  static final class ValueTooLarge extends IOException {
    private static final long serialVersionUID = 1L;
    final long line;
    final long column;
    final long byteOffset;

    ValueTooLarge(long line, long column, long byteOffset, long limit) {
      super("the JSON value starting at line " + line + ", column " + column + " (byte " + byteOffset
          + ") is larger than the limit of " + limit + " bytes per value, so the input was read no further;"
          + " if values this large are expected, raise the limit, and the heap with it"
          + " (EventDecoder.safeMaxValueBytes says how much a limit needs)");
      this.line = line;
      this.column = column;
      this.byteOffset = byteOffset;
    }
  }
}
