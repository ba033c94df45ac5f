package dev.cairn.decode;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/**
 * Run by {@link EventDecoderMemoryTest} in a JVM with a small heap: with the value limit {@link
 * EventDecoder#safeMaxValueBytes} gives for two decoding threads, decodes 2 GB gzip bombs two at a
 * time, then values just under the limit in the shapes that take the most heap, two at a time and
 * used whole. Prints {@code limit N}, one line per input ({@code ok …}, {@code error KIND …},
 * {@code OOM}, {@code FAILED …}) and {@code done}; exits 1 if anything failed or ran out of memory.
 */
final class SmallHeapChild {
  /** {@link HeapProbe#input} shapes holding one string of 2 GB, and two more made here. */
  static final List<String> BOMBS = List.of("log-string", "log-wanted", "line-string", "raw-string",
      "envelope-string", "message-string", "array-string", "gzip-in-gzip");
  /**
   * Shapes whose largest value, just under the limit, takes the most heap (see safeMaxValueBytes),
   * each decoded the way that takes the most: with some fields (then parsed whole on use) or whole.
   */
  static final List<String> FITTING = List.of("log-objects", "line-objects", "handover-wanted", "line-string");
  private static final List<Boolean> FITTING_PARTIAL = List.of(true, false, true, false);
  private static final long BOMB = 2L << 30;

  private SmallHeapChild() {}

  public static void main(String[] args) throws Exception {
    int limit = EventDecoder.safeMaxValueBytes(Runtime.getRuntime().maxMemory(), 2);
    System.out.println("limit " + limit);
    boolean failed = false;
    for (boolean partial : new boolean[] {true, false}) {
      EventDecoder decoder = decoder(limit, partial);
      for (String shape : BOMBS) {
        for (String result : HeapProbe.decodeAtOnce(decoder, 2, false, "bomb " + shape, n -> bomb(shape))) {
          System.out.println(result);
          failed |= !result.startsWith("error TOO_LARGE");
        }
      }
      // A bomb inside a payload is a skipped value: one bad log event must not hide the rest.
      for (String result : HeapProbe.decodeAtOnce(decoder, 2, false, "awslogs bomb", n -> awslogsBomb(limit))) {
        System.out.println(result);
        failed |= !result.matches("ok awslogs bomb #\\d: 0 events, 1 skipped: awslogs.data is broken: .*larger than the limit.*");
      }
      for (int i = 0; i < FITTING.size(); i++) {
        String shape = FITTING.get(i);
        long body = limit - 4096L;
        if (FITTING_PARTIAL.get(i) != partial) {
          continue;
        }
        for (String result : HeapProbe.decodeAtOnce(decoder, 2, true, "fitting " + shape,
            n -> HeapProbe.input(shape, body, true))) {
          System.out.println(result);
          failed |= !result.startsWith("ok fitting " + shape + " #") || !result.contains(": 1 event(s)");
        }
      }
    }
    System.out.println("done");
    System.exit(failed ? 1 : 0);
  }

  private static EventDecoder decoder(int limit, boolean partial) {
    EventDecoder decoder = EventDecoder.create().withMaxValueBytes(limit);
    return partial ? decoder.withRecordFields(HeapProbe.PARTIAL) : decoder;
  }

  private static InputStream bomb(String shape) {
    if (!shape.equals("gzip-in-gzip")) {
      return HeapProbe.input(shape, BOMB, true);
    }
    try {
      return new ByteArrayInputStream(gzip(HeapProbe.input("log-string", BOMB, true).readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A Lambda CloudWatch Logs payload whose base64 data, within the limit, inflates far past it. */
  private static InputStream awslogsBomb(int limit) {
    try {
      long inflated = ((long) limit / 2 / 1400) << 20; // a 1 MiB gzip member is about 1.4 KB in base64
      byte[] compressed = HeapProbe.input("message-string", inflated, true).readAllBytes();
      String data = Base64.getEncoder().encodeToString(compressed);
      return new ByteArrayInputStream(("{\"awslogs\":{\"data\":\"" + data + "\"}}").getBytes(UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static byte[] gzip(byte[] data) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    }
    return out.toByteArray();
  }
}
