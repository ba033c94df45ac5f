package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.MissingNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.text.StarGlob;
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
 * <p>It looks at the pattern's fields under {@code detail}, nested ones included (outside {@code
 * $or}, none with a dot in its name), whose matchers are all plain strings, {@code prefix}, {@code
 * suffix}, {@code wildcard}, string {@code anything-but}, {@code exists}, or {@code
 * equals-ignore-case} of ASCII text (alone, in a prefix, a suffix or an anything-but), and only at
 * event values that are JSON strings reached through objects (an array, a number or null is left
 * to event-ruler).
 *
 * <p>When those fields are the whole pattern ({@code {"detail": {"eventName": ["StopLogging"],
 * "userIdentity": {"type": [{"anything-but": "AWSService"}]}, "errorCode": [{"exists": false}]}}}),
 * the guard is the pattern, for events whose values for them are strings or absent (only {@code
 * "exists": false} matches an absent field, every other matcher needs it present): {@link #decide}
 * then answers without event-ruler, so such a rule costs what a filter rule costs.
 */
final class PatternGuard {
  static final PatternGuard NONE = new PatternGuard(new String[0][], List.of(), new boolean[0], false);

  /** Strings event-ruler may read as IP addresses and match in other spellings. */
  private static final Pattern IP_LIKE = Pattern.compile("[0-9A-Fa-f:.]*[.:][0-9A-Fa-f:.]*");

  /** What {@link #decide} can say. */
  enum Decision { MATCH, NO_MATCH, ASK_EVENT_RULER }

  /** Each checked field's names under detail ({@code userIdentity}, {@code type} for detail.userIdentity.type). */
  private final String[][] paths;
  /** Each checked field's test of a string value. */
  private final List<Predicate<String>> tests;
  /** Whether each checked field's matchers accept the field's absence ({@code "exists": false}). */
  private final boolean[] absentMatches;
  /** True when the tests are the whole pattern. */
  private final boolean complete;

  private PatternGuard(String[][] paths, List<Predicate<String>> tests, boolean[] absentMatches, boolean complete) {
    this.paths = paths;
    this.tests = tests;
    this.absentMatches = absentMatches;
    this.complete = complete;
  }

  /** The guard of a valid pattern (as matched); {@link #NONE} when nothing can be checked cheaply. */
  static PatternGuard of(JsonNode pattern) {
    JsonNode detail = pattern.get("detail");
    if (detail == null || !detail.isObject()) {
      return NONE;
    }
    List<String[]> paths = new ArrayList<>();
    List<Predicate<String>> tests = new ArrayList<>();
    List<Boolean> absent = new ArrayList<>();
    boolean whole = collect(detail, new ArrayList<>(), paths, tests, absent);
    boolean[] absentMatches = new boolean[absent.size()];
    for (int i = 0; i < absentMatches.length; i++) {
      absentMatches[i] = absent.get(i);
    }
    boolean complete = pattern.size() == 1 && whole;
    return paths.isEmpty() ? NONE
        : new PatternGuard(paths.toArray(new String[0][]), List.copyOf(tests), absentMatches, complete);
  }

  /**
   * Adds a test for each leaf under {@code node} (nested objects included) whose matchers are
   * understood here; true when every leaf was (no {@code $or}, no dotted name, no other operator).
   */
  private static boolean collect(JsonNode node, List<String> prefix, List<String[]> paths,
      List<Predicate<String>> tests, List<Boolean> absent) {
    boolean whole = true;
    for (var field : node.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.indexOf('.') >= 0 || name.equals("$or")) {
        whole = false; // event-ruler joins names with '.'; alternatives are left to it
        continue;
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(name);
      if (value.isObject()) {
        whole &= collect(value, path, paths, tests, absent);
        continue;
      }
      Leaf leaf = value.isArray() ? leaf(value) : null;
      if (leaf == null) {
        whole = false;
        continue;
      }
      paths.add(path.toArray(new String[0]));
      tests.add(leaf.test());
      absent.add(leaf.absentMatches());
    }
    return whole;
  }

  /**
   * The pattern's answer for an envelope with this {@code detail} when the guard is the whole
   * pattern and every field it names is a string or absent there (under objects); else {@link
   * Decision#ASK_EVENT_RULER} (or {@link Decision#NO_MATCH} when a field already fails).
   */
  Decision decide(JsonNode detail) {
    if (!complete) {
      return mayMatch(detail) ? Decision.ASK_EVENT_RULER : Decision.NO_MATCH;
    }
    if (!(detail instanceof ObjectNode)) {
      return Decision.ASK_EVENT_RULER;
    }
    boolean certain = true;
    for (int i = 0; i < paths.length; i++) {
      JsonNode value = detail;
      String[] path = paths[i];
      for (int p = 0; p < path.length && value != null; p++) {
        if (!value.isObject()) {
          value = MissingNode.getInstance(); // an array (or a scalar) on the way: event-ruler decides
          break;
        }
        value = value.get(path[p]);
      }
      if (value == null) {
        if (!absentMatches[i]) {
          return Decision.NO_MATCH; // the other matchers need the field present
        }
      } else if (!value.isTextual()) {
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
    for (int i = 0; i < paths.length; i++) {
      JsonNode value = detail;
      for (String name : paths[i]) {
        value = value != null && value.isObject() ? value.get(name) : null;
      }
      if (value != null && value.isTextual() && !tests.get(i).test(value.textValue())) {
        return false;
      }
    }
    return true;
  }

  /** A leaf's matchers: a test of a string value, and whether the field's absence matches. */
  private record Leaf(Predicate<String> test, boolean absentMatches) {}

  /** Any of the leaf's matchers, or null when one of them is not understood here. */
  private static Leaf leaf(JsonNode matchers) {
    List<Predicate<String>> any = new ArrayList<>();
    boolean absentMatches = false;
    for (JsonNode matcher : matchers) {
      JsonNode exists = matcher.isObject() && matcher.size() == 1 ? matcher.get("exists") : null;
      if (exists != null && exists.isBoolean()) {
        // A string value is there: "exists": true matches it, false does not; absence the other way round.
        boolean wanted = exists.booleanValue();
        any.add(value -> wanted);
        absentMatches |= !wanted;
        continue;
      }
      Predicate<String> test = matcher(matcher);
      if (test == null) {
        return null;
      }
      any.add(test);
    }
    if (any.isEmpty()) {
      return null;
    }
    return new Leaf(anyOf(any), absentMatches);
  }

  private static Predicate<String> anyOf(List<Predicate<String>> any) {
    if (any.size() == 1) {
      return any.get(0);
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
    JsonNode ignoringCase = matcher.get("equals-ignore-case");
    if (prefix != null && prefix.isTextual()) {
      String p = prefix.textValue();
      return value -> value.startsWith(p);
    }
    if (suffix != null && suffix.isTextual()) {
      String s = suffix.textValue();
      return value -> value.endsWith(s);
    }
    String folded = ascii(ignoringCase);
    if (folded != null && safe(folded)) {
      return value -> value.length() == folded.length() && equalsIgnoringAsciiCase(value, 0, folded);
    }
    String prefixFolded = prefix == null ? null : ascii(prefix.get("equals-ignore-case"));
    if (prefixFolded != null && prefix.size() == 1) {
      return value -> value.length() >= prefixFolded.length() && equalsIgnoringAsciiCase(value, 0, prefixFolded);
    }
    String suffixFolded = suffix == null ? null : ascii(suffix.get("equals-ignore-case"));
    if (suffixFolded != null && suffix.size() == 1) {
      return value -> value.length() >= suffixFolded.length()
          && equalsIgnoringAsciiCase(value, value.length() - suffixFolded.length(), suffixFolded);
    }
    if (wildcard != null && wildcard.isTextual()) {
      List<String> parts = globParts(wildcard.textValue());
      return value -> StarGlob.matches(parts, value);
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
    if (excluded.isObject() && excluded.size() == 1 && excluded.has("equals-ignore-case")) {
      List<String> folded = new ArrayList<>();
      JsonNode values = excluded.get("equals-ignore-case");
      for (JsonNode x : values.isArray() ? values : List.of(values)) {
        String ascii = ascii(x);
        if (ascii == null || !safe(ascii)) {
          return null;
        }
        folded.add(ascii);
      }
      return value -> {
        for (String x : folded) {
          if (value.length() == x.length() && equalsIgnoringAsciiCase(value, 0, x)) {
            return false;
          }
        }
        return true;
      };
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

  /**
   * The text of an {@code equals-ignore-case} operand when it is all ASCII, else null (left to
   * event-ruler). event-ruler folds each character of the operand to its lower and upper case
   * (Locale.ROOT) and compares UTF-8 bytes; for an ASCII operand that is: the same length, and each
   * character equal or the other case of the same ASCII letter. Java's own equalsIgnoreCase would
   * also fold non-ASCII characters of the value (the Kelvin sign to k), which event-ruler does not.
   */
  private static String ascii(JsonNode operand) {
    if (operand == null || !operand.isTextual()) {
      return null;
    }
    String text = operand.textValue();
    return text.chars().allMatch(c -> c < 0x80) ? text : null;
  }

  /** Whether {@code value} holds {@code ascii} at {@code from}, ASCII letters in either case. */
  static boolean equalsIgnoringAsciiCase(String value, int from, String ascii) {
    for (int i = 0; i < ascii.length(); i++) {
      char v = value.charAt(from + i);
      char a = ascii.charAt(i);
      if (v != a && (v >= 0x80 || lowerAscii(v) != lowerAscii(a))) {
        return false;
      }
    }
    return true;
  }

  private static char lowerAscii(char c) {
    return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
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
}
