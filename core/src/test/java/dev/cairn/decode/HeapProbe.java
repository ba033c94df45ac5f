package dev.cairn.decode;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Decodes generated inputs holding one large value on several threads at once, in a JVM started
 * with a small heap, to find how much heap decoding a value of N bytes takes (see {@link
 * EventDecoder#safeMaxValueBytes}). Prints one line per input and exits 0 when every input gave
 * what it should, 1 otherwise, 3 on an {@code OutOfMemoryError}.
 *
 * <p>{@code HeapProbe SHAPE BYTES FIELDS THREADS USE [LIMIT] [gzip]}: SHAPE one of {@link #input}'s,
 * BYTES the size of the value's body, FIELDS {@code whole} or {@code partial}, USE {@code decode}
 * (keep the event) or {@code use} (then ask it for everything: the whole record, every accessor, its
 * JSON text, the envelope), LIMIT the decoder's value limit ({@code safe}: what {@code
 * safeMaxValueBytes} gives for this heap and thread count; default: twice the body).
 */
final class HeapProbe {
  static final RecordFields PARTIAL = RecordFields.of(List.of(List.of("errorCode"), List.of("userIdentity", "type")));

  private HeapProbe() {}

  public static void main(String[] args) throws Exception {
    String shape = args[0];
    long bytes = Long.parseLong(args[1]);
    boolean partial = args[2].equals("partial");
    int threads = Integer.parseInt(args[3]);
    boolean use = args[4].equals("use");
    int limit = args.length > 5 && !args[5].equals("default")
        ? args[5].equals("safe") ? EventDecoder.safeMaxValueBytes(Runtime.getRuntime().maxMemory(), threads)
            : Integer.parseInt(args[5])
        : (int) Math.min(Integer.MAX_VALUE - 2 * 1024 * 1024, 2 * bytes + (1 << 20));
    boolean gzip = args.length > 6 && args[6].equals("gzip");
    EventDecoder decoder = EventDecoder.create().withMaxValueBytes(limit);
    if (partial) {
      decoder = decoder.withRecordFields(PARTIAL);
    }
    String[] results = decodeAtOnce(decoder, threads, use, shape, n -> input(shape, bytes, gzip));
    boolean oom = false;
    boolean failed = false;
    for (String result : results) {
      System.out.println(result);
      oom |= result.equals("OOM");
      failed |= !result.startsWith("ok") && !result.startsWith("error");
    }
    System.out.println("limit " + limit + " heap " + Runtime.getRuntime().maxMemory());
    System.exit(oom ? 3 : failed ? 1 : 0);
  }

  /**
   * Decodes {@code threads} inputs at once, each on its own thread, started together; returns what
   * each gave: {@code ok …}, {@code error KIND description}, {@code OOM} or {@code FAILED …}.
   */
  static String[] decodeAtOnce(EventDecoder decoder, int threads, boolean use, String name,
      java.util.function.IntFunction<InputStream> inputs) throws InterruptedException {
    CountDownLatch start = new CountDownLatch(1);
    List<Thread> running = new ArrayList<>();
    String[] results = new String[threads];
    for (int t = 0; t < threads; t++) {
      int n = t;
      Thread thread = new Thread(() -> {
        try {
          InputStream in = inputs.apply(n);
          start.await();
          results[n] = decode(decoder, in, name + " #" + n, use);
        } catch (OutOfMemoryError e) {
          results[n] = "OOM";
        } catch (Throwable e) {
          results[n] = "FAILED " + e;
        }
      }, "decode-" + n);
      thread.start();
      running.add(thread);
    }
    start.countDown();
    for (Thread thread : running) {
      thread.join();
    }
    return results;
  }

  static String decode(EventDecoder decoder, InputStream in, String source, boolean use) {
    CloudTrailEvent[] last = new CloudTrailEvent[1];
    String[] firstSkipped = new String[1];
    DecodeSummary summary = decoder.decode(in, source, new DecodeListener() {
      @Override
      public void onEvent(CloudTrailEvent event) {
        last[0] = event;
      }

      @Override
      public void onSkipped(SkippedValue skipped) {
        firstSkipped[0] = firstSkipped[0] != null ? firstSkipped[0] : skipped.reason();
      }
    });
    if (summary.error().isPresent()) {
      return "error " + summary.error().get().kind() + " " + summary.error().get().describe();
    }
    if (last[0] == null) {
      return "ok " + source + ": 0 events, " + summary.skipped() + " skipped: " + firstSkipped[0];
    }
    if (use) {
      CloudTrailEvent event = last[0];
      long touched = (long) event.record().size() + event.recordJson().length() + event.envelope().size();
      touched += String.valueOf(event.requestParameters()).length() + String.valueOf(event.errorCode()).length()
          + event.resources().size() + String.valueOf(event.userIdentity().type()).length();
      return "ok " + source + ": " + summary.events() + " event(s), touched " + touched;
    }
    return "ok " + source + ": " + summary.events() + " event(s)";
  }

  /** The record's fields before the large one, as JSON members. */
  private static final String CORE = "\"eventVersion\":\"1.08\",\"eventSource\":\"s3.amazonaws.com\","
      + "\"eventName\":\"PutObject\",\"eventTime\":\"2023-07-19T21:30:45Z\",\"eventID\":\"big\",";

  /** An input whose one large value's body is {@code bytes} long. */
  static InputStream input(String shape, long bytes, boolean gzip) {
    String[] parts = switch (shape) {
      // A log file's record with a long string no rule reads / one that rules read.
      case "log-string" -> new String[] {"{\"Records\":[{" + CORE + "\"requestParameters\":{\"key\":\"", "x", "\"}}]}"};
      case "log-wanted" -> new String[] {"{\"Records\":[{" + CORE + "\"errorCode\":\"", "x", "\"}]}"};
      case "log-cjk" -> new String[] {"{\"Records\":[{" + CORE + "\"errorCode\":\"", "\u4e2d", "\"}]}"};
      case "log-latin" -> new String[] {"{\"Records\":[{" + CORE + "\"errorCode\":\"", "\u00e9", "\"}]}"};
      case "log-escaped" -> new String[] {"{\"Records\":[{" + CORE + "\"errorCode\":\"", "\\n", "\"}]}"};
      // Many tiny containers: the most tree per byte.
      case "log-objects" -> new String[] {"{\"Records\":[{" + CORE + "\"requestParameters\":{\"a\":[", "{},", "{}]}}]}"};
      case "log-arrays" -> new String[] {"{\"Records\":[{" + CORE + "\"requestParameters\":{\"a\":[", "[],", "[]]}}]}"};
      case "log-numbers" -> new String[] {"{\"Records\":[{" + CORE + "\"requestParameters\":{\"a\":[", "12,", "12]}}]}"};
      case "log-strings" -> new String[] {"{\"Records\":[{" + CORE + "\"requestParameters\":{\"a\":[", "\"a\",", "\"a\"]}}]}"};
      // Something the scanner leaves to the parser (a 300-digit number) after the long string: a hand-over.
      case "handover-string" -> new String[] {"{\"Records\":[{" + CORE + "\"requestParameters\":{\"key\":\"", "x",
          "\",\"n\":" + "9".repeat(300) + "}}]}"};
      case "handover-wanted" -> new String[] {"{\"Records\":[{" + CORE + "\"errorCode\":\"", "x",
          "\",\"n\":" + "9".repeat(300) + "}]}"};
      case "line-string" -> new String[] {"{" + CORE + "\"requestParameters\":{\"key\":\"", "x", "\"}}\n"};
      case "line-objects" -> new String[] {"{" + CORE + "\"requestParameters\":{\"a\":[", "{},", "{}]}}\n"};
      case "raw-string" -> new String[] {"{\"_raw\":\"{" + CORE.replace("\"", "\\\"") + "\\\"errorCode\\\":\\\"", "x",
          "\\\"}\"}"};
      case "envelope-string" -> new String[] {"{\"version\":\"0\",\"id\":\"e\",\"detail-type\":\"AWS API Call via "
          + "CloudTrail\",\"source\":\"aws.s3\",\"detail\":{" + CORE + "\"errorCode\":\"", "x", "\"}}"};
      case "message-string" -> new String[] {"{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"message\":\"{"
          + CORE.replace("\"", "\\\"") + "\\\"errorCode\\\":\\\"", "x", "\\\"}\"}]}"};
      // Values that are not records: a bare string, an object with one long field.
      case "bare-string" -> new String[] {"\"", "x", "\""};
      case "array-string" -> new String[] {"[\"", "x", "\"]"};
      default -> throw new IllegalArgumentException("unknown shape " + shape);
    };
    return gzip ? Padded.gzip(parts[0], parts[1], bytes, parts[2]) : Padded.plain(parts[0], parts[1], bytes, parts[2]);
  }
}
