package dev.cairn.config;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations ({@code 500ms}, {@code 20s}, {@code 5m}, {@code 24h}, {@code 7d}) and byte sizes ({@code 64MB}). */
final class Units {
  private static final Pattern DURATION = Pattern.compile("(\\d+)(ms|s|m|h|d)");
  private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|kib|mb|mib|gb|gib|tb|tib)?");
  private static final String[] SIZE_UNITS = {"TB", "GB", "MB", "KB"};

  private Units() {}

  /** A non-negative duration in the short form or ISO-8601 ({@code PT5M}). */
  static Duration parseDuration(String text) {
    Matcher m = DURATION.matcher(text.strip());
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      return switch (m.group(2)) {
        case "ms" -> Duration.ofMillis(n);
        case "s" -> Duration.ofSeconds(n);
        case "m" -> Duration.ofMinutes(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofDays(n);
      };
    }
    try {
      Duration d = Duration.parse(text.strip());
      if (d.isNegative()) {
        throw new IllegalArgumentException("negative");
      }
      return d;
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  /** The shortest exact short form: {@code 7d}, {@code 24h}, {@code 90s}, {@code 1500ms}; ISO-8601 below a millisecond. */
  static String formatDuration(Duration d) {
    if (d.isNegative()) {
      return "-" + formatDuration(d.negated());
    }
    if (d.isZero()) {
      return "0s";
    }
    if (d.toNanosPart() % 1_000_000 != 0) {
      return d.toString();
    }
    long ms = d.toMillis();
    long[] sizes = {86_400_000L, 3_600_000L, 60_000L, 1_000L};
    String[] units = {"d", "h", "m", "s"};
    // Days from two on: a day is better known as 24h.
    for (int i = ms < 2 * sizes[0] ? 1 : 0; i < sizes.length; i++) {
      if (ms % sizes[i] == 0) {
        return ms / sizes[i] + units[i];
      }
    }
    return ms + "ms";
  }

  /** Bytes from {@code 123}, {@code 512KB}, {@code 64MB}, {@code 2GB}: units are powers of 1024, as in {@code -Xmx}. */
  static long parseSize(String text) {
    Matcher m = SIZE.matcher(text.strip().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new IllegalArgumentException("not a size");
    }
    String unit = m.group(2) == null ? "b" : m.group(2);
    int shift = switch (unit.charAt(0)) {
      case 'k' -> 10;
      case 'm' -> 20;
      case 'g' -> 30;
      case 't' -> 40;
      default -> 0;
    };
    long n = Long.parseLong(m.group(1));
    if (n > Long.MAX_VALUE >> shift) {
      throw new IllegalArgumentException("too large");
    }
    return n << shift;
  }

  /** The largest exact unit: {@code 64MB}, {@code 1536KB}, {@code 100B}. */
  static String formatSize(long bytes) {
    for (int i = 0; i < SIZE_UNITS.length; i++) {
      int shift = 10 * (SIZE_UNITS.length - i);
      if (bytes != 0 && bytes % (1L << shift) == 0) {
        return (bytes >> shift) + SIZE_UNITS[i];
      }
    }
    return bytes + "B";
  }
}
