package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.Patterns;

/**
 * What Cairn knows about an EventBridge event pattern besides matching it: whether it is valid (as
 * event-ruler and EventBridge's limits see it), the form it is matched in, which record fields it
 * reads, and which values a field must have for it to match (for {@link RuleIndex}).
 */
final class EventPatterns {
  /** EventBridge's limit on a pattern's length (EventPattern in the API model). */
  static final int MAX_PATTERN_CHARS = 4096;

  /** event-ruler's limit on the fields of one rule (GenericMachine.MAXIMUM_RULE_SIZE). */
  static final int MAX_RULE_FIELDS = 256;

  /**
   * The two spellings of the sign-in detail-type: AWS's long-standing sample event and most
   * deployed rules say "Sign In", the current EventBridge user guide ("AWS service events delivered
   * via AWS CloudTrail") says "Signin". A pattern naming either matches events of both.
   */
  static final List<String> SIGN_IN_SPELLINGS =
      List.of("AWS Console Sign In via CloudTrail", "AWS Console Signin via CloudTrail");

  private static final ObjectMapper JSON = new ObjectMapper();
  private static final Pattern POSITION = Pattern.compile("line: (\\d+), column: (\\d+)]");
  /** Strings event-ruler may read as an IP address and match against other spellings of it. */
  private static final Pattern IP_LIKE = Pattern.compile("[0-9A-Fa-f:.]*[.:][0-9A-Fa-f:.]*");

  private EventPatterns() {}

  /** Receives a problem with a pattern: 1-based line and column in its text, 0 for the pattern as a whole. */
  interface Problems {
    void add(int line, int column, String reason);
  }

  /**
   * A checked pattern: the JSON text to match with, its tree (the caller's own copy), and
   * event-ruler's compiled form of the text (a map per {@code $or} alternative), which machines take
   * as it is: each index bucket holding the pattern builds a machine of its own, and compiling the
   * text again for each was most of what a thousand patterns cost to load.
   */
  record Checked(String text, JsonNode tree, List<Map<String, List<Patterns>>> compiled) {}

  /**
   * Checks the rule's pattern and returns the JSON to match with (the sign-in detail-type in both
   * spellings), parsed once; null after reporting why not.
   */
  static Checked compile(Rule rule, Problems problems) {
    String pattern = rule.pattern();
    if (pattern.length() > MAX_PATTERN_CHARS) {
      problems.add(0, 0, "is " + pattern.length() + " characters; EventBridge accepts at most " + MAX_PATTERN_CHARS);
      return null;
    }
    List<Map<String, List<Patterns>>> compiled;
    try {
      // No overriding: a key given twice is an error, as it is for EventBridge, not "last wins".
      compiled = JsonRuleCompiler.compile(pattern, false);
    } catch (Exception e) { // what event-ruler's own check catches, with its message
      report(String.valueOf(e.getLocalizedMessage()), problems);
      return null;
    }
    try {
      JsonNode tree = JSON.readTree(pattern);
      String matched = pattern;
      if (withBothSignInSpellings(tree)) {
        matched = JSON.writeValueAsString(tree);
        compiled = JsonRuleCompiler.compile(matched, false);
      }
      if (leafCount(tree) > MAX_RULE_FIELDS) {
        // event-ruler's size limit, in its words: adding the pattern to a machine says it.
        GenericMachine.<String>builder().withOverridesForDuplicateRules(false).build().addRule(rule.id(), matched);
      }
      if (matched.contains("wildcard")) {
        Optional<String> tooComplex = WildcardComplexity.check(tree);
        if (tooComplex.isPresent()) {
          problems.add(0, 0, tooComplex.get());
          return null;
        }
      }
      return new Checked(matched, tree, List.copyOf(compiled));
    } catch (IOException | RuntimeException e) {
      // event-ruler signals some limits (e.g. more than 256 fields) with a RuntimeException.
      report(String.valueOf(e.getMessage()), problems);
      return null;
    }
  }

  /** event-ruler's message, with its position, in words that say what to write. */
  private static void report(String message, Problems problems) {
    String reason = message.lines().findFirst().orElse(message).strip();
    if (reason.startsWith("Empty arrays are not allowed")) {
      reason += ": an empty list matches nothing; list at least one value, or leave the field out";
    }
    Matcher at = POSITION.matcher(message);
    if (at.find()) {
      problems.add(Integer.parseInt(at.group(1)), Integer.parseInt(at.group(2)), reason);
    } else {
      problems.add(0, 0, reason);
    }
  }

  /** Leaves of a valid pattern, over all {@code $or} branches: at least the fields of any one sub-rule. */
  private static int leafCount(JsonNode pattern) {
    List<List<String>> paths = new ArrayList<>();
    collectPaths(pattern, new ArrayList<>(), paths);
    return paths.size();
  }

