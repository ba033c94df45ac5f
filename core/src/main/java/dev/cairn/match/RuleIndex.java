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
 * <p>Each bucket holds its own event-ruler machine for its event patterns (built when first needed),
 * asked only for a candidate pattern that its {@link PatternGuard} cannot decide alone, with an
 * envelope holding only the part of the record the bucket's patterns read; most events never get an
 * envelope built.
 */
final class RuleIndex {
  /** Where a rule's required value is read: from the record (filter patterns) or the envelope (event patterns). */
  enum Key {
    RECORD_EVENT_NAME, RECORD_EVENT_SOURCE, DETAIL_EVENT_NAME, DETAIL_EVENT_SOURCE, ENVELOPE_SOURCE
  }

  /**
   * Rules filed under one value (or "always"), by position, ascending; their patterns' machine, and
   * the part of detail those patterns read. The machine and the slice are built when an event first
   * needs them: most buckets of a large rule set are never hit (their names or sources do not occur
   * in the account), and building all of them was most of the cost of loading a thousand rules.
   * Building is deterministic, and compiling already checked that every pattern can be added.
   *
   * <p>Thread-safe: built at most once, under the bucket's lock, published through a volatile field.
   */
  static final class Bucket {
    private final int[] rules;
    private final List<EventPatterns.Checked> patterns;
    private volatile Built built;

    private record Built(EventPatternMatcher patterns, DetailSlice reads) {}

    private Bucket(int[] rules, List<EventPatterns.Checked> patterns) {
      this.rules = rules;
      this.patterns = patterns;
    }

    /** The rules' positions, ascending. */
    int[] rules() {
      return rules;
    }

    /** One event-ruler machine for the bucket's event patterns. */
    EventPatternMatcher patterns() {
      return built().patterns();
    }

    /** The part of detail the bucket's event patterns read. */
    DetailSlice reads() {
      return built().reads();
    }

    private Built built() {
      Built done = built;
      if (done == null) {
        synchronized (this) {
          done = built;
          if (done == null) {
            done = build();
            built = done;
          }
        }
      }
      return done;
    }

    private Built build() {
      EventPatternMatcher.Builder machine = EventPatternMatcher.builder();
      List<JsonNode> own = new ArrayList<>();
      for (int position : rules) {
        EventPatterns.Checked pattern = patterns.get(position);
        if (pattern != null) {
          machine.add(position, pattern);
          own.add(pattern.tree());
        }
      }
      return new Built(machine.build(), own.isEmpty() ? DetailSlice.NOTHING : DetailSlice.of(own));
    }
  }

  private static final Bucket NONE = new Bucket(new int[0], List.of());

  /** How many event sources {@link #bySource} remembers; events with others take the general way. */
  private static final int MAX_SOURCES = 4096;

  private final Map<Key, Map<String, Bucket>> buckets;
  private final Bucket always;
  private final int size;
  private final List<EventPatterns.Checked> patterns;
  /**
   * For bare CloudTrail records, whose record is their detail: the rules filed under an event name
   * in either language, as one bucket.
   */
  private final Map<String, Bucket> byName;
  /**
   * For bare CloudTrail records, whose envelope source follows from their event source: the rules
   * filed under an event source (record or detail) or under the envelope source it gives, as one
   * bucket; filled as sources are seen, at most {@link #MAX_SOURCES} of them.
   */
  private final Map<String, Bucket> bySource = new ConcurrentHashMap<>();
  /** Every rule, for events the index cannot look up safely; built on first need (rarely). */
  private volatile Bucket all;

  private RuleIndex(Map<Key, Map<String, Bucket>> buckets, Bucket always, List<EventPatterns.Checked> patterns) {
    this.buckets = buckets;
    this.always = always;
    this.size = patterns.size();
    this.patterns = patterns;
    Map<String, Bucket> names = new HashMap<>(buckets.getOrDefault(Key.RECORD_EVENT_NAME, Map.of()));
    buckets.getOrDefault(Key.DETAIL_EVENT_NAME, Map.of()).forEach((name, bucket) -> names.merge(name, bucket, this::merge));
    this.byName = names;
  }

