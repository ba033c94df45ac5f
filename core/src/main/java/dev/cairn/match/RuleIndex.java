package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.filterpattern.FilterPattern;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Finds the rules an event can match without trying them all. Most rules pin an event name or a
 * source to a few values ({@code $.eventName = StopLogging}, {@code "detail": {"eventName":
 * ["StopLogging"]}}, {@code "source": ["aws.s3"]}); each such rule is filed under those values of
 * one {@link Key}, the rest under "always". An event is then checked only against the rules filed
 * under its own values and the "always" ones, so the cost of matching follows the number of rules
 * that could match, not the number of rules.
 *
 * <p>The index is exact, not a heuristic: a rule is filed only under a key whose values it requires
 * (a JSON string equal to one of them), so every rule it leaves out cannot match. Where an event's
 * shape could let event-ruler see a value the index does not (an array where a string is expected,
 * a key with a dot in an envelope the event came with), {@link #lookup} gives up and every rule is
 * tried. {@code RuleIndexTest} checks indexed against naive matching on the corpus and on
 * generated rules.
 *
 * <p>Each bucket holds its own event-ruler machine for its event patterns, asked only for a
 * candidate pattern that its {@link PatternGuard} cannot decide alone, with an envelope holding only
 * the part of the record the bucket's patterns read; most events never get an envelope built.
 */
final class RuleIndex {
  /** Where a rule's required value is read: from the record (filter patterns) or the envelope (event patterns). */
  enum Key {
    RECORD_EVENT_NAME, RECORD_EVENT_SOURCE, DETAIL_EVENT_NAME, DETAIL_EVENT_SOURCE, ENVELOPE_SOURCE
  }

  /**
   * Rules filed under one value (or "always"), by position, ascending; their patterns' machine, and
   * the part of detail those patterns read.
   */
  record Bucket(int[] rules, EventPatternMatcher patterns, DetailSlice reads) {}

  private static final Bucket NONE =
      new Bucket(new int[0], EventPatternMatcher.EMPTY, DetailSlice.NOTHING);

  private final Map<Key, Map<String, Bucket>> buckets;
  private final Bucket always;
  private final int size;
  private final List<String> patterns;
  private final List<JsonNode> trees;
  /** Every rule, for events the index cannot look up safely; built on first need (rarely). */
  private volatile Bucket all;

  private RuleIndex(Map<Key, Map<String, Bucket>> buckets, Bucket always, List<String> patterns,
      List<JsonNode> trees) {
    this.buckets = buckets;
    this.always = always;
    this.size = patterns.size();
    this.patterns = patterns;
    this.trees = trees;
  }

  /**
   * Files each rule under the key that narrows it most.
   *
   * @param rules the compiled rules, by position
   * @param patterns each rule's event pattern as it is matched, or null
   * @param filters each rule's filter pattern, or null
   */
  static RuleIndex build(List<Rule> rules, List<String> patterns, List<JsonNode> trees, List<FilterPattern> filters) {
    Map<Key, Map<String, List<Integer>>> filed = new EnumMap<>(Key.class);
    List<Integer> always = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Key bestKey = null;
      Set<String> best = null;
      for (Key key : Key.values()) {
        Set<String> values = requiredValues(key, trees.get(i), filters.get(i));
        if (values != null && (best == null || values.size() < best.size())) {
          bestKey = key;
          best = values;
        }
      }
      if (best == null) {
        always.add(i);
      } else {
        for (String value : best) {
          filed.computeIfAbsent(bestKey, k -> new HashMap<>()).computeIfAbsent(value, v -> new ArrayList<>()).add(i);
        }
      }
    }
    Map<Key, Map<String, Bucket>> buckets = new EnumMap<>(Key.class);
    filed.forEach((key, byValue) -> {
      // Each bucket's event-ruler machine is built on its own, so on all cores.
      Map<String, Bucket> built = new ConcurrentHashMap<>();
      byValue.entrySet().parallelStream()
          .forEach(e -> built.put(e.getKey(), bucket(e.getValue(), patterns, trees)));
      buckets.put(key, new HashMap<>(built));
    });
    return new RuleIndex(buckets, bucket(always, patterns, trees), patterns, trees);
  }

  private static Set<String> requiredValues(Key key, JsonNode pattern, FilterPattern filter) {
    return switch (key) {
      case RECORD_EVENT_NAME -> filter == null ? null : filter.requiredValues("eventName").orElse(null);
      case RECORD_EVENT_SOURCE -> filter == null ? null : filter.requiredValues("eventSource").orElse(null);
      case DETAIL_EVENT_NAME -> pattern == null ? null : EventPatterns.requiredValues(pattern, "detail.eventName");
      case DETAIL_EVENT_SOURCE -> pattern == null ? null : EventPatterns.requiredValues(pattern, "detail.eventSource");
      case ENVELOPE_SOURCE -> pattern == null ? null : EventPatterns.requiredValues(pattern, "source");
    };
  }

  private static Bucket bucket(List<Integer> positions, List<String> patterns, List<JsonNode> trees) {
    if (positions.isEmpty()) {
      return NONE;
    }
    EventPatternMatcher.Builder machine = EventPatternMatcher.builder();
    List<JsonNode> own = new ArrayList<>();
    for (int position : positions) {
      if (patterns.get(position) != null) {
        machine.add(position, patterns.get(position));
        own.add(trees.get(position));
      }
    }
    return new Bucket(positions.stream().mapToInt(Integer::intValue).toArray(), machine.build(),
        own.isEmpty() ? DetailSlice.NOTHING : DetailSlice.of(own));
  }

  /** Every rule: what {@link #lookup} amounts to when it cannot narrow. */
  Bucket[] everything() {
    Bucket every = all;
    if (every == null) {
      synchronized (this) {
        if (all == null) {
          List<Integer> positions = new ArrayList<>(size);
          for (int i = 0; i < size; i++) {
            positions.add(i);
          }
          all = bucket(positions, patterns, trees);
        }
        every = all;
      }
    }
    return new Bucket[] {every};
  }

  /**
   * The buckets holding every rule the event can match: "always" and those filed under the event's
   * values; null when the event's shape does not allow a safe lookup (then try {@link #everything()}
   * the plain way).
   *
   * @param record the record view the rules' filter patterns will read
   */
  Bucket[] lookup(CloudTrailEvent event, JsonNode record) {
    if (buckets.isEmpty()) {
      return new Bucket[] {always};
    }
    JsonNode detail = record;
    if (!event.isCloudTrail()) {
      // The record view is the envelope itself; event patterns read its detail.
      detail = record.get("detail");
      if (detail != null && !detail.isObject()) {
        return null;
      }
    }
    if (event.cameInEnvelope() && (hasDottedKey(event.envelope()) || event.envelope().path("source").isArray())) {
      return null; // event-ruler joins keys with '.', so "detail.eventName" could be a key of its own
    }
    JsonNode detailName = detail == null ? null : detail.get("eventName");
    JsonNode detailSource = detail == null ? null : detail.get("eventSource");
    if ((detailName != null && detailName.isArray()) || (detailSource != null && detailSource.isArray())) {
      return null; // event-ruler matches a string against any element of an array
    }
    Bucket[] found = new Bucket[6];
    int n = 0;
    found[n++] = always;
    n = add(found, n, Key.RECORD_EVENT_NAME, text(record.get("eventName")));
    n = add(found, n, Key.RECORD_EVENT_SOURCE, text(record.get("eventSource")));
    n = add(found, n, Key.DETAIL_EVENT_NAME, text(detailName));
    n = add(found, n, Key.DETAIL_EVENT_SOURCE, text(detailSource));
    n = add(found, n, Key.ENVELOPE_SOURCE, buckets.containsKey(Key.ENVELOPE_SOURCE) ? event.envelopeSource() : null);
    return n == found.length ? found : Arrays.copyOf(found, n);
  }

  private int add(Bucket[] found, int n, Key key, String value) {
    if (value == null) {
      return n;
    }
    Map<String, Bucket> byValue = buckets.get(key);
    Bucket bucket = byValue == null ? null : byValue.get(value);
    if (bucket == null) {
      return n;
    }
    found[n] = bucket;
    return n + 1;
  }

  private static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : null;
  }

  private static boolean hasDottedKey(JsonNode envelope) {
    var names = envelope.fieldNames();
    while (names.hasNext()) {
      if (names.next().indexOf('.') >= 0) {
        return true;
      }
    }
    return false;
  }

  /** The rule positions of the buckets, ascending (definition order); a rule is in at most one of them. */
  static int[] positions(Bucket[] found) {
    if (found.length == 1) {
      return found[0].rules();
    }
    int size = 0;
    for (Bucket bucket : found) {
      size += bucket.rules().length;
    }
    int[] all = new int[size];
    int at = 0;
    for (Bucket bucket : found) {
      System.arraycopy(bucket.rules(), 0, all, at, bucket.rules().length);
      at += bucket.rules().length;
    }
    Arrays.sort(all);
    return all;
  }
}
