package dev.cairn.event;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * Reads CloudTrail's {@code eventTime}. CloudTrail writes it as {@code yyyy-MM-ddTHH:mm:ssZ}; that
 * shape is read by hand, because {@link Instant#parse} costs about two microseconds, which at tens of
 * thousands of events a second per core was a tenth of the engine's CPU. Anything else (fractions of
 * a second, a leap second, a bad date) goes to {@link Instant#parse}, so the result is always what
 * {@code Instant.parse} gives (a differential test checks it).
 */
final class Timestamps {
  private static final int LENGTH = "2026-12-06T10:05:00Z".length();

  private Timestamps() {}

  /** The instant, or null when {@code text} is not an ISO-8601 instant. */
  static Instant parse(String text) {
    if (text.length() == LENGTH && text.charAt(4) == '-' && text.charAt(7) == '-' && text.charAt(10) == 'T'
        && text.charAt(13) == ':' && text.charAt(16) == ':' && text.charAt(19) == 'Z') {
      int year = digits(text, 0, 4);
      int month = digits(text, 5, 2);
      int day = digits(text, 8, 2);
      int hour = digits(text, 11, 2);
      int minute = digits(text, 14, 2);
      int second = digits(text, 17, 2);
      if ((year | month | day | hour | minute | second) >= 0 && hour < 24 && minute < 60 && second < 60) {
        try {
          long days = LocalDate.of(year, month, day).toEpochDay();
          return Instant.ofEpochSecond(days * 86_400 + hour * 3_600L + minute * 60L + second);
        } catch (DateTimeException e) {
          // not a date (February 30th): Instant.parse says so below
        }
      }
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  /** The decimal number in {@code text[from, from + count)}, or -1 when a character is not a digit. */
  private static int digits(String text, int from, int count) {
    int value = 0;
    for (int i = from; i < from + count; i++) {
      int digit = text.charAt(i) - '0';
      if (digit < 0 || digit > 9) {
        return -1;
      }
      value = value * 10 + digit;
    }
    return value;
  }
}
