package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * A cheap necessary condition of an event pattern, checked in Java before event-ruler is asked:
 * when {@link #mayMatch} is false the pattern cannot match, so the envelope need not be built nor
 * walked. When in doubt it says true and event-ruler decides, so the answer never changes, only
 * the cost.
 *
 * <p>It looks at the pattern's fields directly under {@code detail} (outside {@code $or}) whose
 * matchers are all plain strings, {@code prefix}, {@code suffix}, {@code wildcard} or string
 * {@code anything-but}, and only at event values that are JSON strings (an array, a number or an
 * absent field is left to event-ruler).
 *
 * <p>When those fields are the whole pattern ({@code {"detail": {"eventName": ["StopLogging"],
 * "awsRegion": [{"anything-but": "us-east-1"}]}}}), the guard is the pattern, for events whose values
 * for them are strings or absent (all those matchers need the field present): {@link #decide} then
 * answers without event-ruler, so such a rule costs what a filter rule costs.
 */
final class PatternGuard {
  static final PatternGuard NONE = new PatternGuard(new String[0], List.of(), false);

  /** Strings event-ruler may read as IP addresses and match in other spellings. */
  private static final Pattern IP_LIKE = Pattern.compile("[0-9A-Fa-f:.]*[.:][0-9A-Fa-f:.]*");

  /** What {@link #decide} can say. */
  enum Decision { MATCH, NO_MATCH, ASK_EVENT_RULER }

  private final String[] fields;
  private final List<Predicate<String>> tests;
  /** True when the tests are the whole pattern. */
  private final boolean complete;

  private PatternGuard(String[] fields, List<Predicate<String>> tests, boolean complete) {
    this.fields = fields;
    this.tests = tests;
    this.complete = complete;
  }

  /** The guard of a valid pattern (as matched); {@link #NONE} when nothing can be checked cheaply. */
  static PatternGuard of(JsonNode pattern) {
    JsonNode detail = pattern.get("detail");
    if (detail == null || !detail.isObject()) {
      return NONE;
    }
    List<String> fields = new ArrayList<>();
    List<Predicate<String>> tests = new ArrayList<>();
    detail.properties().forEach(field -> {
      Predicate<String> test = field.getKey().indexOf('.') < 0 && field.getValue().isArray() ? leaf(field.getValue()) : null;
      if (test != null) {
        fields.add(field.getKey());
        tests.add(test);
      }
    });
    boolean complete = pattern.size() == 1 && fields.size() == detail.size();
    return fields.isEmpty() ? NONE : new PatternGuard(fields.toArray(new String[0]), List.copyOf(tests), complete);
  }

  /**
   * The pattern's answer for an envelope with this {@code detail} when the guard is the whole
   * pattern and every field it names is a string or absent there; else {@link
   * Decision#ASK_EVENT_RULER} (or {@link Decision#NO_MATCH} when a string already fails).
   */
  Decision decide(JsonNode detail) {
    if (!complete) {
      return mayMatch(detail) ? Decision.ASK_EVENT_RULER : Decision.NO_MATCH;
    }
    if (!(detail instanceof ObjectNode)) {
      return Decision.ASK_EVENT_RULER;
    }
    boolean certain = true;
    for (int i = 0; i < fields.length; i++) {
      JsonNode value = detail.get(fields[i]);
      if (value == null) {
        return Decision.NO_MATCH; // every matcher here needs the field present
      }
      if (!value.isTextual()) {
        certain = false;
      } else if (!tests.get(i).test(value.textValue())) {
        return Decision.NO_MATCH;
      }
    }
    return certain ? Decision.MATCH : Decision.ASK_EVENT_RULER;
  }

  /** False only when the pattern cannot match an envelope with this {@code detail}. */
  boolean mayMatch(JsonNode detail) {
    if (detail == null) {
      return true;
    }
    for (int i = 0; i < fields.length; i++) {
      JsonNode value = detail.get(fields[i]);
      if (value != null && value.isTextual() && !tests.get(i).test(value.textValue())) {
        return false;
      }
    }
    return true;
  }

  /** Any of the leaf's matchers, or null when one of them is not understood here. */
  private static Predicate<String> leaf(JsonNode matchers) {
    List<Predicate<String>> any = new ArrayList<>();
    for (JsonNode matcher : matchers) {
      Predicate<String> test = matcher(matcher);
      if (test == null) {
        return null;
      }
      any.add(test);
    }
    if (any.isEmpty()) {
      return null;
    }
    return value -> {
      for (Predicate<String> test : any) {
        if (test.test(value)) {
          return true;
        }
      }
      return false;
    };
  }

  private static Predicate<String> matcher(JsonNode matcher) {
    if (matcher.isTextual()) {
      String expected = matcher.textValue();
      return safe(expected) ? expected::equals : null;
    }
    if (!matcher.isObject() || matcher.size() != 1) {
      return null;
    }
    JsonNode prefix = matcher.get("prefix");
    JsonNode suffix = matcher.get("suffix");
    JsonNode wildcard = matcher.get("wildcard");
    JsonNode anythingBut = matcher.get("anything-but");
    if (prefix != null && prefix.isTextual()) {
      String p = prefix.textValue();
      return value -> value.startsWith(p);
    }
    if (suffix != null && suffix.isTextual()) {
      String s = suffix.textValue();
      return value -> value.endsWith(s);
    }
    if (wildcard != null && wildcard.isTextual()) {
      List<String> parts = globParts(wildcard.textValue());
      return value -> globMatches(parts, value);
    }
    if (anythingBut != null) {
      return anythingBut(anythingBut);
    }
    return null;
  }

  private static Predicate<String> anythingBut(JsonNode excluded) {
    if (excluded.isTextual() && safe(excluded.textValue())) {
      String x = excluded.textValue();
      return value -> !value.equals(x);
    }
    if (excluded.isArray()) {
      Set<String> set = new HashSet<>();
      for (JsonNode x : excluded) {
        if (!x.isTextual() || !safe(x.textValue())) {
          return null;
        }
        set.add(x.textValue());
      }
      return value -> !set.contains(value);
    }
    if (excluded.isObject() && excluded.size() == 1 && excluded.path("prefix").isTextual()) {
      String p = excluded.get("prefix").textValue();
      return value -> !value.startsWith(p);
    }
    if (excluded.isObject() && excluded.size() == 1 && excluded.path("suffix").isTextual()) {
      String s = excluded.get("suffix").textValue();
      return value -> !value.endsWith(s);
    }
    return null;
  }

  private static boolean safe(String value) {
    return !IP_LIKE.matcher(value).matches();
  }

  /**
   * event-ruler's wildcard split at its stars: {@code *} is any run of characters, {@code \\*} a
   * star and {@code \\\\} a backslash; n stars give n + 1 literal parts.
   */
  static List<String> globParts(String wildcard) {
    List<String> parts = new ArrayList<>();
    StringBuilder literal = new StringBuilder();
    for (int i = 0; i < wildcard.length(); i++) {
      char c = wildcard.charAt(i);
      if (c == '\\' && i + 1 < wildcard.length()) {
        literal.append(wildcard.charAt(++i));
      } else if (c == '*') {
        parts.add(literal.toString());
        literal.setLength(0);
      } else {
        literal.append(c);
      }
    }
    parts.add(literal.toString());
    return List.copyOf(parts);
  }

  /**
   * Whether the value matches the glob: the first part starts it, the last ends it, the others are
   * found in order in between. Taking each middle part at its leftmost place is exact for globs
   * whose only operator is {@code *}.
   */
  static boolean globMatches(List<String> parts, String value) {
    String first = parts.get(0);
    if (parts.size() == 1) {
      return value.equals(first);
    }
    String last = parts.get(parts.size() - 1);
    if (value.length() < first.length() + last.length() || !value.startsWith(first) || !value.endsWith(last)) {
      return false;
    }
    int from = first.length();
    int limit = value.length() - last.length();
    for (int i = 1; i < parts.size() - 1; i++) {
      String part = parts.get(i);
      int at = value.indexOf(part, from);
      if (at < 0 || at + part.length() > limit) {
        return false;
      }
      from = at + part.length();
    }
    return true;
  }
}
