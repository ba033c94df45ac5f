package dev.cairn.alert.route;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A route's value pattern: exact text, or {@code *} for any run of characters ({@code cis-*},
 * {@code *admin*}). Case-sensitive, like rule ids and CloudTrail values. Compiled once.
 */
final class Glob {
  private final String text;
  private final Pattern pattern;

  Glob(String text) {
    this.text = Objects.requireNonNull(text, "text");
    this.pattern = text.indexOf('*') < 0 ? null : Pattern.compile(
        ("\\Q" + text.replace("\\E", "\\E\\\\E\\Q") + "\\E").replace("*", "\\E.*\\Q"), Pattern.DOTALL);
  }

  boolean matches(String value) {
    return pattern == null ? text.equals(value) : pattern.matcher(value).matches();
  }

  @Override
  public String toString() {
    return text;
  }
}
