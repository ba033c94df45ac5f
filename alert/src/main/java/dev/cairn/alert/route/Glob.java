package dev.cairn.alert.route;

import dev.cairn.text.StarGlob;
import java.util.List;
import java.util.Objects;

/**
 * A route's value pattern: exact text, or {@code *} for any run of characters ({@code cis-*},
 * {@code *admin*}). Case-sensitive, like rule ids and CloudTrail values. Compiled once; matched in
 * time linear in the value ({@link StarGlob}), since values come from events.
 */
final class Glob {
  private final String text;
  /** The text split at its stars (the text alone when it has none). */
  private final List<String> pieces;

  Glob(String text) {
    this.text = Objects.requireNonNull(text, "text");
    this.pieces = List.of(text.split("\\*", -1));
  }

  boolean matches(String value) {
    return StarGlob.matches(pieces, value);
  }

  @Override
  public String toString() {
    return text;
  }
}
