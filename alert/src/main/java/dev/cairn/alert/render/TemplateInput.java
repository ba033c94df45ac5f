package dev.cairn.alert.render;

import dev.cairn.alert.Alert;
import dev.cairn.event.CloudTrailEvent;
import java.time.Instant;
import java.util.Objects;

/**
 * What one rendering reads: the event (paths are evaluated against its EventBridge envelope), its
 * enriched facts, and the rule the predefined variables name.
 *
 * @param event the matched event
 * @param facts its facts (the {@code cairn.*} variables)
 * @param ruleName the rule's id: {@code <aws.events.rule-name>} and {@code <cairn.rule>}
 * @param ruleArn what {@code <aws.events.rule-arn>} says (Cairn rules have no ARN: the caller
 *     chooses; empty is allowed)
 * @param severity the rule's severity label ({@code <cairn.severity>}); empty when none
 * @param ingestionTime when Cairn received the event ({@code <aws.events.event.ingestion-time>})
 */
public record TemplateInput(CloudTrailEvent event, Alert.Facts facts, String ruleName, String ruleArn,
    String severity, Instant ingestionTime) {
  public TemplateInput {
    Objects.requireNonNull(event, "event");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(ruleName, "ruleName");
    Objects.requireNonNull(ruleArn, "ruleArn");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(ingestionTime, "ingestionTime");
  }
}
