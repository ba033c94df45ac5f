package dev.cairn.match.filterpattern;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Whoever makes an API call writes the values a regex runs over (a {@code userAgent} here): a
 * crafted value must not stall matching. With a backtracking engine each of these took minutes.
 */
class HostileValuesTest {
  /** 10,000 characters: {@code %.*a.*b.*c%} backtracked for 5 s over 500 of them, 49 s over 1,000. */
  private static final String EVENT = "{\"userAgent\":\"" + "ab".repeat(5_000) + "\"}";

  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void regexesAnswerAtOnceOverACraftedValue() {
    assertThat(Events.matches("{ $.userAgent = %.*a.*b.*c% }", EVENT)).isFalse();
    assertThat(Events.matches("%[a-z]+[a-z]+[a-z]+c%", EVENT)).isFalse();
    assertThat(Events.matches("{ $.userAgent = %^a.*a.*b$% }", EVENT)).isTrue();
  }
}
