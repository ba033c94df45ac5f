package dev.cairn.alert.route;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.CharRange;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class GlobTest {
  @Test
  void starsStandForAnyRun() {
    assertThat(new Glob("cis-*").matches("cis-1.1")).isTrue();
    assertThat(new Glob("*admin*").matches("arn:aws:iam::1:role/admin-ops")).isTrue();
    assertThat(new Glob("*admin*").matches("arn:aws:iam::1:role/Admin")).as("case-sensitive").isFalse();
    assertThat(new Glob("a*a").matches("a")).as("the two a's are two characters").isFalse();
    assertThat(new Glob("exact").matches("exact")).isTrue();
    assertThat(new Glob("exact").matches("exactly")).isFalse();
  }

  /** An actor or a value routed on is written by whoever made the call. */
  @Test
  @Timeout(value = 20, unit = TimeUnit.SECONDS)
  void aCraftedValueIsAnsweredAtOnce() {
    String crafted = "ab".repeat(50_000);
    assertThat(new Glob("*a*b*a*b*c*").matches(crafted)).isFalse();
    assertThat(new Glob("*a*b*a*b*").matches(crafted)).isTrue();
  }

  /** The same answers as the regex each glob stands for, on values of few letters (many near misses). */
  @Property(tries = 2_000)
  void agreesWithTheRegexItStandsFor(@ForAll @StringLength(max = 6) @CharRange(from = 'a', to = 'c') String glob,
      @ForAll @StringLength(max = 10) @CharRange(from = 'a', to = 'b') String value) {
    String withStars = glob.replace('c', '*');
    Pattern regex = Pattern.compile(withStars.isEmpty() ? "" : String.join(".*",
        java.util.Arrays.stream(withStars.split("\\*", -1)).map(Pattern::quote).toList()), Pattern.DOTALL);
    assertThat(new Glob(withStars).matches(value)).as("%s on %s", withStars, value)
        .isEqualTo(regex.matcher(value).matches());
  }
}
