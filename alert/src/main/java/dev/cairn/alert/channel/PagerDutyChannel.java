package dev.cairn.alert.channel;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.match.Severity;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Set;

/**
 * PagerDuty's Events API v2: a {@code trigger} event. The idempotency key is the {@code dedup_key},
 * so a repeat lands on the open alert; a digest is pushed to the same key when the delivery loop
 * passes the group's key, as the channel uses whatever key it is given.
 *
 * <p>Fields and PagerDuty's limits: {@code summary} the severity and title (1,024),
 * {@code dedup_key} (255, else its SHA-256), {@code source} the account, {@code severity} critical →
 * critical, high → error, medium → warning, low and info → info; {@code timestamp} the event time
 * when it is a valid ISO 8601 instant (a bad one would make PagerDuty refuse the whole event),
 * {@code component} the event source, {@code group} the account name, {@code class} the rule,
 * {@code custom_details} the text and the facts. The whole event stays far below PagerDuty's 512 KB.
 *
 * <p>Answers, as PagerDuty documents them: 202 delivered; 400 permanent (invalid event); 429 and
 * 5xx transient; other 4xx permanent. PagerDuty allows about 120 events a minute per integration
 * key, hence {@link #minInterval()}.
 */
public final class PagerDutyChannel extends HttpChannel {
  /** The channel type, and the key of a rule's PagerDuty template. */
  public static final String TYPE = "pagerduty";

  static final int SUMMARY_MAX = 1_024;
  static final int DEDUP_KEY_MAX = 255;
  static final int TEXT_MAX = 10_000;

  private final PagerDutySettings settings;

  public PagerDutyChannel(PagerDutySettings settings, HttpTransport http) {
    super(settings.name(), TYPE, http);
    this.settings = settings;
  }

  /** A group's digest goes under its first alert's key: PagerDuty adds a trigger with an open dedup_key to that alert. */
  @Override
  public boolean threadsByKey() {
    return true;
  }

  /** About 120 events a minute per integration key (PagerDuty's Events API rate limits). */
  @Override
  public Duration minInterval() {
    return Duration.ofMillis(500);
  }

  @Override
  Responses.Receiver receiver() {
    return Responses.Receiver.PAGERDUTY;
  }

  @Override
  Rendered render(Alert alert, String idempotencyKey) {
    ObjectNode event = event(alert, idempotencyKey);
    byte[] shown = bytes(event.deepCopy().put("routing_key", "[secret]"));
    event.put("routing_key", settings.routingKey().reveal());
    return new Rendered(settings.url(), jsonHeaders(), Set.of(), bytes(event), shown,
        Redact.Scrubber.of(settings.routingKey().reveal()));
  }

  /** The event without its routing key (added last, by {@link #render}). */
  static ObjectNode event(Alert alert, String idempotencyKey) {
    Alert.Facts f = alert.facts();
    ObjectNode event = JSON.createObjectNode();
    event.put("routing_key", "");
    event.put("event_action", "trigger");
    event.put("dedup_key", keyWithin(idempotencyKey, DEDUP_KEY_MAX));
    ObjectNode payload = event.putObject("payload");
    payload.put("summary", Text.fit(Text.oneLine(AlertView.headline(alert)), SUMMARY_MAX));
    String account = AlertView.account(f);
    payload.put("source", Text.fit(account.isEmpty() ? "aws" : account, AlertView.ITEM_MAX));
    payload.put("severity", severity(alert.severity()));
    timestamp(f.eventTime()).ifPresent(t -> payload.put("timestamp", t));
    if (!f.eventSource().isEmpty()) {
      payload.put("component", Text.fit(f.eventSource(), AlertView.ITEM_MAX));
    }
    if (!f.accountAlias().isEmpty()) {
      payload.put("group", Text.fit(f.accountAlias(), AlertView.ITEM_MAX));
    }
    payload.put("class", Text.fit(alert.rule(), AlertView.ITEM_MAX));
    ObjectNode details = payload.putObject("custom_details");
    details.put("text", Text.fit(alert.textFor(TYPE), TEXT_MAX));
    OpsgenieChannel.details(alert).properties().forEach(e -> details.set(e.getKey(), e.getValue()));
    java.util.List<String> samples = AlertView.samples(alert);
    if (!samples.isEmpty()) {
      com.fasterxml.jackson.databind.node.ArrayNode array = details.putArray("samples");
      samples.forEach(s -> array.add(Text.fit(s, AlertView.ITEM_MAX)));
    }
    event.put("client", "Cairn");
    return event;
  }

  /** Critical → critical, high → error, medium → warning, low and info → info. */
  static String severity(Severity severity) {
    return switch (severity) {
      case CRITICAL -> "critical";
      case HIGH -> "error";
      case MEDIUM -> "warning";
      case LOW, INFO -> "info";
    };
  }

  private static java.util.Optional<String> timestamp(String eventTime) {
    try {
      return java.util.Optional.of(Instant.parse(eventTime).toString());
    } catch (DateTimeParseException e) {
      return java.util.Optional.empty();
    }
  }
}
