package dev.cairn.alert.channel;

/**
 * Fits untrusted text into a receiver's limits: escaped once for the receiver's format, cut on a
 * code point (never inside a surrogate pair or an escape) with an explicit {@code … (truncated, N
 * more)} marker, lone surrogates replaced by U+FFFD so the result always encodes as valid UTF-8.
 * The one helper every channel uses for sizes.
 *
 * <p>Limits count the output (escaped) text, because that is what the receiver measures. A value
 * of 50 MB costs one pass over what is kept plus one count of what is not. A limit shorter than
 * the marker itself cuts without one.
 */
final class Text {
  private Text() {}

  /** How a format escapes one code point. */
  @FunctionalInterface
  interface Escaper {
    void append(StringBuilder out, int codePoint);

    /** No escaping: the format (JSON through Jackson, a MIME text part) needs none of its own. */
    Escaper NONE = StringBuilder::appendCodePoint;

    /** Slack's control characters, and only those: Slack decodes exactly these three entities. */
    Escaper SLACK = (out, c) -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        default -> out.appendCodePoint(c);
      }
    };

    /** HTML text and attribute values. */
    Escaper HTML = (out, c) -> {
      switch (c) {
        case '&' -> out.append("&amp;");
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.appendCodePoint(c);
      }
    };
  }

  /** How much of the output a limit measures. */
  private enum Unit {
    CHARS,
    UTF8_BYTES
  }

  /** The marker that ends a cut value: how many code points were left out. */
  static String marker(long more) {
    return "… (truncated, " + more + " more)";
  }

  /** The value as is (lone surrogates replaced), at most {@code maxChars} UTF-16 units. */
  static String fit(String value, int maxChars) {
    return fit(value, maxChars, Escaper.NONE);
  }

  /** The value escaped, at most {@code maxChars} UTF-16 units of escaped text. */
  static String fit(String value, int maxChars, Escaper escaper) {
    return cut(value, 0, maxChars, escaper, Unit.CHARS);
  }

  /** The value as is, at most {@code maxBytes} bytes once encoded as UTF-8. */
  static String fitUtf8(String value, int maxBytes) {
    return cut(value, 0, maxBytes, Escaper.NONE, Unit.UTF8_BYTES);
  }

  /**
   * The value escaped and split into at most {@code maxParts} parts of at most {@code maxChars}
   * each (a Slack section each, say), breaking after a newline when one falls in the second half of
   * a part; the last part is cut with the marker when the value does not fit. An empty value gives
   * no parts.
   */
  static java.util.List<String> chunks(String value, int maxChars, int maxParts, Escaper escaper) {
    java.util.List<String> parts = new java.util.ArrayList<>();
    int from = 0;
    StringBuilder piece = new StringBuilder(8);
    while (from < value.length() && parts.size() < maxParts - 1) {
      StringBuilder part = new StringBuilder();
      int i = from;
      int newlineEnd = -1; // the value index and part length just after the last newline taken
      int newlineLength = 0;
      while (i < value.length()) {
        int c = value.codePointAt(i);
        piece.setLength(0);
        escaper.append(piece, lone(c) ? 0xFFFD : c);
        if (part.length() + piece.length() > maxChars) {
          break;
        }
        part.append(piece);
        i += Character.charCount(c);
        if (c == '\n') {
          newlineEnd = i;
          newlineLength = part.length();
        }
      }
      if (i >= value.length()) {
        parts.add(part.toString());
        return parts;
      }
      if (newlineEnd > 0 && newlineLength > maxChars / 2) {
        part.setLength(newlineLength);
        i = newlineEnd;
      }
      parts.add(part.toString());
      from = i;
    }
    if (from < value.length()) {
      parts.add(cut(value, from, maxChars, escaper, Unit.CHARS)); // no copy of a 50 MB rest
    }
    return parts;
  }

  /**
   * The value within {@code max} UTF-16 units, ending in {@code …} when cut, on a code point: for
   * columns and cells too narrow for the marker (the console table).
   */
  static String clip(String value, int max) {
    if (value.length() <= max) {
      return fit(value, max);
    }
    int end = Math.max(0, max - 1);
    if (end > 0 && Character.isLowSurrogate(value.charAt(end)) && Character.isHighSurrogate(value.charAt(end - 1))) {
      end--;
    }
    return fit(value.substring(0, end), end) + "…";
  }

  /** Control characters (CR and LF included) as spaces: for one-line fields such as a subject. */
  static String oneLine(String value) {
    StringBuilder out = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean control = c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029';
      if (control && out == null) {
        out = new StringBuilder(value.length()).append(value, 0, i);
      }
      if (out != null) {
        out.append(control ? ' ' : c);
      }
    }
    return out == null ? value : out.toString();
  }

  /** {@code value} from index {@code from} on, fitted. */
  private static String cut(String value, int from, int max, Escaper escaper, Unit unit) {
    if (max < 0) {
      throw new IllegalArgumentException("max must not be negative, got " + max);
    }
    if (from == 0 && escaper == Escaper.NONE && fitsAsIs(value, max, unit)) {
      return value; // the common case, taken per string of every record sent: no copy
    }
    // Room kept for the marker: its longest form, as no more code points can be left out than there are chars.
    int reserve = size(marker(value.length() - from), unit);
    int keepWithin = Math.max(0, max - reserve);
    StringBuilder out = new StringBuilder(Math.min(value.length() - from, max) + 16);
    StringBuilder piece = new StringBuilder(8);
    int size = 0;
    int cutIndex = -1; // where the value is cut if it turns out not to fit whole
    int cutLength = 0;
    int i = from;
    while (i < value.length()) {
      int c = value.codePointAt(i);
      int next = i + Character.charCount(c);
      if (lone(c)) {
        c = 0xFFFD; // a lone surrogate: no valid UTF-8 exists for it
      }
      piece.setLength(0);
      escaper.append(piece, c);
      int pieceSize = unit == Unit.CHARS ? piece.length() : utf8Length(piece);
      if (size + pieceSize > keepWithin && cutIndex < 0) {
        cutIndex = i;
        cutLength = out.length();
      }
      if (size + pieceSize > max) {
        break;
      }
      out.append(piece);
      size += pieceSize;
      i = next;
    }
    if (i >= value.length()) {
      return out.toString();
    }
    if (reserve > max) {
      return out.toString(); // a limit shorter than the marker: cut without one
    }
    out.setLength(cutLength);
    String marker = marker(value.codePointCount(cutIndex, value.length()));
    return out.append(marker).toString();
  }

  /** Whether the value is within {@code max} as it is and holds no lone surrogate to replace. */
  private static boolean fitsAsIs(String value, int max, Unit unit) {
    if (value.length() > max) {
      return false; // every char is at least one unit of either kind
    }
    int size = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (Character.isSurrogate(c)) {
        if (!Character.isHighSurrogate(c) || i + 1 >= value.length() || !Character.isLowSurrogate(value.charAt(i + 1))) {
          return false;
        }
        i++;
        size += unit == Unit.CHARS ? 2 : 4;
      } else {
        size += unit == Unit.CHARS ? 1 : c < 0x80 ? 1 : c < 0x800 ? 2 : 3;
      }
    }
    return size <= max;
  }

  /** A code point in the surrogate range: half of a pair, without its other half. */
  private static boolean lone(int codePoint) {
    return codePoint >= Character.MIN_SURROGATE && codePoint <= Character.MAX_SURROGATE;
  }

  private static int size(String s, Unit unit) {
    return unit == Unit.CHARS ? s.length() : utf8Length(s);
  }

  /** UTF-8 length, counting a lone surrogate as the replacement character it becomes. */
  static int utf8Length(CharSequence s) {
    int bytes = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x80) {
        bytes += 1;
      } else if (c < 0x800) {
        bytes += 2;
      } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
        bytes += 4;
        i++;
      } else {
        bytes += 3;
      }
    }
    return bytes;
  }
}
