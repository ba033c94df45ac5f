/**
 * Decoding: every shape CloudTrail events come in, detected per input and per top-level JSON value.
 *
 * <ol>
 *   <li>CloudTrail log files {@code {"Records":[...]}}, plain or gzip; digest files are recognised
 *       and skipped with a note;
 *   <li>JSON arrays of records, JSON lines, and concatenated JSON values with no separator (what
 *       Kinesis Data Firehose writes);
 *   <li>EventBridge envelopes ({@code detail-type}, {@code detail}), CloudTrail and any other;
 *   <li>CloudWatch Logs subscription payloads ({@code logEvents[].message}), gzip or not, and the
 *       Lambda form {@code {"awslogs":{"data":"<base64 gzip>"}}};
 *   <li>{@code aws cloudtrail lookup-events} output ({@code Events[].CloudTrailEvent}), also one
 *       event per line;
 *   <li>wrappers holding the record as a JSON string in {@code _raw}.
 * </ol>
 *
 * <p>Inputs may be gzip (detected by magic bytes, multi-member included, gzip inside gzip too),
 * UTF-8 with or without a byte order mark, with LF or CRLF line ends. A bare record is an object
 * with {@code eventVersion} and one of {@code eventSource}, {@code eventType}, {@code eventTime};
 * one whose {@code eventSource} is {@code aws:…} is an S3 (or other) event notification to Lambda,
 * not a CloudTrail record. An envelope is an object with a {@code detail} object and a {@code
 * source}. Payloads held as strings ({@code _raw}, {@code CloudTrailEvent}, a log event's {@code
 * message}, any top-level or array-element string) or as base64 ({@code awslogs.data}) are decoded
 * again with the same detection.
 *
 * <p>What is reported how:
 *
 * <ul>
 *   <li><b>skipped value</b> ({@link dev.cairn.decode.DecodeListener#onSkipped}): a JSON value
 *       that is not an event, with its line, byte offset and what it was; also a nested payload
 *       that is not JSON or is broken, reported at the position of the value that held it, since
 *       one bad log event must not hide the rest of its payload;
 *   <li><b>note</b>: an input that is empty, in UTF-16 or UTF-32, starts with NUL bytes, or is
 *       neither JSON nor gzip (a zip file, a CSV), a digest file, a CloudWatch Logs control message,
 *       data after the last gzip member;
 *   <li><b>no events</b> ({@link dev.cairn.decode.DecodeSummary#noEvents()}): an input read to its
 *       end without error that gave no event says why, one {@link dev.cairn.decode.NoEvents} (the
 *       cases of the note above, an empty {@code Records} array, or values that were all skipped),
 *       so that it can be logged and counted rather than pass unnoticed;
 *   <li><b>error</b> ({@link dev.cairn.decode.DecodeError}), which stops the input: invalid or
 *       truncated JSON, corrupt or truncated gzip, a failing stream, one value over the size limit.
 * </ul>
 *
 * <p>Only UTF-8 is read (CloudTrail writes nothing else). Text in UTF-16 or UTF-32 is recognised
 * by its byte order mark or by the zero bytes around its first characters and skipped as a whole,
 * with a note, rather than read by a parser that would guess the encoding of some values and not
 * of others.
 *
 * <p>Memory: the top level of the input is read token by token and container arrays ({@code
 * Records}, {@code logEvents}, {@code Events}, top-level arrays) element by element, so only one
 * element is held at a time, bounded by {@link dev.cairn.decode.EventDecoder#withMaxValueBytes}. A
 * top-level object is read field by field only when its first field is one a container starts with
 * ({@code Records}, {@code messageType}, …); any other object is one value. With a {@linkplain
 * dev.cairn.decode.EventDecoder#withDecompressionExecutor decompression executor}, gzip input is
 * inflated at most 1 MiB ahead of the parser, on another thread, with the same results.
 *
 * <p>Speed: with {@linkplain dev.cairn.decode.EventDecoder#withRecordFields record fields} given,
 * each record read from a stream is parsed only as far as those fields reach and the rest is
 * skipped token by token (building no tree); the record's text is kept, so everything else is
 * still there when asked for. Which object is a record is decided on the core fields, which are
 * always parsed, so the shapes above are recognised exactly as when records are parsed whole. A
 * log file ({@code {"Records":[…]}}, the shape nearly all bytes come in) is then read by a
 * purpose-built scanner instead of the JSON parser: it validates each element and notes where the
 * wanted fields lie, and on anything it does not handle (invalid JSON, a truncated input, more
 * values after the file's object) hands the rest of the input to the parser, which reports errors
 * and positions as if it had read the input from its start.
 */
package dev.cairn.decode;
