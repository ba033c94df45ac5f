package dev.cairn.decode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The first bytes of an input, read to decide what it is, and the whole input again as a stream.
 * Reads no more than it must: two bytes for the gzip magic, then past a byte order mark and
 * whitespace up to the first significant byte (at most {@link #MAX_PEEK} bytes).
 */
final class Sniffed {
  /** Leading whitespace beyond this is left for the JSON parser to skip. */
  static final int MAX_PEEK = 64 * 1024;

  /** What the first bytes say. */
  enum Kind {
    EMPTY,
    GZIP,
    JSON,
    /** Text in UTF-16 or UTF-32: see {@link #encoding()}. */
    NOT_UTF8,
    /** The first byte that is not whitespace is NUL. */
    NUL,
    OTHER
  }

  private final byte[] head;
  private final int length;
  private final int significant;
  private final boolean ended;
  private final InputStream rest;

  private Sniffed(byte[] head, int length, int significant, boolean ended, InputStream rest) {
    this.head = head;
    this.length = length;
    this.significant = significant;
    this.ended = ended;
    this.rest = rest;
  }

  static Sniffed read(InputStream in) throws IOException {
    byte[] head = new byte[256];
    int length = 0;
    boolean ended = false;
    int significant = -1;
    int scanned = 0; // bytes known to be whitespace (or a byte order mark): not looked at again
    while (true) {
      if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
        significant = 0;
        break;
      }
      if (significant < 0) {
        significant = firstSignificant(head, scanned, length);
        scanned = significant < 0 && length >= 3 ? length : scanned;
      }
      // Four bytes past the first significant one, so messages quote the same bytes however reads split.
      if ((significant >= 0 && length >= significant + 4) || ended || length >= MAX_PEEK) {
        break;
      }
      if (length == head.length) {
        head = Arrays.copyOf(head, head.length * 2);
      }
      int n = in.read(head, length, head.length - length);
      if (n < 0) {
        ended = true;
      } else {
        length += n;
      }
    }
    return new Sniffed(head, length, significant, ended, in);
  }

  Kind kind() {
    if (length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Kind.GZIP;
    }
    if (encoding() != null) {
      return Kind.NOT_UTF8;
    }
    if (significant < 0) {
      return ended ? Kind.EMPTY : Kind.JSON;
    }
    byte first = head[significant];
    return first == '{' || first == '[' ? Kind.JSON : first == 0 ? Kind.NUL : Kind.OTHER;
  }

  /**
   * The encoding when the input is text in UTF-16 or UTF-32, e.g. {@code "UTF-16LE with a byte
   * order mark"}; null otherwise. Without a byte order mark, JSON text starts with an ASCII
   * character, so the zero bytes of its first code units give the encoding away (as the JSON parser
   * itself would detect it; left to it, a record's text would be kept in an encoding that nothing
   * downstream expects).
   */
  String encoding() {
    int b0 = at(0);
    int b1 = at(1);
    int b2 = at(2);
    int b3 = at(3);
    if (b0 == 0 && b1 == 0 && b2 == 0xfe && b3 == 0xff) {
      return "UTF-32BE with a byte order mark";
    }
    if (b0 == 0xff && b1 == 0xfe && b2 == 0 && b3 == 0) {
      return "UTF-32LE with a byte order mark";
    }
    if (b0 == 0xfe && b1 == 0xff) {
      return "UTF-16BE with a byte order mark";
    }
    if (b0 == 0xff && b1 == 0xfe) {
      return "UTF-16LE with a byte order mark";
    }
    if (b0 == 0 && b1 == 0 && b2 == 0 && isAscii(b3)) {
      return "UTF-32BE";
    }
    if (isAscii(b0) && b1 == 0 && b2 == 0 && b3 == 0) {
      return "UTF-32LE";
    }
    if (b0 == 0 && isAscii(b1) && b2 == 0 && isAscii(b3)) {
      return "UTF-16BE";
    }
    if (isAscii(b0) && b1 == 0 && isAscii(b2) && b3 == 0) {
      return "UTF-16LE";
    }
    return null;
  }

  /** Byte {@code i} of the input, or -1 past what was read. */
  private int at(int i) {
    return i < length ? head[i] & 0xff : -1;
  }

  private static boolean isAscii(int b) {
    return b > 0 && b < 0x80;
  }

  /** Up to four bytes from the first significant one, as {@code 0x50 0x4b …}, for messages. */
  String firstBytes() {
    StringBuilder text = new StringBuilder();
    int from = Math.max(significant, 0);
    int to = Math.min(length, from + 4);
    for (int i = from; i < to; i++) {
      text.append(String.format("0x%02x ", head[i] & 0xff));
    }
    return text.append(to < length || !ended ? "…" : "(end)").toString();
  }

  /** The whole input, the bytes already read included. */
  InputStream stream() {
    return new PrefixedStream(head, length, rest);
  }

  /**
   * Index of the first byte from {@code from} on that is not JSON whitespace (nor, from 0, a UTF-8
   * byte order mark), or -1.
   */
  private static int firstSignificant(byte[] bytes, int from, int length) {
    int i = from;
    boolean start = from == 0;
    if (start && length >= 3 && (bytes[0] & 0xff) == 0xef && (bytes[1] & 0xff) == 0xbb && (bytes[2] & 0xff) == 0xbf) {
      i = 3;
    } else if (start && length < 3 && length > 0 && (bytes[0] & 0xff) == 0xef) {
      return -1; // maybe a byte order mark whose end has not been read yet
    }
    for (; i < length; i++) {
      byte b = bytes[i];
      if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
        return i;
      }
    }
    return -1;
  }

  /** Serves a prefix from an array, then the rest from the stream. Unsynchronised on purpose. */
  private static final class PrefixedStream extends InputStream {
    private final byte[] prefix;
    private final int prefixLength;
    private final InputStream rest;
    private int position;

    PrefixedStream(byte[] prefix, int prefixLength, InputStream rest) {
      this.prefix = prefix;
      this.prefixLength = prefixLength;
      this.rest = rest;
    }

    @Override
    public int read() throws IOException {
      return position < prefixLength ? prefix[position++] & 0xff : rest.read();
    }

    @Override
    public int read(byte[] into, int offset, int length) throws IOException {
      if (position < prefixLength) {
        int n = Math.min(length, prefixLength - position);
        System.arraycopy(prefix, position, into, offset, n);
        position += n;
        return n;
      }
      return rest.read(into, offset, length);
    }
  }
}
