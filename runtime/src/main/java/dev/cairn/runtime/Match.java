package dev.cairn.runtime;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import java.util.List;
import java.util.Objects;

/**
 * An event and the rules it matched, not acted on before.
 *
 * @param event the event
 * @param rules the rules it matched, in rule-set order, each one it was not already acted on for
 * @param input where it came from: {@code s3://bucket/key}, a file path, {@code sqs message …}
 */
public record Match(CloudTrailEvent event, List<Rule> rules, String input) {
  public Match {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(input, "input");
    rules = List.copyOf(rules);
    if (rules.isEmpty()) {
      throw new IllegalArgumentException("a match names at least one rule");
    }
  }
}
