package dev.cairn.match.filterpattern;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * A compiled CloudWatch Logs filter pattern, as used by metric filters, subscription filters and
 * {@code FilterLogEvents}. The kind is decided by the first non-blank character: {@code {} for a
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
  /** Field names of each selector of a JSON pattern; null for patterns that read the message text. */
  private final List<List<String>> fieldPaths;

  private FilterPattern(String text, Evaluator evaluator, List<List<String>> fieldPaths) {
    this.text = text;
    this.evaluator = evaluator;
    this.fieldPaths = fieldPaths;
  }

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
      return new FilterPattern(text, Evaluator.EVERYTHING, List.of());
    }
    return switch (reader.peek()) {
      case '{' -> {
        List<List<String>> paths = new ArrayList<>();
        Evaluator json = Evaluator.ofJson(JsonPatternParser.parse(reader, paths));
        yield new FilterPattern(text, json, List.copyOf(paths));
      }
      case '[' -> new FilterPattern(text, SpaceDelimitedPattern.parse(reader), null);
      default -> new FilterPattern(text, TextPattern.parse(reader), null);
    };
  }

  /**
   * The JSON fields the pattern reads, each as the field names of a selector with array indexes
   * left out ({@code $.resources[0].ARN} reads {@code [resources, ARN]}); empty when the pattern
   * reads the message text (text terms and space-delimited patterns), which is all of it.
   */
  public Optional<List<List<String>>> fieldPaths() {
    return Optional.ofNullable(fieldPaths);
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
