package dev.cairn.config;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;

/** "Did you mean" for a mistyped key: the closest declared name within a small edit distance. */
final class Suggestions {
  private Suggestions() {}

  /** "; did you mean workers?", or the list of keys when none is close. */
  static String suggest(String typed, Collection<String> names) {
    String lower = typed.toLowerCase(Locale.ROOT);
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : names.stream().sorted().toList()) {
      int d = distance(lower, name.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = name;
        bestDistance = d;
      }
    }
    // Two edits at most, and fewer than a third of the name: "queue" is not a typo of "state".
    if (best != null && bestDistance <= Math.min(2, Math.max(1, typed.length() / 3))) {
      return "; did you mean " + best + "?";
    }
    return names.isEmpty() ? " (this section has no settings)"
        : " (expected one of " + String.join(", ", names.stream().sorted(Comparator.naturalOrder()).toList()) + ")";
  }

  /** Optimal string alignment distance: insertions, deletions, substitutions and swaps of neighbours. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
