package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.GenericMachine;

/**
 * Some EventBridge event patterns in aws/event-ruler machines: one call finds every pattern of them
 * an event's envelope matches. Rules are named by their position in the rule set. The machines are
 * never modified after {@link Builder#build()}, so concurrent matching needs no lock.
 *
 * <p>Most patterns share one machine, so that one walk of the envelope answers for all of them
 * whatever their number. A pattern that event-ruler (2.1.0) may answer wrongly for when it shares a
 * machine gets a machine of its own (see {@link #needsOwnMachine}): event-ruler builds one byte
 * automaton per field from the values of every pattern in the machine and reuses a state another
 * pattern made when a character leads there; for a case-folded character ({@code
 * equals-ignore-case} in any form) or a byte in the middle of a reversed non-ASCII character (a
 * suffix), it skips the check that the state is not a wildcard's "any run of characters" state, so
 * such a pattern can take another's wildcard for its own: beside {@code {"wildcard": "*Policy*"}},
 * {@code {"equals-ignore-case": "subscribe"}} matches {@code Unsubscribe}. Alone, every pattern is
 * matched as event-ruler documents it.
 */
final class EventPatternMatcher {
  static final EventPatternMatcher EMPTY = new EventPatternMatcher(List.of());

  /** The shared machine first (when there is one), then the machines of one pattern each. */
  private final List<GenericMachine<Integer>> machines;

  private EventPatternMatcher(List<GenericMachine<Integer>> machines) {
    this.machines = machines;
  }

  static Builder builder() {
    return new Builder();
  }

  boolean isEmpty() {
    return machines.isEmpty();
  }

  /** Positions of the rules whose pattern the envelope matches; each at most once. */
  List<Integer> matches(JsonNode envelope) {
    if (machines.size() == 1) {
      return machines.get(0).rulesForJSONEvent(envelope);
    }
    List<Integer> all = new ArrayList<>();
    for (GenericMachine<Integer> machine : machines) {
      all.addAll(machine.rulesForJSONEvent(envelope));
    }
    return all;
  }

  /**
   * Whether the pattern must not share a machine: it uses {@code equals-ignore-case} (alone, in
   * {@code prefix}, {@code suffix} or {@code anything-but}), or a {@code suffix} (plain or in
   * {@code anything-but}) with a non-ASCII character. Differential testing of every operator pair
   * and triple on one field ({@code PatternMixPropertyTest}) found event-ruler wrong only with
   * these; patterns without them agree in one machine with each alone.
   */
  static boolean needsOwnMachine(JsonNode pattern) {
    for (Map.Entry<String, JsonNode> field : pattern.properties()) {
      String name = field.getKey();
      JsonNode value = field.getValue();
      if (name.equals("equals-ignore-case") || (name.equals("suffix") && hasNonAscii(value))) {
        return true;
      }
      if (value.isObject() && needsOwnMachine(value)) {
        return true;
      }
      if (value.isArray()) {
        for (JsonNode element : value) {
          if (element.isObject() && needsOwnMachine(element)) {
            return true;
          }
        }
      }
    }
    return false;
  }

  private static boolean hasNonAscii(JsonNode node) {
    if (node.isTextual()) {
      return !node.textValue().chars().allMatch(c -> c < 0x80);
    }
    for (JsonNode child : node) {
      if (hasNonAscii(child)) {
        return true;
      }
    }
    return false;
  }

  static final class Builder {
    private GenericMachine<Integer> shared;
    private final List<GenericMachine<Integer>> own = new ArrayList<>();

    /** Adds a pattern that {@link EventPatterns#compile} accepted, given as text and as its tree. */
    Builder add(int position, String pattern, JsonNode tree) {
      GenericMachine<Integer> machine;
      if (needsOwnMachine(tree)) {
        machine = newMachine();
        own.add(machine);
      } else {
        if (shared == null) {
          shared = newMachine();
        }
        machine = shared;
      }
      try {
        machine.addRule(position, pattern);
      } catch (IOException e) {
        throw new UncheckedIOException("a checked pattern failed to compile: " + pattern, e);
      }
      return this;
    }

    private static GenericMachine<Integer> newMachine() {
      return GenericMachine.<Integer>builder().withOverridesForDuplicateRules(false).build();
    }

    EventPatternMatcher build() {
      List<GenericMachine<Integer>> machines = new ArrayList<>();
      if (shared != null) {
        machines.add(shared);
      }
      machines.addAll(own);
      return machines.isEmpty() ? EMPTY : new EventPatternMatcher(List.copyOf(machines));
    }
  }
}