  /**
   * Files each rule under the key that narrows it most.
   *
   * @param rules the compiled rules, by position
   * @param patterns each rule's event pattern as it is matched, or null
   * @param filters each rule's filter pattern, or null
   */
  static RuleIndex build(List<Rule> rules, List<EventPatterns.Checked> patterns, List<FilterPattern> filters) {
    Map<Key, Map<String, List<Integer>>> filed = new EnumMap<>(Key.class);
    List<Integer> always = new ArrayList<>();
    for (int i = 0; i < rules.size(); i++) {
      Key bestKey = null;
      Set<String> best = null;
      for (Key key : Key.values()) {
        Set<String> values = requiredValues(key, patterns.get(i) == null ? null : patterns.get(i).tree(), filters.get(i));
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
      Map<String, Bucket> byKey = new HashMap<>();
      byValue.forEach((value, positions) -> byKey.put(value, bucket(positions, patterns)));
      buckets.put(key, byKey);
    });
    return new RuleIndex(buckets, bucket(always, patterns), patterns);
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

  private static Bucket bucket(List<Integer> positions, List<EventPatterns.Checked> patterns) {
    if (positions.isEmpty()) {
      return NONE;
    }
    int[] rules = new int[positions.size()];
    for (int i = 0; i < rules.length; i++) {
      rules[i] = positions.get(i);
    }
    return new Bucket(rules, patterns);
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
          all = bucket(positions, patterns);
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
    if (event.isCloudTrail() && !event.cameInEnvelope()) {
      Bucket[] found = lookupRecord(event, text(detailName), text(detailSource));
      if (found != null) {
        return found;
      }
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

  /**
   * {@link #lookup} for a bare CloudTrail record (the record is the detail, the envelope source a
   * function of the event source): two map lookups instead of five, and no envelope source made
   * per event. Null when the general way must answer (no event source, too many sources seen).
   */
  private Bucket[] lookupRecord(CloudTrailEvent event, String name, String source) {
    if (source == null) {
      return null;
    }
    Bucket sourced = bySource.get(source);
    if (sourced == null) {
      if (bySource.size() >= MAX_SOURCES) {
        return null; // event sources are the sender's to choose: remember a bounded number
      }
      sourced = merge(merge(bucketOf(Key.RECORD_EVENT_SOURCE, source), bucketOf(Key.DETAIL_EVENT_SOURCE, source)),
          bucketOf(Key.ENVELOPE_SOURCE, event.envelopeSource()));
      Bucket raced = bySource.putIfAbsent(source, sourced);
      sourced = raced == null ? sourced : raced;
    }
    Bucket named = name == null ? NONE : byName.getOrDefault(name, NONE);
    Bucket[] found = new Bucket[3];
    int n = 0;
    for (Bucket bucket : new Bucket[] {always, named, sourced}) {
      if (bucket.rules.length > 0) {
        found[n++] = bucket;
      }
    }
    return n == 3 ? found : Arrays.copyOf(found, n);
  }

  private Bucket bucketOf(Key key, String value) {
    Map<String, Bucket> byValue = buckets.get(key);
    Bucket bucket = value == null || byValue == null ? null : byValue.get(value);
    return bucket == null ? NONE : bucket;
  }

  /** One bucket of the rules of two (disjoint) ones; either itself when the other is empty. */
  private Bucket merge(Bucket a, Bucket b) {
    if (b.rules.length == 0) {
      return a;
    }
    if (a.rules.length == 0) {
      return b;
    }
    return new Bucket(merged(a.rules, b.rules), patterns);
  }

  /** Two ascending arrays as one. */
  private static int[] merged(int[] a, int[] b) {
    int[] out = new int[a.length + b.length];
    int i = 0;
    int j = 0;
    int k = 0;
    while (i < a.length && j < b.length) {
      out[k++] = a[i] <= b[j] ? a[i++] : b[j++];
    }
    while (i < a.length) {
      out[k++] = a[i++];
    }
    while (j < b.length) {
      out[k++] = b[j++];
    }
    return out;
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
}
