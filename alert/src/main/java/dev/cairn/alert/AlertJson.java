package dev.cairn.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.match.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An {@link Alert} as JSON: the body the webhook channel sends, and how the outbox keeps it. The
 * fields of the documented webhook schema come first ({@code id, rule, severity, title, text,
 * account, accountAlias, region, actor, mfa, sourceIPAddress, count, events}); the rest of the facts,
 * the digest, the templated texts and, for an alarm's
 * state change, its CloudWatch notification ({@code alarm}) follow. Written field by field, not by reflection, so the
 * schema is exactly what this class says.
 */
public final class AlertJson {
  private static final ObjectMapper JSON = new ObjectMapper();

  private AlertJson() {}

  /** The alert as a JSON object. */
  public static ObjectNode tree(Alert alert) {
    ObjectNode o = JSON.createObjectNode();
    Alert.Facts f = alert.facts();
    o.put("id", alert.id());
    o.put("rule", alert.rule());
    o.put("severity", alert.severity().label());
    o.put("title", alert.title());
    o.put("text", alert.text());
    o.put("account", f.account());
    o.put("accountAlias", f.accountAlias());
    o.put("region", f.region());
    o.put("actor", f.actor());
    o.put("mfa", f.mfa());
    o.put("sourceIPAddress", f.sourceIpAddress());
    o.put("count", alert.count());
    ArrayNode events = o.putArray("events");
    for (Alert.AlertEvent e : alert.events()) {
      ObjectNode event = events.addObject();
      event.put("eventID", e.eventId());
      event.put("eventTime", e.eventTime());
      event.put("eventName", e.eventName());
      event.put("summary", e.summary());
      if (!e.input().isEmpty()) {
        event.put("input", e.input());
      }
      event.set("record", e.record());
    }
    o.put("ruleDescription", alert.ruleDescription());
    o.put("kind", f.kind());
    o.put("category", f.category());
    o.put("readOnly", f.readOnly());
    o.put("outcome", f.outcome());
    o.put("errorCode", f.errorCode());
    o.put("errorMessage", f.errorMessage());
    o.put("eventName", f.eventName());
    o.put("eventSource", f.eventSource());
    o.put("eventTime", f.eventTime());
    o.put("userAgent", f.userAgent());
    o.put("principalArn", f.principalArn());
    alert.digest().ifPresent(d -> {
      ObjectNode digest = o.putObject("digest");
      digest.put("firstAlert", d.firstAlert());
      digest.put("windowStart", d.windowStart().toString());
      digest.put("windowEnd", d.windowEnd().toString());
      counts(digest.putArray("topActors"), d.topActors());
      counts(digest.putArray("topSourceIPs"), d.topSourceIps());
      counts(digest.putArray("topAccounts"), d.topAccounts());
      if (!d.topRegions().isEmpty() || !d.topEventNames().isEmpty()) {
        counts(digest.putArray("topRegions"), d.topRegions());
        counts(digest.putArray("topEventNames"), d.topEventNames());
      }
    });
    if (!alert.templated().isEmpty()) {
      ObjectNode templated = o.putObject("templated");
      alert.templated().entrySet().stream().sorted(Map.Entry.comparingByKey())
          .forEach(e -> templated.put(e.getKey(), e.getValue()));
    }
    o.put("created", alert.created().toString());
    alert.alarm().ifPresent(a -> o.set("alarm", a));
    return o;
  }

  /** The alert as compact JSON text. */
  public static String write(Alert alert) {
    try {
      return JSON.writeValueAsString(tree(alert));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("an alert tree always serialises", e);
    }
  }

  /**
   * Reads what {@link #write} wrote.
   *
   * @throws IllegalArgumentException when the text is not such an alert
   */
  public static Alert read(String text) {
    JsonNode o;
    try {
      o = JSON.readTree(text);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("not an alert: " + e.getOriginalMessage(), e);
    }
    Severity severity = Severity.parse(o.path("severity").asText());
    if (severity == null || !o.hasNonNull("id")) {
      throw new IllegalArgumentException("not an alert: no id or severity");
    }
    Alert.Facts facts = new Alert.Facts(s(o, "account"), s(o, "accountAlias"), s(o, "region"), s(o, "actor"),
        s(o, "mfa"), s(o, "sourceIPAddress"), s(o, "kind"), s(o, "category"), o.path("readOnly").asBoolean(),
        s(o, "outcome"), s(o, "errorCode"), s(o, "errorMessage"), s(o, "eventName"), s(o, "eventSource"),
        s(o, "eventTime"), s(o, "userAgent"), s(o, "principalArn"));
    List<Alert.AlertEvent> events = new ArrayList<>();
    for (JsonNode e : o.path("events")) {
      events.add(new Alert.AlertEvent(s(e, "eventID"), s(e, "eventTime"), s(e, "eventName"), s(e, "summary"),
          e.path("record"), s(e, "input")));
    }
    Optional<Alert.Digest> digest = Optional.empty();
    JsonNode d = o.path("digest");
    if (d.isObject()) {
      digest = Optional.of(new Alert.Digest(s(d, "firstAlert"), Instant.parse(s(d, "windowStart")),
          Instant.parse(s(d, "windowEnd")), counts(d.path("topActors")), counts(d.path("topSourceIPs")),
          counts(d.path("topAccounts")), counts(d.path("topRegions")), counts(d.path("topEventNames"))));
    }
    Map<String, String> templated = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : o.path("templated").properties()) {
      templated.put(e.getKey(), e.getValue().asText());
    }
    return new Alert(s(o, "id"), s(o, "rule"), s(o, "ruleDescription"), severity, s(o, "title"), s(o, "text"), facts,
        Math.max(1, o.path("count").asInt(1)), events, digest, templated, Instant.parse(s(o, "created")),
        o.path("alarm").isObject() ? Optional.of(o.get("alarm")) : Optional.empty());
  }

  private static String s(JsonNode o, String field) {
    JsonNode v = o.path(field);
    return v.isValueNode() && !v.isNull() ? v.asText() : "";
  }

  private static void counts(ArrayNode into, List<Alert.Count> counts) {
    for (Alert.Count c : counts) {
      into.addObject().put("value", c.value()).put("count", c.count());
    }
  }

  private static List<Alert.Count> counts(JsonNode array) {
    List<Alert.Count> counts = new ArrayList<>();
    for (JsonNode c : array) {
      counts.add(new Alert.Count(s(c, "value"), c.path("count").asInt()));
    }
    return counts;
  }
}
