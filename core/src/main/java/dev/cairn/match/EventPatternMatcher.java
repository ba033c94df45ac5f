package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.JsonRuleCompiler;
import software.amazon.event.ruler.MachineComplexityEvaluator;

/**
 * All EventBridge event patterns of a rule set in one aws/event-ruler machine: one call finds every
 * pattern an event matches, whatever the number of rules. The machine is never modified after
 * {@link Builder#build()}, so concurrent matching needs no lock.
 */
final class EventPatternMatcher {
  static final EventPatternMatcher EMPTY = new EventPatternMatcher(null);

  /** EventBridge's limit on a pattern's length (EventPattern in the API model). */
  static final int MAX_PATTERN_CHARS = 4096;

  /**
   * Worst-case wildcard complexity we accept per rule. event-ruler's README measures about 1,250
   * events/s at complexity 100, so more than that would let one rule stall the engine.
   */
  static final int MAX_COMPLEXITY = 100;

  private static final ObjectMapper PATTERN_READER = new ObjectMapper();

  private final GenericMachine<String> machine;

  private EventPatternMatcher(GenericMachine<String> machine) {
    this.machine = machine;
  }

  static Builder builder() {
    return new Builder();
  }

  /** Ids of the rules whose pattern the event's envelope view matches; patterns read no more than {@code fields}. */
  Set<String> matches(CloudTrailEvent event, RecordFields fields) {
    if (machine == null) {
      return Set.of();
    }
    List<String> ids = machine.rulesForJSONEvent(event.envelope(fields));
    return ids.isEmpty() ? Set.of() : new HashSet<>(ids);
  }

  /**
   * The record fields a (valid) pattern reads, as field-name paths under {@code detail}; empty when
   * it reads all of {@code detail}. The envelope's other fields ({@code source}, {@code
   * detail-type}, {@code account}, {@code time}, {@code region}, {@code id}) come from core record
   * fields, and {@code resources} is empty for a bare record.
   */
  static Optional<List<List<String>>> recordPaths(String pattern) {
    List<List<String>> envelopePaths = new ArrayList<>();
    try {
      collectPaths(PATTERN_READER.readTree(pattern), new ArrayList<>(), envelopePaths);
    } catch (IOException e) {
      return Optional.empty();
    }
    List<List<String>> recordPaths = new ArrayList<>();
    for (List<String> path : envelopePaths) {
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
    node.fields().forEachRemaining(field -> {
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

  static final class Builder {
    private static final Pattern POSITION = Pattern.compile("line: (\\d+), column: (\\d+)]");
    private GenericMachine<String> machine;

    /** Adds the rule's pattern, or records why it cannot be added. */
    void add(Rule rule, List<RuleProblem> problems) {
      String pattern = rule.pattern();
      if (pattern.length() > MAX_PATTERN_CHARS) {
        problems.add(RuleSet.problem(rule, "pattern: is " + pattern.length()
            + " characters; EventBridge accepts at most " + MAX_PATTERN_CHARS));
        return;
      }
      // No overriding: a key given twice is an error, as it is for EventBridge, not "last wins".
      String error = JsonRuleCompiler.check(pattern, false);
      if (error != null) {
        problems.add(RuleSet.problem(rule, "pattern: " + readable(error)));
        return;
      }
      try {
        int complexity = complexity(rule.id(), pattern);
        if (complexity > MAX_COMPLEXITY) {
          problems.add(RuleSet.problem(rule, "pattern: wildcard complexity " + complexity
              + " is over the limit of " + MAX_COMPLEXITY + "; simplify its wildcards"));
          return;
        }
        machine().addRule(rule.id(), pattern);
      } catch (IOException | RuntimeException e) {
        // event-ruler signals some limits (e.g. more than 256 fields) with a RuntimeException.
        problems.add(RuleSet.problem(rule, "pattern: " + readable(String.valueOf(e.getMessage()))));
      }
    }

    /**
     * event-ruler appends Jackson's "at [Source: (String)...; line: 1, column: 25]" on a second
     * line; keep the reason and the position, drop the echo of the pattern.
     */
    static String readable(String message) {
      String reason = message.lines().findFirst().orElse(message).strip();
      Matcher at = POSITION.matcher(message);
      return at.find() ? "line " + at.group(1) + ", column " + at.group(2) + ": " + reason : reason;
    }

    private static int complexity(String id, String pattern) throws IOException {
      GenericMachine<String> single = newMachine();
      single.addRule(id, pattern);
      return single.evaluateComplexity(new MachineComplexityEvaluator(MAX_COMPLEXITY + 1));
    }

    private GenericMachine<String> machine() {
      if (machine == null) {
        machine = newMachine();
      }
      return machine;
    }

    private static GenericMachine<String> newMachine() {
      return GenericMachine.<String>builder().withOverridesForDuplicateRules(false).build();
    }

    EventPatternMatcher build() {
      return machine == null ? EMPTY : new EventPatternMatcher(machine);
    }
  }
}
