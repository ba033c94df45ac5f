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
 * <p>Inputs may be gzip (detected by magic bytes, multi-member included), UTF-8 with or without a
 * byte order mark, with LF or CRLF line ends.
 */
package dev.cairn.decode;
