package dev.cairn.text;

/**
 * Fixed-width columns of a terminal table: {@code cairn scan --output table} and the console
 * channel of {@code cairn run} print the same columns through these, so the two tables read alike
 * and escape alike.
 */
public final class Columns {
  private Columns() {}

  /**
   * Appends one cell: the value escaped ({@link Printable#of}; {@code -} for null), cut to
   * {@code width} characters with {@code …} as the last, padded to {@code width}, then a space.
   */
  public static void cell(StringBuilder line, String value, int width) {
    String text = clip(Printable.of(dash(value)), width);
    line.append(text);
    for (int i = text.length(); i < width; i++) {
      line.append(' ');
    }
    line.append(' ');
  }

  /**
   * At most {@code max} characters of {@code value}, the last one {@code …} when it was cut; a
   * surrogate pair is never split and a lone surrogate becomes U+FFFD, so the text encodes as valid
   * UTF-8.
   */
  public static String clip(String value, int max) {
    int end = value.length();
    if (end > max) {
      end = Math.max(0, max - 1);
      if (end > 0 && Character.isLowSurrogate(value.charAt(end)) && Character.isHighSurrogate(value.charAt(end - 1))) {
        end--;
      }
    }
    StringBuilder out = null;
    for (int i = 0; i < end; i++) {
      char c = value.charAt(i);
      boolean paired = Character.isHighSurrogate(c) ? i + 1 < end && Character.isLowSurrogate(value.charAt(i + 1))
          : Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
      if (Character.isSurrogate(c) && !paired) {
        if (out == null) {
          out = new StringBuilder(end + 1).append(value, 0, i);
        }
        out.append('\uFFFD');
      } else if (out != null) {
        out.append(c);
      }
    }
    String kept = out != null ? out.toString() : end == value.length() ? value : value.substring(0, end);
    return end < value.length() ? kept + "…" : kept;
  }

  /** An event source without {@code .amazonaws.com} ({@code iam}, {@code s3}); {@code -} for null. */
  public static String service(String eventSource) {
    if (eventSource == null) {
      return "-";
    }
    return eventSource.endsWith(".amazonaws.com")
        ? eventSource.substring(0, eventSource.length() - ".amazonaws.com".length()) : eventSource;
  }

  /** {@code -} for null, else the value. */
  public static String dash(String value) {
    return value == null ? "-" : value;
  }
}
