package dev.cairn.testkit;

import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;

/**
 * Byte-level helpers for tests that feed decoders awkward input: gzip (single and multi-member),
 * truncation, byte order marks, CRLF, concatenation, and streams that return one byte per read or
 * fail part-way. All methods are pure functions of their arguments.
 */
public final class Streams {
  private static final byte[] UTF8_BOM = {(byte) 0xef, (byte) 0xbb, (byte) 0xbf};

  private Streams() {}

  /** The text as UTF-8 bytes. */
  public static byte[] utf8(String text) {
    return text.getBytes(StandardCharsets.UTF_8);
  }

  /** The text as UTF-8 bytes behind a UTF-8 byte order mark. */
  public static byte[] utf8WithBom(String text) {
    return concat(UTF8_BOM, utf8(text));
  }

  /** The text with every LF turned into CRLF. */
  public static String crlf(String text) {
    return text.replace("\r\n", "\n").replace("\n", "\r\n");
  }

  /** One gzip member holding {@code data}. */
  public static byte[] gzip(byte[] data) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(data.length / 4 + 64);
    try (GZIPOutputStream gzip = new GZIPOutputStream(out, 64 * 1024)) {
      gzip.write(data);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** One gzip member holding the text as UTF-8. */
  public static byte[] gzip(String text) {
    return gzip(utf8(text));
  }

  /** A multi-member gzip file: each part compressed as its own member, the members concatenated. */
  public static byte[] gzipMembers(byte[]... parts) {
    byte[][] members = new byte[parts.length][];
    for (int i = 0; i < parts.length; i++) {
      members[i] = gzip(parts[i]);
    }
    return concat(members);
  }

  /** The byte arrays one after another. */
  public static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  /** The first {@code length} bytes, as a file cut short by a failed upload would be. */
  public static byte[] truncate(byte[] data, int length) {
    return Arrays.copyOf(data, Math.min(length, data.length));
  }

  /** All but the last {@code count} bytes. */
  public static byte[] dropLast(byte[] data, int count) {
    return truncate(data, Math.max(0, data.length - count));
  }

  /**
   * A stream over {@code in} whose every read returns at most one byte and whose {@code
   * available()} is 0, as a slow network stream behaves. Finds code that assumes a read fills the
   * buffer, or that trusts {@code available()}.
   */
  public static InputStream oneByteAtATime(InputStream in) {
    return new FilterInputStream(in) {
      @Override
      public int read(byte[] into, int offset, int length) throws IOException {
        return length == 0 ? 0 : super.read(into, offset, 1);
      }

      @Override
      public int available() {
        return 0;
      }
    };
  }

  /** A stream over {@code data} that throws {@code failure} once {@code after} bytes were read. */
  public static InputStream failingAfter(byte[] data, int after, IOException failure) {
    return new InputStream() {
      private int position;

      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] into, int offset, int length) throws IOException {
        if (position >= after) {
          throw failure;
        }
        if (position >= data.length) {
          return -1;
        }
        int n = Math.min(length, Math.min(after, data.length) - position);
        System.arraycopy(data, position, into, offset, n);
        position += n;
        return n;
      }
    };
  }
}