  /**
   * Makes a top-level {@code detail-type} naming one sign-in spelling name both, in place; true
   * when it did.
   */
  private static boolean withBothSignInSpellings(JsonNode root) {
    if (!(root instanceof ObjectNode) || !(root.get("detail-type") instanceof ArrayNode values)) {
      return false;
    }
    boolean changed = addOtherSpelling(values);
    for (JsonNode value : values) {
      if (value.get("anything-but") instanceof ArrayNode excluded) {
        changed |= addOtherSpelling(excluded);
      } else if (value instanceof ObjectNode matcher && value.path("anything-but").isTextual()) {
        ArrayNode excluded = matcher.arrayNode().add(value.get("anything-but").textValue());
        if (addOtherSpelling(excluded)) {
          matcher.set("anything-but", excluded);
          changed = true;
        }
      }
    }
    return changed;
  }

  private static boolean addOtherSpelling(ArrayNode values) {
    boolean changed = false;
    for (String spelling : SIGN_IN_SPELLINGS) {
      boolean present = false;
      boolean otherPresent = false;
      for (JsonNode value : values) {
        present |= value.isTextual() && value.textValue().equals(spelling);
        otherPresent |= value.isTextual() && SIGN_IN_SPELLINGS.contains(value.textValue()) && !value.textValue().equals(spelling);
      }
      if (!present && otherPresent) {
        values.add(spelling);
        changed = true;
      }
    }
    return changed;
  }

  /**
   * The record fields a (valid) pattern reads, as field-name paths under {@code detail}; empty when
   * it reads all of {@code detail} (or names a key with a dot in it). The envelope's other fields ({@code source}, {@code
   * detail-type}, {@code account}, {@code time}, {@code region}, {@code id}) come from core record
   * fields, and {@code resources} is empty for a bare record.
   */
  static Optional<List<List<String>>> recordPaths(JsonNode pattern) {
    List<List<String>> envelopePaths = new ArrayList<>();
    collectPaths(pattern, new ArrayList<>(), envelopePaths);
    List<List<String>> recordPaths = new ArrayList<>();
    for (List<String> path : envelopePaths) {
      if (path.stream().anyMatch(name -> name.indexOf('.') >= 0)) {
        // event-ruler joins names with '.', so {"detail.x": ...} reads detail.x too: read it all
        return Optional.empty();
      }
      if (path.get(0).equals("detail")) {
        if (path.size() == 1) {
          return Optional.empty();
        }
        recordPaths.add(path.subList(1, path.size()));
      }
    }
    return Optional.of(recordPaths);
  }

  /** Adds the path of every leaf (a key whose value is a list of matchers); {@code $or} branches add theirs. */
  private static void collectPaths(JsonNode node, List<String> prefix, List<List<String>> out) {
    node.properties().forEach(field -> {
      JsonNode value = field.getValue();
      if (field.getKey().equals("$or") && value.isArray()) {
        value.forEach(branch -> collectPaths(branch, prefix, out));
        return;
      }
      List<String> path = new ArrayList<>(prefix);
      path.add(field.getKey());
      if (value.isObject()) {
        collectPaths(value, path, out);
      } else {
        out.add(List.copyOf(path));
      }
    });
  }

  /**
   * The strings the event's value at {@code path} (dotted, as event-ruler flattens it: {@code
   * detail.eventName}) must equal for the (valid) pattern to match, or null when the pattern does not
   * pin it to plain strings. Only fields outside {@code $or} count, and only leaves that list plain
   * strings that event-ruler compares byte for byte (not ones it may read as IP addresses).
   */
  static Set<String> requiredValues(JsonNode pattern, String path) {
    return requiredValues(pattern, "", path);
  }

  private static Set<String> requiredValues(JsonNode node, String prefix, String path) {
    if (!node.isObject()) {
      return null;
    }
    for (var field : node.properties()) {
      String key = prefix.isEmpty() ? field.getKey() : prefix + "." + field.getKey();
      JsonNode value = field.getValue();
      if (field.getKey().equals("$or") && value.isArray()) {
        continue; // alternatives: a field inside one branch is not required
      }
      if (value.isObject() && path.startsWith(key + ".")) {
        Set<String> nested = requiredValues(value, key, path);
        if (nested != null) {
          return nested;
        }
      } else if (value.isArray() && key.equals(path)) {
        return plainStrings(value);
      }
    }
    return null;
  }

  private static Set<String> plainStrings(JsonNode leaf) {
    Set<String> values = new HashSet<>();
    for (JsonNode value : leaf) {
      if (!value.isTextual() || IP_LIKE.matcher(value.textValue()).matches()) {
        return null;
      }
      values.add(value.textValue());
    }
    return values.isEmpty() ? null : values;
  }
}
