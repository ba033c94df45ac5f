package dev.cairn.match;

import java.util.Locale;

/** How urgent a rule's matches are; rule files spell it in lower case. */
public enum Severity {
  INFO,
  LOW,
  MEDIUM,
  HIGH,
  CRITICAL;

  /** Parses {@code info}, {@code low}, {@code medium}, {@code high} or {@code critical} (any case); null if none. */
  public static Severity parse(String text) {
    for (Severity s : values()) {
      if (s.name().equalsIgnoreCase(text)) {
        return s;
      }
    }
    return null;
  }

  /** The spelling used in rule files and output. */
  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
