package dev.cairn.text;

import com.fasterxml.jackson.core.io.JsonStringEncoder;

/**
 * Text made safe for a terminal or a log line: characters that could end the line, move the
 * cursor, recolour the screen or reorder what a person reads are written as visible escapes.
 * Every human-facing line Cairn prints goes through {@link #of}: tables, errors, logs. Event
 * fields and file names are attacker-controlled; a file named "x", ESC "[31m", a line break and "FORGED" is
 * shown as {@code x\x1b[31m\nFORGED}, on one line, uncoloured.
 *
 * <p>Escaped: C0 controls ({@code \n}, {@code \r}, {@code \t}, others as {@code \x1b}), DEL, C1
 * controls (backslash, {@code u009b}), the bidirectional marks, embeddings, overrides and
 * isolates (U+061C, U+200E, U+200F, U+202A–U+202E, U+2066–U+2069) and the line and paragraph
 * separators U+2028 and U+2029 (backslash, {@code u2028}). Everything else, backslashes included,
 * is left as it is, so ordinary text and Windows paths read unchanged.
 */
public final class Printable {
  private static final char[] HEX = "0123456789abcdef".toCharArray();
  private static final JsonStringEncoder ESCAPER = JsonStringEncoder.getInstance();

  private Printable() {}

  /** {@code value} with every unsafe character escaped; the same string when none is; null stays null. */
  public static String of(String value) {
    if (value == null) {
      return null;
    }
    for (int i = 0; i < value.length(); i++) {
      if (unsafe(value.charAt(i))) {
        StringBuilder safe = new StringBuilder(value.length() + 16).append(value, 0, i);
        append(safe, value, i);
        return safe.toString();
      }
    }
    return value;
  }

  /** Appends {@code value} to {@code out} with every unsafe character escaped. */
  public static StringBuilder append(StringBuilder out, String value) {
    return append(out, value, 0);
  }

  private static StringBuilder append(StringBuilder out, String value, int from) {
    for (int i = from; i < value.length(); i++) {
      char c = value.charAt(i);
      if (!unsafe(c)) {
        out.append(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else if (c == '\r') {
        out.append("\\r");
      } else if (c == '\t') {
        out.append("\\t");
      } else if (c < 0x80) {
        out.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
      } else {
        unicode(out, c);
      }
    }
    return out;
  }

  /**
   * Appends {@code value} as the inside of a JSON string: Jackson's escapes (quotes, backslashes,
   * C0 controls), and every other character {@link #of} escapes as backslash-u and four hex
   * digits, so the line is valid JSON that cannot rewrite a terminal it is printed on.
   */
  public static StringBuilder json(StringBuilder out, String value) {
    if (plain(value)) {
      return out.append(value); // nothing to escape (most values): one copy, not Jackson's char by char
    }
    int start = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c >= 0x7f && unsafe(c)) {
        ESCAPER.quoteAsString(value.subSequence(start, i), out);
        unicode(out, c);
        start = i + 1;
      }
    }
    ESCAPER.quoteAsString(start == 0 ? value : value.subSequence(start, value.length()), out);
    return out;
  }

  /**
   * JSON text (a whole document, e.g. a record as it was read) with every character above ASCII
   * that {@link #of} escapes written as backslash-u and four hex digits. Such characters can only
   * be inside strings in valid JSON, so the result means the same; C0 controls cannot be inside
   * strings unescaped.
   */
  public static String jsonText(String json) {
    StringBuilder safe = null;
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      boolean escape = c >= 0x7f && unsafe(c);
      if (escape && safe == null) {
        safe = new StringBuilder(json.length() + 16).append(json, 0, i);
      }
      if (safe != null) {
        if (escape) {
          unicode(safe, c);
        } else {
          safe.append(c);
        }
      }
    }
    return safe == null ? json : safe.toString();
  }

  private static void unicode(StringBuilder out, char c) {
    out.append("\\u").append(HEX[c >> 12]).append(HEX[(c >> 8) & 0xf]).append(HEX[(c >> 4) & 0xf])
        .append(HEX[c & 0xf]);
  }

  /** True when {@code value} is printable ASCII without a quote or backslash: JSON needs no escape in it. */
  private static boolean plain(String value) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < 0x20 || c >= 0x7f || c == '"' || c == '\\') {
        return false;
      }
    }
    return true;
  }

  /** True for the characters {@link #of} escapes. */
  public static boolean unsafe(char c) {
    if (c < 0x20 || c == 0x7f) {
      return true;
    }
    if (c < 0x80) {
      return false;
    }
    return c <= 0x9f || c == 0x061c || c == 0x200e || c == 0x200f || (c >= 0x2028 && c <= 0x202e)
        || (c >= 0x2066 && c <= 0x2069);
  }
}
