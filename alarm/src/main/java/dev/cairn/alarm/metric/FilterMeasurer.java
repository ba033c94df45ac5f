package dev.cairn.alarm.metric;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.match.filterpattern.FilterPattern;
import dev.cairn.match.filterpattern.InvalidPatternException;
import dev.cairn.runtime.Match;
import dev.cairn.runtime.Measurer;
import dev.cairn.runtime.state.Datapoint;
import dev.cairn.runtime.state.Sample;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.function.Function;

/**
 * Metric filters as the engine's {@link Measurer}: each filter becomes a rule (its filter pattern
 * and/or event pattern, matched by {@code dev.cairn.match} with the alerting rules), and each event a
 * rule matches — once per (filter, eventID), however often it is delivered — becomes a datapoint of
 * the filter's metric, in the minute of its <em>event time</em>, visible from the minute after it
 * was handled (its arrival). Beside each datapoint the measurer counts the event's actor, source IP,
 * account, region and event name, and keeps a few sample events, so that a notification can say who
 * and what is behind a number; these are aggregated per minute, so a metric matching a million events
 * costs a few rows per minute and value.
 *
 * <p>Thread-safe: immutable, called by several workers at once.
 */
public final class FilterMeasurer implements Measurer {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Longest contributor value or dimension value kept (CloudWatch's dimension value limit). */
  static final int VALUE_MAX = 255;
  /** Largest record kept with a sample, in characters of JSON; larger ones are left out. */
  static final int RECORD_MAX = 16_384;

  private final Map<String, Compiled> byRule;
  private final RuleSet rules;
  private final Function<CloudTrailEvent, Alert.Facts> enrich;
  private final boolean countEvents;

  private record Dimension(String name, FieldPath field, String slot) {}

  private record Compiled(MetricFilter filter, FilterPattern pattern, List<Dimension> dimensions) {}

  private FilterMeasurer(Map<String, Compiled> byRule, RuleSet rules, Function<CloudTrailEvent, Alert.Facts> enrich,
      boolean countEvents) {
    this.byRule = byRule;
    this.rules = rules;
    this.enrich = enrich;
    this.countEvents = countEvents;
  }

  /**
   * Compiles the filters.
   *
   * @param enrich the facts of an event (actor, account alias …) for contributor counts and samples
   * @param countEvents also count every event read by account and region (for silence detection)
   * @throws InvalidRulesException when a filter or pattern does not compile, naming the metric
   * @throws IllegalArgumentException when a value or dimension cannot be read ({@code $name} without a
   *     space-delimited pattern, a malformed {@code $.field})
   */
  public static FilterMeasurer of(List<MetricFilter> filters, Function<CloudTrailEvent, Alert.Facts> enrich,
      boolean countEvents) throws InvalidRulesException {
    Map<String, Compiled> byRule = new LinkedHashMap<>();
    List<Rule> rules = new ArrayList<>();
    for (MetricFilter f : filters) {
      String id = ruleId(f.name(), byRule.keySet());
      Rule.Builder rule = Rule.builder(id).description("metric filter " + f.name());
      f.filter().ifPresent(rule::filter);
      f.pattern().ifPresent(rule::pattern);
      rules.add(rule.build());
      FilterPattern pattern = null;
      if (f.filter().isPresent()) {
        try {
          pattern = FilterPattern.compile(f.filter().get());
        } catch (InvalidPatternException e) {
          pattern = null; // RuleSet.of reports it with the metric's rule id
        }
      }
      boolean spaced = pattern != null && pattern.isSpaceDelimited();
      if (f.value().isSlot() && !spaced) {
        throw new IllegalArgumentException("metric " + f.name() + ": value " + f.value()
            + " names a field of a space-delimited pattern ([a, b, ...]), but the filter is not one");
      }
      List<Dimension> dimensions = new ArrayList<>();
      for (Map.Entry<String, String> d : f.dimensions().entrySet()) {
        dimensions.add(dimension(f, d.getKey(), d.getValue(), spaced));
      }
      byRule.put(id, new Compiled(f, pattern, List.copyOf(dimensions)));
    }
    return new FilterMeasurer(Map.copyOf(byRule), RuleSet.of(rules), Objects.requireNonNull(enrich, "enrich"),
        countEvents);
  }

  private static Dimension dimension(MetricFilter f, String name, String source, boolean spaced) {
    String s = source.strip();
    if (s.startsWith("$.")) {
      try {
        return new Dimension(name, FieldPath.parse(s), null);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("metric " + f.name() + ": dimension " + name + ": " + e.getMessage(), e);
      }
    }
    if (s.startsWith("$") && spaced) {
      return new Dimension(name, null, s.substring(1));
    }
    throw new IllegalArgumentException("metric " + f.name() + ": dimension " + name + ": expected $.field"
        + (spaced ? " or $name" : "") + ", got '" + source + "'");
  }

  /** {@code metric:} and the name in the characters rule ids allow, made unique. */
  private static String ruleId(String name, Set<String> taken) {
    String safe = name.replaceAll("[^A-Za-z0-9._:-]", "_");
    String id = MetricFilter.RULE_PREFIX + safe;
    for (int i = 2; taken.contains(id); i++) {
      id = MetricFilter.RULE_PREFIX + safe + "-" + i;
    }
    return id;
  }

  @Override
  public RuleSet rules() {
    return rules;
  }

  /** The filters, by the id of the rule each became. */
  public Map<String, MetricFilter> filters() {
    Map<String, MetricFilter> filters = new LinkedHashMap<>();
    byRule.forEach((id, c) -> filters.put(id, c.filter()));
    return filters;
  }

  @Override
  public void measure(List<Match> matches, Instant handled, Sink sink) {
    Instant arrived = Series.arrival(handled);
    for (Match match : matches) {
      CloudTrailEvent event = match.event();
      Alert.Facts facts = null;
      for (Rule rule : match.rules()) {
        Compiled c = byRule.get(rule.id());
        if (c == null) {
          continue;
        }
        OptionalDouble value = c.filter().value().of(event, c.pattern());
        Optional<Map<String, String>> dimensions = dimensions(c, event);
        if (value.isEmpty() || dimensions.isEmpty()) {
          continue; // a field the value or a dimension needs is missing: nothing is published
        }
        Instant minute = minuteOf(event, handled);
        String metric = c.filter().name();
        sink.datapoint(Datapoint.of(metric, Series.encode(dimensions.get()), minute, arrived, value.getAsDouble()));
        if (facts == null) {
          facts = enrich.apply(event);
        }
        contributors(metric, facts, minute, arrived, sink);
        sink.sample(new Sample(metric, sampleId(event), minute, arrived, sample(event, facts)));
      }
    }
  }

  @Override
  public void seen(CloudTrailEvent event, Instant handled, Sink sink) {
    if (countEvents) {
      Instant arrived = Series.arrival(handled);
      Map<String, String> key = new LinkedHashMap<>();
      key.put("account", bounded(event.account()));
      key.put("region", bounded(event.awsRegion()));
      sink.datapoint(Datapoint.of(Series.EVENTS, Series.encode(key), arrived.minus(1, ChronoUnit.MINUTES), arrived, 1));
    }
  }

  private static Optional<Map<String, String>> dimensions(Compiled c, CloudTrailEvent event) {
    if (c.dimensions().isEmpty()) {
      return Optional.of(Map.of());
    }
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, String> slots = null;
    for (Dimension d : c.dimensions()) {
      String value;
      if (d.field() != null) {
        value = d.field().select(event.record()).map(JsonNode::asText).orElse(null);
      } else {
        if (slots == null) {
          slots = c.pattern().bind(event.recordJson());
        }
        value = slots.get(d.slot());
      }
      if (value == null || value.isEmpty()) {
        return Optional.empty();
      }
      values.put(d.name(), bounded(value));
    }
    return Optional.of(values);
  }

  private static void contributors(String metric, Alert.Facts f, Instant minute, Instant arrived, Sink sink) {
    String[] values = {f.actor(), f.sourceIpAddress(), f.accountAlias(), f.region(), f.eventName(), f.account()};
    for (int i = 0; i < values.length; i++) {
      String value = values[i].isEmpty() ? "-" : bounded(values[i]);
      sink.datapoint(Datapoint.of(Series.contributors(metric, Series.CONTRIBUTORS.get(i)), value, minute, arrived, 1));
    }
  }

  private static Instant minuteOf(CloudTrailEvent event, Instant handled) {
    Instant time = event.eventTime();
    return (time != null ? time : handled).truncatedTo(ChronoUnit.MINUTES);
  }

  /** The event's id, else a hash of its record: the same event is one sample. */
  private static String sampleId(CloudTrailEvent event) {
    String id = event.eventId();
    return id != null && !id.isEmpty() ? bounded(id) : "sha-" + sha(event.recordJson());
  }

  /** A sample's body: id, time, name, the one-line summary alerts use, and the record when small. */
  private static String sample(CloudTrailEvent event, Alert.Facts f) {
    ObjectNode o = JSON.createObjectNode();
    o.put("eventID", bounded(orEmpty(event.eventId())));
    o.put("eventTime", bounded(orEmpty(event.eventTimeText())));
    o.put("eventName", bounded(orEmpty(event.eventName())));
    o.put("summary", summary(f));
    String record = event.isCloudTrail() ? event.recordJson() : null;
    if (record != null && record.length() <= RECORD_MAX) {
      o.set("record", event.record());
    }
    try {
      return JSON.writeValueAsString(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("a tree always serialises", e);
    }
  }

  /** As an alert's event summary: {@code alice ConsoleLogin in Prod us-east-1 from 203.0.113.9}. */
  static String summary(Alert.Facts f) {
    return dash(f.actor()) + " " + dash(f.eventName()) + " in " + dash(f.accountAlias()) + " " + dash(f.region())
        + " from " + dash(f.sourceIpAddress());
  }

  private static String dash(String s) {
    return s == null || s.isEmpty() ? "-" : s;
  }

  private static String orEmpty(String s) {
    return s == null ? "" : s;
  }

  /** At most {@link #VALUE_MAX} characters, not splitting a surrogate pair. */
  static String bounded(String s) {
    if (s == null) {
      return "";
    }
    if (s.length() <= VALUE_MAX) {
      return s;
    }
    int end = Character.isHighSurrogate(s.charAt(VALUE_MAX - 1)) ? VALUE_MAX - 1 : VALUE_MAX;
    return s.substring(0, end);
  }

  private static String sha(String text) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(digest, 0, 16);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }
}
