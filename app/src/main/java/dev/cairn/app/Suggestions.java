package dev.cairn.app;

import java.util.Collection;
import java.util.Comparator;
import java.util.Optional;

/** The closest of some names to a mistyped word, by edit distance with transpositions. */
final class Suggestions {
  private Suggestions() {}

  /**
   * The name closest to {@code word}, if one is close enough to be what was meant: at most one
   * edit for short words, two for longer ones (an edit: a letter added, removed, changed, or two
   * neighbours swapped). {@code sacn} → {@code scan}, {@code valdiate} → {@code validate}.
   */
  static Optional<String> closest(String word, Collection<String> names) {
    int allowed = word.length() <= 4 ? 1 : 2;
    return names.stream()
        .filter(name -> distance(word, name) <= allowed)
        .min(Comparator.comparingInt((String name) -> distance(word, name)).thenComparing(Comparator.naturalOrder()));
  }

  /** Optimal string alignment distance (Damerau–Levenshtein without repeated edits of a substring). */
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
        int cost = Character.toLowerCase(a.charAt(i - 1)) == Character.toLowerCase(b.charAt(j - 1)) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
