package dev.cairn.app.query;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code --since}/{@code --until} values: an instant ({@code 2026-03-01T09:00:00Z}), a UTC date or
 * date-time ({@code 2026-03-01}, {@code 2026-03-01T09:00}), or an age ({@code 7d}, {@code 12h},
 * {@code 30m}) meaning that long before now.
 */
final class TimeArgument {
  private static final Pattern AGE = Pattern.compile("(\\d+)([dhm])");

  private TimeArgument() {}

  static Instant parse(String text, Instant now) {
    String t = text.strip();
    Matcher m = AGE.matcher(t);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration age = switch (m.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofMinutes(n);
      };
      return now.minus(age);
    }
    try {
      return Instant.parse(t);
    } catch (DateTimeParseException notInstant) {
      try {
        return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException notDateTime) {
        try {
          return LocalDate.parse(t).atStartOfDay().toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException notDate) {
          throw new IllegalArgumentException("expected a time like 2026-03-01, 2026-03-01T09:00:00Z or 7d, got '"
              + text + "'");
        }
      }
    }
  }
}
