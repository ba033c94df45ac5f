package dev.cairn.decode;

/**
 * Why an input that was read to its end without error held no events ({@link
 * DecodeSummary#noEvents()}). Each is a normal outcome, not an error, but one an operator should
 * be able to see and count: a trail that writes nothing but digests, a bucket where someone dropped
 * UTF-16 exports, a Lambda fed only control messages.
 */
public enum NoEvents {
  /** No bytes at all, or only whitespace and a byte order mark (after gzip, too). */
  EMPTY("empty", "empty: no bytes, or only whitespace"),
  /**
   * Text in UTF-16 or UTF-32, recognised by its byte order mark or by the zero bytes around its
   * first characters. CloudTrail writes UTF-8 only; converting the input ({@code iconv -f UTF-16
   * -t UTF-8}) makes it readable.
   */
  NOT_UTF8("not-utf8", "text in UTF-16 or UTF-32, not UTF-8"),
  /** Starts with NUL bytes: a file pre-allocated, zeroed, or cut off by a crash while written. */
  NUL_BYTES("nul-bytes", "starts with NUL bytes"),
  /** Neither JSON nor gzip: a zip file, a CSV file, plain text. */
  NOT_JSON("not-json", "neither JSON nor gzip"),
  /** Gzip inside gzip more than three layers deep. */
  GZIP_TOO_DEEP("gzip-too-deep", "gzip nested more than three layers deep"),
  /** A CloudTrail digest file: it lists log files and their hashes, it holds no events. */
  DIGEST("digest", "a CloudTrail digest file"),
  /** A CloudWatch Logs control message, sent when a subscription is set up. */
  CONTROL_MESSAGE("control-message", "a CloudWatch Logs control message"),
  /** JSON holding no values to look at: an empty {@code Records}, {@code Events} or {@code logEvents} array, {@code []}. */
  NO_RECORDS("no-records", "JSON with nothing in its arrays"),
  /** JSON whose values are none of them events; each one was reported as a skipped value. */
  NOT_EVENTS("not-events", "no value in it is an event (each was reported as skipped)");

  private final String label;
  private final String description;

  NoEvents(String label, String description) {
    this.label = label;
    this.description = description;
  }

  /** A short stable name, for a metric's tag: {@code empty}, {@code not-utf8}, … */
  public String label() {
    return label;
  }

  /** What it means, for people. */
  public String description() {
    return description;
  }
}
