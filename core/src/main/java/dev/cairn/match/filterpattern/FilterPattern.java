package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

/**
 * A compiled CloudWatch Logs filter pattern, as used by metric filters, subscription filters and
 * {@code FilterLogEvents}. The kind is decided by the first non-blank character: <code>{</code> for a
 * JSON pattern, {@code [} for a space-delimited pattern, anything else for text terms; the empty
 * and the blank pattern match every event.
 *
 * <pre>{@code
 * FilterPattern rootUse = FilterPattern.compile(
 *     "{ $.userIdentity.type = \"Root\" && $.userIdentity.invokedBy NOT EXISTS }");
 * boolean hit = rootUse.matches(recordJson, () -> recordText);
 * }</pre>
 *
 * <p>Instances are immutable and safe to share between threads; {@link #matches} allocates nothing
 * for JSON and text-term patterns beyond what regexes need.
 */
public final class FilterPattern {
  /** The {@code filterPattern} length limit of the CloudWatch Logs API. */
  static final int MAX_LENGTH = 1024;

  private final String text;
  private final Evaluator evaluator;
  /** The condition of a JSON pattern, else null. */
  private final JsonCondition json;
  /** Field names of each selector of a JSON pattern; null for patterns that read the message text. */
  private final List<List<String>> fieldPaths;
  private final List<Warning> warnings;

  private FilterPattern(String text, Evaluator evaluator, JsonCondition json, List<List<String>> fieldPaths,
      List<Warning> warnings) {
    this.text = text;
    this.evaluator = evaluator;
    this.json = json;
    this.fieldPaths = fieldPaths;
    this.warnings = warnings;
  }

  /**
   * Something in a pattern that compiles but probably does not do what its author meant, such as a
   * {@code *} in the middle of a value (a literal, not a wildcard).
   *
   * @param column 1-based column in the pattern
   * @param message what is odd and what to write instead
   */
  public record Warning(int column, String message) {}

  /**
   * Compiles a filter pattern once, for repeated matching.
   *
   * @throws InvalidPatternException for any pattern that cannot be compiled, with line 1, the
   *     1-based column of the problem, and a reason naming what was expected and what was found.
   *     No other exception is thrown for any non-null input.
   * @throws NullPointerException if {@code text} is null
   */
  public static FilterPattern compile(String text) throws InvalidPatternException {
    Objects.requireNonNull(text, "text");
    if (text.length() > MAX_LENGTH) {
      throw new InvalidPatternException(1, MAX_LENGTH + 1,
          "pattern is " + text.length() + " characters long; the limit is " + MAX_LENGTH);
    }
    PatternReader reader = new PatternReader(text);
    reader.skipWhitespace();
    if (reader.atEnd()) {
      return new FilterPattern(text, Evaluator.EVERYTHING, null, List.of(), List.of());
    }
    switch (reader.peek()) {
      case '{' -> {
        List<List<String>> paths = new ArrayList<>();
        JsonCondition condition = JsonPatternParser.parse(reader, paths);
        boolean whole = paths.stream().anyMatch(List::isEmpty); // a wildcard on the root: $.*
        return new FilterPattern(text, Evaluator.ofJson(condition), condition, whole ? null : List.copyOf(paths),
            reader.warnings());
      }
      case '[' -> {
        Evaluator space = SpaceDelimitedPattern.parse(reader);
        return new FilterPattern(text, space, null, null, reader.warnings());
      }
      default -> {
        List<Integer> ignored = new ArrayList<>();
        Evaluator terms = TextPattern.parse(reader, ignored);
        for (int at : ignored) {
          reader.warn(at, "this '?' term is ignored: AWS ignores optional terms when the pattern also has"
              + " terms without '?'; write only '?' terms to match any of them");
        }
        return new FilterPattern(text, terms, null, null, reader.warnings());
      }
    }
  }

  /** What {@link #compile} found odd but accepted; empty for most patterns. */
  public List<Warning> warnings() {
    return warnings;
  }

  /**
   * The values a top-level JSON field (such as {@code eventName}) must have, as a JSON string, for
   * the pattern to match; empty when the pattern does not restrict the field that way. For
   * {@code { ($.eventName = A || $.eventName = B) && $.x = 1 }} and {@code eventName}: A and B.
   * Rule sets use it to look rules up by an event's name instead of trying every rule.
   */
  public Optional<Set<String>> requiredValues(String field) {
    return json == null ? Optional.empty() : Optional.ofNullable(JsonCondition.requiredValues(json, field));
  }

  /**
   * The JSON fields the pattern reads, each as the field names of a selector with array indexes
   * left out ({@code $.resources[0].ARN} reads {@code [resources, ARN]}); empty when the pattern
   * reads the message text (text terms and space-delimited patterns), which is all of it.
   */
  public Optional<List<List<String>>> fieldPaths() {
    return Optional.ofNullable(fieldPaths);
  }

  /**
   * For a space-delimited pattern, the value each named slot takes in {@code message}, as a metric
   * filter's {@code $name} value or dimension reads it: {@code [ip, user, ..., status=4*, size]}
   * binds {@code status} to the last field but one. Empty for other patterns, for unnamed slots,
   * and when the message has too few fields.
   */
  public Map<String, String> bind(String message) {
    return evaluator instanceof SpaceDelimitedPattern space ? space.bind(message == null ? "" : message) : Map.of();
  }

  /** Whether the pattern is space-delimited ({@code [a, b, ...]}), whose slots {@link #bind} names. */
  public boolean isSpaceDelimited() {
    return evaluator instanceof SpaceDelimitedPattern;
  }

  /** The pattern text exactly as given to {@link #compile}. */
  public String text() {
    return text;
  }

  /**
   * Whether one log event matches.
   *
   * @param json the log event message parsed as JSON, or null when the message is not JSON (JSON
   *     patterns then never match)
   * @param message the raw message text, fetched lazily and only by text-term (including
   *     standalone {@code %regex%}) and space-delimited patterns; a null supplier or null text reads as the empty string
   */
  public boolean matches(JsonNode json, Supplier<String> message) {
    return evaluator.matches(json, message);
  }

  @Override
  public String toString() {
    return "FilterPattern[" + text + "]";
  }
}
