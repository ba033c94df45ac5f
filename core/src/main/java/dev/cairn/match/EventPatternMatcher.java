package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.event.ruler.GenericMachine;
import software.amazon.event.ruler.Patterns;

/**
 * Some EventBridge event patterns in aws/event-ruler machines, asked whether an event's envelope
 * matches the pattern at a position (rules are named by their position in the rule set). The
 * machines are never modified after {@link Builder#build()}, so concurrent matching needs no lock.
 *
 * <p>Most patterns share one machine, so that one walk of the envelope answers for all of them
 * whatever their number; a pattern with a machine of its own costs a walk only when it is asked. A
 * pattern that event-ruler (2.1.0) may answer wrongly for when it shares a machine gets a machine
 * of its own (see {@link #needsOwnMachine}): event-ruler builds one byte automaton per field from
 * the values of every pattern in the machine and reuses a state another pattern made when a
 * character leads there; for a case-folded character ({@code equals-ignore-case} in any form) or a
 * byte in the middle of a reversed non-ASCII character (a suffix), it skips the check that the
 * state is not a wildcard's "any run of characters" state, so such a pattern can take another's
 * wildcard for its own: beside {@code {"wildcard": "*Policy*"}}, {@code {"equals-ignore-case":
 * "subscribe"}} matches {@code Unsubscribe}. Alone, every pattern is matched as event-ruler
 * documents it.
 */
final class EventPatternMatcher {
  static final EventPatternMatcher EMPTY = new EventPatternMatcher(null, Map.of());

  /** The machine most patterns share, or null. */
  private final GenericMachine<Integer> shared;
  /**
   * The machines of one pattern each, by the pattern's position: one per alternative ({@link
   * PatternAlternatives}), any of which matching is a match.
   */
  private final Map<Integer, List<GenericMachine<Integer>>> own;

  private EventPatternMatcher(GenericMachine<Integer> shared, Map<Integer, List<GenericMachine<Integer>>> own) {
    this.shared = shared;
    this.own = own;
  }

  static Builder builder() {
    return new Builder();
  }

  boolean isEmpty() {
    return shared == null && own.isEmpty();
  }

  /**
   * The questions about one envelope: whether the pattern at a position matches it. The shared
   * machine is walked once, on the first question it must answer; a pattern of its own machine
   * walks only that one. Not thread-safe: one per event (and bucket).
   */
  Asking ask(JsonNode envelope) {
    return new Asking(envelope);
  }

  final class Asking {
    private final JsonNode envelope;
    private List<Integer> sharedHits;

    private Asking(JsonNode envelope) {
      this.envelope = envelope;
    }

    /** Whether the envelope matches the pattern at this position (one of this matcher's). */
    boolean matches(int position) {
      List<GenericMachine<Integer>> alone = own.isEmpty() ? null : own.get(position);
      if (alone != null) {
        for (GenericMachine<Integer> machine : alone) {
          if (!machine.rulesForJSONEvent(envelope).isEmpty()) {
            return true;
          }
        }
        return false;
      }
      if (sharedHits == null) {
        sharedHits = shared == null ? List.of() : shared.rulesForJSONEvent(envelope);
      }
      return sharedHits.contains(position);
    }
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
    private final Map<Integer, List<GenericMachine<Integer>>> own = new HashMap<>();

    /** Adds a pattern that {@link EventPatterns#compile} accepted. */
    Builder add(int position, EventPatterns.Checked pattern) {
      if (pattern.tree() instanceof ObjectNode object && needsOwnMachine(object)) {
        List<ObjectNode> alternatives = PatternAlternatives.of(object);
        List<GenericMachine<Integer>> machines = new ArrayList<>(alternatives.size());
        if (alternatives.size() == 1) {
          machines.add(addRule(newMachine(), position, pattern.compiled()));
        } else {
          for (ObjectNode alternative : alternatives) {
            machines.add(addRule(newMachine(), position, alternative.toString()));
          }
        }
        own.put(position, List.copyOf(machines));
      } else {
        if (shared == null) {
          shared = newMachine();
        }
        addRule(shared, position, pattern.compiled());
      }
      return this;
    }

    private static GenericMachine<Integer> addRule(GenericMachine<Integer> machine, int position,
        List<Map<String, List<Patterns>>> compiled) {
      for (Map<String, List<Patterns>> subRule : compiled) {
        machine.addPatternRule(position, subRule);
      }
      return machine;
    }

    private static GenericMachine<Integer> addRule(GenericMachine<Integer> machine, int position, String pattern) {
      try {
        machine.addRule(position, pattern);
      } catch (IOException e) {
        throw new UncheckedIOException("a checked pattern failed to compile: " + pattern, e);
      }
      return machine;
    }

    private static GenericMachine<Integer> newMachine() {
      return GenericMachine.<Integer>builder().withOverridesForDuplicateRules(false).build();
    }

    EventPatternMatcher build() {
      return shared == null && own.isEmpty() ? EMPTY : new EventPatternMatcher(shared, Map.copyOf(own));
    }
  }
}
