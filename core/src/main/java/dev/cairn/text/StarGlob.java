package dev.cairn.text;

import java.util.List;

/**
 * Matching text whose only operator is {@code *} (any run of characters), given as the literal
 * pieces between its stars: {@code *admin*} is {@code ["", "admin", ""]}.
 *
 * <pre>{@code
 * StarGlob.matches(List.of("", "admin", ""), "role/admin-ops")   // true
 * StarGlob.matches(List.of("cis-", ""), "cis-1.1")              // true
 * }</pre>
 *
 * <p>The first piece must start the value, the last end it, and the others are found in order in
 * between, each at its leftmost place, which is exact when {@code *} is the only operator and takes
 * time linear in the value. Not a regex on purpose: values come from events, and a backtracking
 * {@code .*a.*b.*} over a crafted value can take minutes.
 */
public final class StarGlob {
  private StarGlob() {}

  /** Whether {@code value} matches the glob of {@code pieces} (one piece: the value must equal it). */
  public static boolean matches(List<String> pieces, String value) {
    String first = pieces.get(0);
    if (pieces.size() == 1) {
      return value.equals(first);
    }
    String last = pieces.get(pieces.size() - 1);
    if (value.length() < first.length() + last.length() || !value.startsWith(first) || !value.endsWith(last)) {
      return false;
    }
    int from = first.length();
    int limit = value.length() - last.length();
    for (int i = 1; i < pieces.size() - 1; i++) {
      String piece = pieces.get(i);
      int at = value.indexOf(piece, from);
      if (at < 0 || at + piece.length() > limit) {
        return false;
      }
      from = at + piece.length();
    }
    return true;
  }
}
