package dev.cairn.alert;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import dev.cairn.match.Severity;
import java.io.IOException;
import java.io.Writer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

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
    TokenBuffer tokens = new TokenBuffer(JSON, false);
    try {
      write(tokens, alert, List.of());
      return (ObjectNode) JSON.readTree(tokens.asParser(JSON));
    } catch (IOException e) {
      throw new IllegalStateException("an alert always makes a tree", e);
    }
  }

  /** The alert as compact JSON text. */
  public static String write(Alert alert) {
    return write(alert, List.of());
  }

  /**
   * The alert as compact JSON text, as {@link #write(Alert)} gives it, with the records of its first
   * events taken from {@code recordJson} as they are: element {@code i} must be the record of event
   * {@code i} as compact JSON text (what {@link dev.cairn.event.CloudTrailEvent#recordJson()} gives
   * for the record the event holds); events past the list's end are written from their trees.
   * Serialising each record's tree again was most of the cost of writing an alert.
   */
  public static String write(Alert alert, List<String> recordJson) {
    int records = 0;
    for (String record : recordJson) {
      records += record.length();
    }
    TextWriter out = new TextWriter(1024 + records);
    try (JsonGenerator g = JSON.getFactory().createGenerator(out)) {
      write(g, alert, recordJson);
    } catch (IOException e) {
      throw new IllegalStateException("an alert always serialises", e);
    }
    return out.toString();
  }

  /**
   * A {@link Writer} into one {@code char[]} sized for the alert up front, made a String once at the
   * end. A {@link java.io.StringWriter} appends to a synchronized {@link StringBuffer} that grows by
   * copying, and a {@link StringBuilder} checks every appended character for Latin-1: with records
   * of a few KB either was a third of writing an alert. {@code new String(char[], …)} compresses
   * the whole array at once.
   */
  private static final class TextWriter extends Writer {
    private char[] text;
    private int length;

    TextWriter(int capacity) {
      text = new char[capacity];
    }

    @Override
    public void write(char[] chars, int offset, int count) {
      room(count);
      System.arraycopy(chars, offset, text, length, count);
      length += count;
    }

    @Override
    public void write(String chars, int offset, int count) {
      room(count);
      chars.getChars(offset, offset + count, text, length);
      length += count;
    }

    @Override
    public void write(int c) {
      room(1);
      text[length++] = (char) c;
    }

    private void room(int count) {
      if (length + count > text.length) {
        text = Arrays.copyOf(text, Math.max(length + count, text.length * 2));
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {}

    @Override
    public String toString() {
      return new String(text, 0, length);
    }
  }

  /** Field by field, in the documented order; the one place the schema is written. */
  private static void write(JsonGenerator g, Alert alert, List<String> recordJson) throws IOException {
    Alert.Facts f = alert.facts();
    g.writeStartObject();
    g.writeStringField("id", alert.id());
    g.writeStringField("rule", alert.rule());
    g.writeStringField("severity", alert.severity().label());
    g.writeStringField("title", alert.title());
    g.writeStringField("text", alert.text());
    g.writeStringField("account", f.account());
    g.writeStringField("accountAlias", f.accountAlias());
    g.writeStringField("region", f.region());
    g.writeStringField("actor", f.actor());
    g.writeStringField("mfa", f.mfa());
    g.writeStringField("sourceIPAddress", f.sourceIpAddress());
    g.writeNumberField("count", alert.count());
    g.writeArrayFieldStart("events");
    List<Alert.AlertEvent> events = alert.events();
    for (int i = 0; i < events.size(); i++) {
      Alert.AlertEvent e = events.get(i);
      g.writeStartObject();
      g.writeStringField("eventID", e.eventId());
      g.writeStringField("eventTime", e.eventTime());
      g.writeStringField("eventName", e.eventName());
      g.writeStringField("summary", e.summary());
      if (!e.input().isEmpty()) {
        g.writeStringField("input", e.input());
      }
      g.writeFieldName("record");
      if (i < recordJson.size()) {
        g.writeRawValue(recordJson.get(i));
      } else {
        g.writeTree(e.record());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeStringField("ruleDescription", alert.ruleDescription());
    g.writeStringField("kind", f.kind());
    g.writeStringField("category", f.category());
    g.writeBooleanField("readOnly", f.readOnly());
    g.writeStringField("outcome", f.outcome());
    g.writeStringField("errorCode", f.errorCode());
    g.writeStringField("errorMessage", f.errorMessage());
    g.writeStringField("eventName", f.eventName());
    g.writeStringField("eventSource", f.eventSource());
    g.writeStringField("eventTime", f.eventTime());
    g.writeStringField("userAgent", f.userAgent());
    g.writeStringField("principalArn", f.principalArn());
    if (alert.digest().isPresent()) {
      Alert.Digest d = alert.digest().get();
      g.writeObjectFieldStart("digest");
      g.writeStringField("firstAlert", d.firstAlert());
      g.writeStringField("windowStart", d.windowStart().toString());
      g.writeStringField("windowEnd", d.windowEnd().toString());
      counts(g, "topActors", d.topActors());
      counts(g, "topSourceIPs", d.topSourceIps());
      counts(g, "topAccounts", d.topAccounts());
      if (!d.topRegions().isEmpty() || !d.topEventNames().isEmpty()) {
        counts(g, "topRegions", d.topRegions());
        counts(g, "topEventNames", d.topEventNames());
      }
      g.writeEndObject();
    }
    if (!alert.templated().isEmpty()) {
      g.writeObjectFieldStart("templated");
      for (Map.Entry<String, String> e : new TreeMap<>(alert.templated()).entrySet()) {
        g.writeStringField(e.getKey(), e.getValue());
      }
      g.writeEndObject();
    }
    g.writeStringField("created", alert.created().toString());
    if (alert.alarm().isPresent()) {
      g.writeFieldName("alarm");
      g.writeTree(alert.alarm().get());
    }
    g.writeEndObject();
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

  private static void counts(JsonGenerator g, String name, List<Alert.Count> counts) throws IOException {
    g.writeArrayFieldStart(name);
    for (Alert.Count c : counts) {
      g.writeStartObject();
      g.writeStringField("value", c.value());
      g.writeNumberField("count", c.count());
      g.writeEndObject();
    }
    g.writeEndArray();
  }

  private static List<Alert.Count> counts(JsonNode array) {
    List<Alert.Count> counts = new ArrayList<>();
    for (JsonNode c : array) {
      counts.add(new Alert.Count(s(c, "value"), c.path("count").asInt()));
    }
    return counts;
  }
}
