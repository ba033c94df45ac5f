package dev.cairn.decode;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * An input made while it is read, never held: a head, a body of one unit repeated to a length, a
 * tail. Plain or as gzip, where the body is one small member served again and again (multi-member
 * gzip inflates to the members' concatenation), so a gigabyte-sized value costs kilobytes to make.
 */
final class Padded extends InputStream {
  /** Body bytes per gzip member: compresses to about a kilobyte. */
  private static final int MEMBER_BODY = 1 << 20;

  private final byte[][] parts;
  private final long[] repeats;
  private int part;
  private long repeat;
  private int position;

  private Padded(byte[][] parts, long[] repeats) {
    this.parts = parts;
    this.repeats = repeats;
  }

  /** {@code head}, then {@code unit} repeated as often as fits in {@code bodyBytes}, then {@code tail}. */
  static Padded plain(String head, String unit, long bodyBytes, String tail) {
    byte[] unitBytes = unit.getBytes(StandardCharsets.UTF_8);
    bodyBytes -= bodyBytes % unitBytes.length;
    int runLength = Math.max(unitBytes.length, 64 * 1024 / unitBytes.length * unitBytes.length);
    byte[] run = repeated(unitBytes, runLength);
    long runs = bodyBytes / run.length;
    byte[] rest = repeated(unitBytes, (int) (bodyBytes - runs * run.length));
    return new Padded(new byte[][] {utf8(head), run, rest, utf8(tail)}, new long[] {1, runs, 1, 1});
  }

  /** The same bytes as {@link #plain}, as a multi-member gzip file. */
  static Padded gzip(String head, String unit, long bodyBytes, String tail) {
    byte[] unitBytes = unit.getBytes(StandardCharsets.UTF_8);
    bodyBytes -= bodyBytes % unitBytes.length;
    int memberBody = MEMBER_BODY / unitBytes.length * unitBytes.length;
    long members = bodyBytes / memberBody;
    byte[] rest = repeated(unitBytes, (int) (bodyBytes - members * memberBody));
    return new Padded(new byte[][] {gzip(utf8(head)), gzip(repeated(unitBytes, memberBody)), gzip(rest), gzip(utf8(tail))},
        new long[] {1, members, 1, 1});
  }

  @Override
  public int read() {
    byte[] one = new byte[1];
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) {
    if (length == 0) {
      return 0;
    }
    while (part < parts.length && (repeat >= repeats[part] || parts[part].length == 0)) {
      part++;
      repeat = 0;
      position = 0;
    }
    if (part == parts.length) {
      return -1;
    }
    byte[] current = parts[part];
    int n = Math.min(length, current.length - position);
    System.arraycopy(current, position, into, offset, n);
    position += n;
    if (position == current.length) {
      position = 0;
      repeat++;
    }
    return n;
  }

  private static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] repeated(byte[] unit, int length) {
    byte[] out = new byte[length];
    for (int i = 0; i < length; i++) {
      out[i] = unit[i % unit.length];
    }
    return out;
  }

  private static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
