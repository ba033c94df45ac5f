package dev.cairn.event;

import java.nio.charset.StandardCharsets;

/** JSON text as read, without the whitespace between tokens: one line, whatever the input's layout. */
final class CompactJson {
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

  private static int firstWhitespaceOutsideStrings(byte[] json) {
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (isWhitespace(b)) {
        return i;
      }
    }
    return -1;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }
}
