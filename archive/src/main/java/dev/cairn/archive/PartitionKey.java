package dev.cairn.archive;

/** A partition level before the time levels: the event's account, or its region. */
public enum PartitionKey {
  account,
  region;

  /** Longest value kept in a path. */
  static final int MAX = 64;

  /**
   * An attacker-controlled value made safe as one path segment: letters, digits, {@code -}, {@code _}
   * and {@code .} are kept (not a lone {@code .} or {@code ..}), anything else becomes {@code _},
   * at most {@value #MAX} characters; missing or empty is {@code unknown}.
   */
  static String pathValue(String value) {
    if (value == null || value.isEmpty()) {
      return "unknown";
    }
    StringBuilder b = new StringBuilder(Math.min(value.length(), MAX));
    for (int i = 0; i < value.length() && b.length() < MAX; i++) {
      char c = value.charAt(i);
      boolean safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
          || c == '.';
      b.append(safe ? c : '_');
    }
    String text = b.toString();
    return text.equals(".") || text.equals("..") ? text.replace('.', '_') : text;
  }
}
