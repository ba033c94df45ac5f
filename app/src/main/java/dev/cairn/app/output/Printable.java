package dev.cairn.app.output;

/**
 * Text from events made safe for a terminal: control characters (C0, C1) and the bidirectional
 * overrides and isolates, which could move the cursor, recolour or reorder what a person reads,
 * become {@code ?}.
 */
public final class Printable {
  private Printable() {}

  /** {@code value} with every unsafe character replaced by {@code ?}; the same string when none is. */
  public static String of(String value) {
    StringBuilder safe = null;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean unsafe = c < 0x20 || (c >= 0x7f && c <= 0x9f) || (c >= 0x202a && c <= 0x202e)
          || (c >= 0x2066 && c <= 0x2069);
      if (unsafe && safe == null) {
        safe = new StringBuilder(value.length()).append(value, 0, i);
      }
      if (safe != null) {
        safe.append(unsafe ? '?' : c);
      }
    }
    return safe == null ? value : safe.toString();
  }
}
