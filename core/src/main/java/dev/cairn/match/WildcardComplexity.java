package dev.cairn.match;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/**
 * Whether a pattern's wildcards could make matching crawl: event-ruler's "complexity" (how many
 * wildcard rule prefixes one worst-case value can be inside at once), held to {@link #MAX} per rule.
 *
 * <p>Why not event-ruler's evaluator on the whole pattern: it walks every set of states a value can
 * reach, and those sets grow exponentially with the wildcard values of one field. Measured here
 * (event-ruler 2.1.0): 16 values like {@code *a1*} … {@code *a16*} took 15 s for a complexity of
 * 48; three values of 25 wildcards each, 39 s; six of six each, 60 s — one such rule stalled
 * {@code cairn validate}, {@code scan} and {@code run}. One wildcard string alone is quick to
 * measure (80 wildcards: 0.15 s), and the complexity of a field's values together is at most the
 * sum of theirs alone (their machines' states are those of each value, shared or not;
 * {@code WildcardComplexityTest} checks it against the evaluator on random values). So each string
 * is measured alone, and remembered: rule sets repeat their wildcards.
 *
 * <p>The verdict: the largest sum over the pattern's fields ({@code $or} branches naming a field
 * add to the same sum). Exact when a field has one wildcard string; otherwise an upper bound, so a
 * pattern whose exact complexity is under the limit may be refused. The message then says so and
 * how to get under it: fewer or simpler wildcards on that field, or split across rules.
 *
 * <p>Thread-safe: rules compile in parallel; the cache is concurrent and bounded.
 */
final class WildcardComplexity {
  /**
   * Worst-case wildcard complexity accepted per rule. event-ruler's README measures about 1,250
   * events/s at complexity 100, so more than that would let one rule stall the engine.
   */
  static final int MAX = 100;

  /** Complexity by wildcard string (and kind). Bounded, and a pure function's results. */
  private static final ConcurrentHashMap<String, Integer> MEASURED = new ConcurrentHashMap<>();

  private WildcardComplexity() {}

  /** Why the pattern is refused, or empty when its complexity is within {@link #MAX}. */
  static Optional<String> check(JsonNode pattern) {
    for (var field : byField(pattern).entrySet()) {
      List<String> strings = field.getValue();
      int sum = sum(strings);
      if (sum > MAX) {
        return Optional.of(strings.size() == 1
            ? "wildcard complexity " + sum + " is over the limit of " + MAX + "; simplify its wildcards"
            : "the " + strings.size() + " wildcards on " + field.getKey() + " could reach a wildcard complexity over"
                + " the limit of " + MAX + " (each adds its own); use fewer or simpler ones, or split them across rules");
      }
    }
    return Optional.empty();
  }

  /** The pattern's complexity or more: the largest sum over its fields, capped just over {@link #MAX}. */
  static int bound(JsonNode pattern) {
    int bound = 0;
    for (List<String> strings : byField(pattern).values()) {
      bound = Math.max(bound, sum(strings));
    }
    return bound;
  }

  private static int sum(List<String> matchers) {
    int sum = 0;
    for (String matcher : matchers) {
      sum = Math.min(sum + measured(matcher), MAX + 1);
    }
    return sum;
  }

  private static Map<String, List<String>> byField(JsonNode pattern) {
    Map<String, List<String>> byField = new LinkedHashMap<>();
    collect(pattern, "", byField);
    return byField;
  }

  /**
   * Gathers, by field path, each wildcard string as a one-matcher pattern of its own: {@code
   * {"wildcard": …}} or {@code {"anything-but": {"wildcard": …}}} (a list of the latter gives one each).
   */
  private static void collect(JsonNode node, String path, Map<String, List<String>> out) {
    for (var field : node.properties()) {
      String key = field.getKey();
      JsonNode value = field.getValue();
      if (key.equals("$or") && value.isArray()) {
        for (JsonNode branch : value) {
          collect(branch, path, out);
        }
      } else if (value.isObject()) {
        collect(value, path.isEmpty() ? key : path + "." + key, out);
      } else if (value.isArray()) {
        String leaf = path.isEmpty() ? key : path + "." + key;
        for (JsonNode matcher : value) {
          if (matcher.path("wildcard").isTextual()) {
            add(out, leaf, "{\"wildcard\":" + quoted(matcher.get("wildcard").textValue()) + "}");
          }
          JsonNode excluded = matcher.path("anything-but").path("wildcard");
          for (JsonNode string : excluded.isArray() ? excluded : List.of(excluded)) {
            if (string.isTextual()) {
              add(out, leaf, "{\"anything-but\":{\"wildcard\":" + quoted(string.textValue()) + "}}");
            }
          }
        }
      }
    }
  }

  private static void add(Map<String, List<String>> out, String field, String matcher) {
    out.computeIfAbsent(field, f -> new ArrayList<>()).add(matcher);
  }

  /** One matcher's complexity alone, capped just over the limit. */
  private static int measured(String matcher) {
    Integer known = MEASURED.get(matcher);
    if (known != null) {
      return known;
    }
    GenericMachine<String> single = GenericMachine.<String>builder().build();
    try {
      single.addRule("w", "{\"f\":[" + matcher + "]}");
    } catch (java.io.IOException e) {
      throw new IllegalStateException("a valid pattern's wildcard did not compile alone: " + matcher, e);
    }
    int complexity = single.evaluateComplexity(new MachineComplexityEvaluator(MAX + 1));
    if (MEASURED.size() < 10_000) {
      MEASURED.put(matcher, complexity);
    }
    return complexity;
  }

  private static String quoted(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    JsonStringEncoder.getInstance().quoteAsString(text, out);
    return out.append('"').toString();
  }
}
