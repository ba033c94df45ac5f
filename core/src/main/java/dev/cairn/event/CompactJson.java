package dev.cairn.event;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;

/** JSON text as read, without the whitespace between tokens: one line, whatever the input's layout. */
final class CompactJson {
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long QUOTES = 0x2222222222222222L;
  private static final long BACKSLASHES = 0x5c5c5c5c5c5c5c5cL;

  private CompactJson() {}

  /** {@code json} (one valid JSON value, UTF-8) as a string with insignificant whitespace removed. */
  static String of(byte[] json) {
    return new String(bytes(json), StandardCharsets.UTF_8);
  }

  /**
   * {@code json} (one valid JSON value, UTF-8) with insignificant whitespace removed, as UTF-8:
   * {@code json} itself when it has none (do not modify the result), else a new array.
   */
  static byte[] bytes(byte[] json) {
    int first = firstWhitespaceOutsideStrings(json);
    if (first < 0) {
      return json; // CloudTrail writes compact records: the usual case
    }
    byte[] out = new byte[json.length];
    System.arraycopy(json, 0, out, 0, first);
    int length = first;
    boolean inString = false;
    for (int i = first; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        out[length++] = b;
        if (b == '\\') {
          out[length++] = json[++i]; // the escaped byte cannot end the string
        } else if (b == '"') {
          inString = false;
        }
      } else if (!isWhitespace(b)) {
        out[length++] = b;
        inString = b == '"';
      }
    }
    return java.util.Arrays.copyOf(out, length);
  }

  /**
   * The index of the first whitespace byte outside strings, or -1. Called once per archived row on
   * about 2 KB: string contents, most of a record, are skipped eight bytes at a time up to a word
   * holding a quote or a backslash (a byte at a time, this scan was half the cost of a row).
   */
  static int firstWhitespaceOutsideStrings(byte[] json) {
    int i = 0;
    while (i < json.length) {
      byte b = json[i];
      if (b == '"') {
        i = afterString(json, i + 1);
      } else if (isWhitespace(b)) {
        return i;
      } else {
        i++;
      }
    }
    return -1;
  }

  /** Just past the closing quote of the string whose contents start at {@code i} (the end of {@code json} if none). */
  private static int afterString(byte[] json, int i) {
    int end = json.length;
    while (i < end) {
      while (i <= end - 8) {
        long word = (long) LONGS.get(json, i);
        if ((zeroByte(word ^ QUOTES) | zeroByte(word ^ BACKSLASHES)) != 0) {
          break;
        }
        i += 8;
      }
      while (i < end && json[i] != '"' && json[i] != '\\') {
        i++;
      }
      if (i >= end) {
        return end;
      }
      if (json[i] == '"') {
        return i + 1;
      }
      i += 2; // the escaped byte cannot end the string
    }
    return end;
  }

  /** Non-zero when some byte of {@code word} is zero. */
  private static long zeroByte(long word) {
    return (word - 0x0101010101010101L) & ~word & 0x8080808080808080L;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
