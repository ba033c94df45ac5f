package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import software.amazon.event.ruler.GenericMachine;

/**
 * Some EventBridge event patterns in one aws/event-ruler machine: one call finds every pattern of
 * them an event's envelope matches, whatever their number. Rules are named by their position in
 * the rule set. The machine is never modified after {@link Builder#build()}, so concurrent matching
 * needs no lock.
 */
final class EventPatternMatcher {
  static final EventPatternMatcher EMPTY = new EventPatternMatcher(null);

  private final GenericMachine<Integer> machine;

  private EventPatternMatcher(GenericMachine<Integer> machine) {
    this.machine = machine;
  }

  static Builder builder() {
    return new Builder();
  }

  boolean isEmpty() {
    return machine == null;
  }

  /** Positions of the rules whose pattern the envelope matches; each at most once. */
  List<Integer> matches(JsonNode envelope) {
    return machine == null ? List.of() : machine.rulesForJSONEvent(envelope);
  }

  static final class Builder {
    private GenericMachine<Integer> machine;

    /** Adds a pattern that {@link EventPatterns#compile} accepted. */
    Builder add(int position, String pattern) {
      if (machine == null) {
        machine = GenericMachine.<Integer>builder().withOverridesForDuplicateRules(false).build();
      }
      try {
        machine.addRule(position, pattern);
      } catch (IOException e) {
        throw new UncheckedIOException("a checked pattern failed to compile: " + pattern, e);
      }
      return this;
    }

    EventPatternMatcher build() {
      return machine == null ? EMPTY : new EventPatternMatcher(machine);
    }
  }
}
