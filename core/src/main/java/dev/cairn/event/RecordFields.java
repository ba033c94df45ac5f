package dev.cairn.event;

import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The fields of a CloudTrail record that some consumer reads: a tree of field names, where a name
 * marked whole stands for everything under it. Array steps are transparent: a path {@code
 * resources.ARN} reaches the {@code ARN} of every element of {@code resources}, so one value serves
 * event patterns (which see through arrays) and filter selectors such as {@code $.resources[0].ARN}.
 *
 * <p>Decoders use it to parse only what rules read and keep the rest of each record as JSON text,
 * parsed when someone asks for it ({@link CloudTrailEvent#record()}); most records never are. Every
 * value also holds the {@linkplain #core() core} fields that identify an event and build its
 * envelope.
 *
 * <pre>{@code
 * RecordFields fields = RecordFields.of(List.of(List.of("userIdentity", "type"), List.of("eventName")));
 * EventDecoder decoder = EventDecoder.create().withRecordFields(fields);
 * }</pre>
 *
 * <p>Immutable and thread-safe.
 */
public final class RecordFields {
  /** Every field: records are parsed whole. */
  public static final RecordFields ALL = new RecordFields(Map.of(), true);

  private static final List<List<String>> CORE_PATHS = List.of(
      List.of("eventVersion"), List.of("eventID"), List.of("eventTime"), List.of("eventName"),
      List.of("eventSource"), List.of("eventType"), List.of("awsRegion"), List.of("recipientAccountId"),
      List.of("userIdentity", "accountId"));
  private static final RecordFields CORE = build(CORE_PATHS);

  /** Field name to what is read under it; empty when {@link #whole}. A HashMap: looked up for every field read. */
  private final HashMap<String, RecordFields> children;
  private final boolean whole;
  /** Whether this covers {@link #CORE}, worked out once: asked for every event decoded. */
  private final boolean coversCore;
  /** The last value found {@linkplain #covers covered}: a race only repeats the check. */
  private volatile RecordFields lastCovered;

  private RecordFields(Map<String, RecordFields> children, boolean whole) {
    this.children = new HashMap<>(children);
    this.whole = whole;
    this.coversCore = CORE != null && holds(CORE); // CORE itself is covered by the identity check
  }

  /**
   * Only the core fields: {@code eventVersion}, {@code eventID}, {@code eventTime}, {@code
   * eventName}, {@code eventSource}, {@code eventType}, {@code awsRegion}, {@code
   * recipientAccountId} and {@code userIdentity.accountId}.
   */
  public static RecordFields core() {
    return CORE;
  }

  /**
   * The core fields and the given paths, each a list of field names from the record's root. An
   * empty path means the whole record.
   */
  public static RecordFields of(Collection<List<String>> paths) {
    for (List<String> path : paths) {
      if (path.isEmpty()) {
        return ALL;
      }
    }
    return CORE.union(build(paths));
  }

  /** Exactly one path, without the core fields: what an accessor of {@link CloudTrailEvent} reads. */
  static RecordFields path(String... names) {
    return build(List.of(List.of(names)));
  }

  private static RecordFields build(Collection<List<String>> paths) {
    Node root = new Node();
    for (List<String> path : paths) {
      Node node = root;
      for (String name : path) {
        node = node.children.computeIfAbsent(Objects.requireNonNull(name, "field name"), n -> new Node());
      }
      node.whole = true;
    }
    return root.freeze();
  }

  /** Fields read by either. */
  public RecordFields union(RecordFields other) {
    if (whole || other.whole) {
      return ALL;
    }
    if (covers(other)) {
      return this;
    }
    Map<String, RecordFields> merged = new HashMap<>(children);
    other.children.forEach((name, fields) -> merged.merge(name, fields, RecordFields::union));
    return new RecordFields(merged, false);
  }

  /** True when this holds everything {@code other} holds. */
  @SuppressWarnings("ReferenceEquality") // identity first: asked per event, mostly with the same few instances
  public boolean covers(RecordFields other) {
    if (this == other || whole || other == lastCovered) {
      return true;
    }
    if (other == CORE) {
      return coversCore;
    }
    boolean covers = holds(other);
    if (covers) {
      lastCovered = other; // matchers ask the same question for every event
    }
    return covers;
  }

  private boolean holds(RecordFields other) {
    if (whole) {
      return true;
    }
    if (other.whole) {
      return false;
    }
    for (Map.Entry<String, RecordFields> e : other.children.entrySet()) {
      RecordFields mine = children.get(e.getKey());
      if (mine == null || !mine.holds(e.getValue())) {
        return false;
      }
    }
    return true;
  }

  /** True when everything under this point is read. */
  public boolean isWhole() {
    return whole;
  }

  /** The names of the fields read at this level; empty when {@linkplain #isWhole() whole}. */
  public Set<String> names() {
    return Collections.unmodifiableSet(children.keySet());
  }

  /**
   * What is read under the field {@code name}: {@link #ALL} for all of it, null for none of it.
   */
  public RecordFields child(String name) {
    return whole ? ALL : children.get(name);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RecordFields other && whole == other.whole && children.equals(other.children);
  }

  @Override
  public int hashCode() {
    return whole ? 1 : children.hashCode();
  }

  /** Paths in a JSON-like form, e.g. {@code {eventName, userIdentity{accountId, type}}}, sorted. */
  @Override
  public String toString() {
    if (whole) {
      return "*";
    }
    StringBuilder text = new StringBuilder("{");
    children.keySet().stream().sorted().forEach(name -> {
      RecordFields child = children.get(name);
      text.append(text.length() > 1 ? ", " : "").append(name);
      if (!child.whole) {
        text.append(child);
      }
    });
    return text.append('}').toString();
  }

  /** A mutable tree while paths are added. */
  private static final class Node {
    final Map<String, Node> children = new HashMap<>();
    boolean whole;

    RecordFields freeze() {
      if (whole) {
        return ALL;
      }
      Map<String, RecordFields> frozen = new HashMap<>();
      children.forEach((name, node) -> frozen.put(name, node.freeze()));
      return new RecordFields(frozen, false);
    }
  }
}
