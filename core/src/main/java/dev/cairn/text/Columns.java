package dev.cairn.text;

/**
 * Fixed-width columns of a terminal table: {@code cairn scan --output table} and the console
 * channel of {@code cairn run} print the same columns through these, so the two tables read alike
 * and escape alike.
 */
public final class Columns {
  private Columns() {}

  /** The RULE column's width for rule ids of up to {@code widest} characters: 4 to 32. */
  public static int ruleWidth(int widest) {
    return Math.min(32, Math.max(4, widest));
  }

  /** Appends the header cells of a match: SEVERITY and RULE. */
  public static void matchHeader(StringBuilder line, int ruleWidth) {
    cell(line, "SEVERITY", 8);
    cell(line, "RULE", ruleWidth);
  }

  /** Appends a match's cells: its severity and rule id. */
  public static void match(StringBuilder line, String severity, String rule, int ruleWidth) {
    cell(line, severity, 8);
    cell(line, rule, ruleWidth);
  }

  /** Appends the header cells of an event and FILE; returns the finished line. */
  public static String eventHeader(StringBuilder line) {
    cell(line, "TIME", 20);
    cell(line, "EVENT", 40);
    cell(line, "ACCOUNT", 12);
    cell(line, "REGION", 14);
    cell(line, "PRINCIPAL", 48);
    cell(line, "SOURCE IP", 15);
    return line.append("FILE\n").toString();
  }

  /**
   * Appends an event's cells (the event as {@code service:name}) and its file, escaped and cut to
   * 200 characters ({@code -} for null); returns the finished line.
   */
  public static String event(StringBuilder line, String eventTime, String eventSource, String eventName,
      String account, String region, String principal, String sourceIp, String file) {
    cell(line, eventTime, 20);
    cell(line, service(eventSource) + ":" + dash(eventName), 40);
    cell(line, account, 12);
    cell(line, region, 14);
    cell(line, principal, 48);
    cell(line, sourceIp, 15);
    return line.append(file == null ? "-" : clip(Printable.of(file), 200)).append('\n').toString();
  }

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
