package dev.cairn.match;

/** Spelling help for messages: is a name a likely typo of another? */
final class Names {
  private Names() {}

  /** True when {@code typed} differs from {@code known} by at most two edits (and is not it). */
  static boolean closeTo(String typed, String known) {
    return !typed.equals(known) && Math.abs(typed.length() - known.length()) <= 2 && distance(typed, known) <= 2;
  }

  /** Levenshtein distance, case-insensitive; the names are short. */
  private static int distance(String a, String b) {
    String x = a.toLowerCase(java.util.Locale.ROOT);
    String y = b.toLowerCase(java.util.Locale.ROOT);
    int[] previous = new int[y.length() + 1];
    int[] current = new int[y.length() + 1];
    for (int j = 0; j <= y.length(); j++) {
      previous[j] = j;
    }
    for (int i = 1; i <= x.length(); i++) {
      current[0] = i;
      for (int j = 1; j <= y.length(); j++) {
        int substitution = previous[j - 1] + (x.charAt(i - 1) == y.charAt(j - 1) ? 0 : 1);
        current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
      }
      int[] swap = previous;
      previous = current;
      current = swap;
    }
    return previous[y.length()];
  }
}
