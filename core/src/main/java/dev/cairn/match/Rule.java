package dev.cairn.match;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.event.CloudTrailEvent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * A rule: an id, a severity, and one or more conditions that must all hold.
 *
 * <ul>
 *   <li>{@link #pattern()}: an EventBridge event pattern (JSON), matched against the event's
 *       envelope view with aws/event-ruler, so rules pasted from EventBridge work verbatim;
 *   <li>{@link #filter()}: a CloudWatch Logs filter pattern, matched against the record view, so
 *       metric-filter patterns work verbatim;
 *   <li>{@link #predicate()}: any Java predicate, for library users.
 * </ul>
 *
 * <p>A rule is a plain value; {@link RuleSet#of} compiles and validates it.
 */
public final class Rule {
  private final String id;
  private final String description;
  private final Severity severity;
  private final String pattern;
  private final String filter;
  private final Predicate<CloudTrailEvent> predicate;
  private final Origin origin;
  private final Map<String, JsonNode> actions;

  private Rule(Builder b) {
    this.id = b.id;
    this.description = b.description;
    this.severity = b.severity;
    this.pattern = b.pattern;
    this.filter = b.filter;
    this.predicate = b.predicate;
    this.origin = b.origin;
    this.actions = Map.copyOf(b.actions);
  }

  /** Starts a rule with the given id (letters, digits, {@code . _ : -}). */
  public static Builder builder(String id) {
    return new Builder(id);
  }

  public String id() {
    return id;
  }

  /** Free text for people; empty when none was given. */
  public String description() {
    return description;
  }

  public Severity severity() {
    return severity;
  }

  /** The EventBridge event pattern as JSON text, or null. */
  public String pattern() {
    return pattern;
  }

  /** The CloudWatch Logs filter pattern, or null. */
  public String filter() {
    return filter;
  }

  /** The Java predicate, or null. */
  public Predicate<CloudTrailEvent> predicate() {
    return predicate;
  }

  /** Where the rule was defined. */
  public Origin origin() {
    return origin;
  }

  /**
   * What the rule file says about acting on the rule's matches ({@code notify}, {@code template},
   * {@code group}), as written, by key: matching does not use them, the alerting stage reads and
   * checks them. Empty for rules without them. The nodes must not be modified.
   */
  public Map<String, JsonNode> actions() {
    return actions;
  }

  @Override
  public String toString() {
    return "Rule[" + id + " @ " + origin + "]";
  }

  /**
   * Where a rule was defined: a file position, or {@link #CODE} for rules built in Java.
   *
   * @param file the file as given, or {@code "<code>"}
   * @param line 1-based, 0 when unknown
   * @param column 1-based, 0 when unknown
   */
  public record Origin(String file, int line, int column) {
    /** Rules built in Java code. */
    public static final Origin CODE = new Origin("<code>", 0, 0);

    @Override
    public String toString() {
      return line > 0 ? file + ":" + line : file;
    }
  }

  /** Builds a {@link Rule}. Not thread-safe. */
  public static final class Builder {
    private final String id;
    private String description = "";
    private Severity severity = Severity.MEDIUM;
    private String pattern;
    private String filter;
    private Predicate<CloudTrailEvent> predicate;
    private Origin origin = Origin.CODE;
    private final Map<String, JsonNode> actions = new LinkedHashMap<>();

    private Builder(String id) {
      this.id = Objects.requireNonNull(id, "id");
    }

    public Builder description(String description) {
      this.description = Objects.requireNonNull(description, "description");
      return this;
    }

    /** Default {@link Severity#MEDIUM}. */
    public Builder severity(Severity severity) {
      this.severity = Objects.requireNonNull(severity, "severity");
      return this;
    }

    /** An EventBridge event pattern as JSON text. */
    public Builder pattern(String eventPatternJson) {
      this.pattern = Objects.requireNonNull(eventPatternJson, "pattern");
      return this;
    }

    /** A CloudWatch Logs filter pattern. */
    public Builder filter(String filterPattern) {
      this.filter = Objects.requireNonNull(filterPattern, "filter");
      return this;
    }

    /** A Java condition; combined with pattern and filter by AND. */
    public Builder predicate(Predicate<CloudTrailEvent> predicate) {
      this.predicate = Objects.requireNonNull(predicate, "predicate");
      return this;
    }

    /** Where the rule comes from, for messages. */
    public Builder origin(Origin origin) {
      this.origin = Objects.requireNonNull(origin, "origin");
      return this;
    }

    /** An action key as written in a rule file ({@code notify}, {@code template}, {@code group}); see {@link Rule#actions()}. */
    public Builder action(String key, JsonNode value) {
      actions.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
      return this;
    }

    public Rule build() {
      return new Rule(this);
    }
  }
}
