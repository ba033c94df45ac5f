package dev.cairn.alert.route;

import java.util.List;
import java.util.Objects;

/**
 * A route's value pattern: exact text, or {@code *} for any run of characters ({@code cis-*},
 * {@code *admin*}). Case-sensitive, like rule ids and CloudTrail values. Compiled once.
 *
 * <p>Matched by finding the pieces between the stars in order, leftmost first, which is enough
 * for stars alone and takes time linear in the value. Not a regex: values come from events, and a
 * backtracking {@code .*a.*b.*} over a crafted value can take minutes.
 */
final class Glob {
  private final String text;
  /** The text split at its stars; null when it has none. */
  private final List<String> pieces;

  Glob(String text) {
    this.text = Objects.requireNonNull(text, "text");
    this.pieces = text.indexOf('*') < 0 ? null : List.of(text.split("\\*", -1));
  }

  boolean matches(String value) {
    if (pieces == null) {
      return text.equals(value);
    }
    String first = pieces.get(0);
    String last = pieces.get(pieces.size() - 1);
    if (value.length() < first.length() + last.length() || !value.startsWith(first) || !value.endsWith(last)) {
      return false;
    }
    // Each middle piece as early as it occurs leaves the most room for the rest.
    int at = first.length();
    int end = value.length() - last.length();
    for (int i = 1; i < pieces.size() - 1; i++) {
      String piece = pieces.get(i);
      int found = value.indexOf(piece, at);
      if (found < 0 || found + piece.length() > end) {
        return false;
      }
      at = found + piece.length();
    }
    return true;
  }

  @Override
  public String toString() {
    return text;
  }
}
