package dev.cairn.match.filterpattern;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/**
 * The fast evaluator must agree with {@link ReferenceInterpreter} on generated patterns and events.
 * Seeds are fixed, so a failure names a reproducible case.
 */
class DifferentialTest {
  private static final long SEED = 20240501L;

  @Test
  void jsonPatternsAgreeWithTheReference() throws InvalidPatternException {
    Generators gen = new Generators(SEED);
    int matched = 0;
    for (int i = 0; i < 4000; i++) {
      String pattern = gen.jsonPattern();
      JsonNode event = gen.event();
      matched += agree(i, pattern, event, event::toString) ? 1 : 0;
    }
    assertThat(matched).as("generated cases should match sometimes").isBetween(200, 3800);
  }

  @Test
  void textPatternsAgreeWithTheReference() throws InvalidPatternException {
    Generators gen = new Generators(SEED + 1);
    int matched = 0;
    for (int i = 0; i < 3000; i++) {
      String pattern = gen.textPattern();
      String message = gen.message();
      matched += agree(i, pattern, null, () -> message) ? 1 : 0;
    }
    assertThat(matched).isBetween(200, 2800);
  }

  @Test
  void spaceDelimitedPatternsAgreeWithTheReference() throws InvalidPatternException {
    Generators gen = new Generators(SEED + 2);
    int matched = 0;
    for (int i = 0; i < 3000; i++) {
      String pattern = gen.spacePattern();
      String message = gen.logLine();
      matched += agree(i, pattern, null, () -> message) ? 1 : 0;
    }
    assertThat(matched).isBetween(100, 2900);
  }

  @Test
  void jsonPatternsNeverMatchNonJsonInEitherImplementation() throws InvalidPatternException {
    Generators gen = new Generators(SEED + 3);
    for (int i = 0; i < 200; i++) {
      String pattern = gen.jsonPattern();
      assertThat(FilterPattern.compile(pattern).matches(null, () -> "not json")).isFalse();
      assertThat(ReferenceInterpreter.matches(pattern, null, "not json")).isFalse();
    }
  }

  private static boolean agree(int i, String pattern, JsonNode json, Supplier<String> message)
      throws InvalidPatternException {
    boolean fast = FilterPattern.compile(pattern).matches(json, message);
    boolean reference = ReferenceInterpreter.matches(pattern, json, message.get());
    assertThat(fast)
        .as("case %d (seed %d)%n pattern: %s%n event: %s", i, SEED, pattern, message.get())
        .isEqualTo(reference);
    return fast;
  }
}
