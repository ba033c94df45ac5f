package dev.cairn.match.filterpattern;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * User-supplied input: for any string, {@code compile} either succeeds or throws
 * {@link InvalidPatternException} with a position inside the pattern — nothing else. Seeds are
 * fixed so runs are reproducible.
 */
class CompilePropertyTest {
  private static final String ALPHABET = "{}[]()$.*%\"\\ =!<>&|?-,:_'aZ09eIS NULTRFAEXO\t";

  @Property(tries = 2000, seed = "42")
  void arbitraryStringsCompileOrFailCleanly(@ForAll String text) {
    assertCompilesOrFailsCleanly(text);
  }

  @Property(tries = 2000, seed = "43")
  void patternShapedNoiseCompilesOrFailsCleanly(@ForAll("patternNoise") String text) {
    assertCompilesOrFailsCleanly(text);
  }

  @Property(tries = 2000, seed = "44")
  void mutatedValidPatternsCompileOrFailCleanly(@ForAll("mutatedPatterns") String text) {
    assertCompilesOrFailsCleanly(text);
  }

  /** Every pattern the differential test's generators make is valid, with the new selectors too. */
  @Property(tries = 3000, seed = "45")
  void generatedPatternsCompile(@ForAll("generatedPatterns") String text) throws InvalidPatternException {
    assertThat(FilterPattern.compile(text).text()).isEqualTo(text);
  }

  @Provide
  Arbitrary<String> generatedPatterns() {
    return Arbitraries.longs().map(seed -> {
      Generators gen = new Generators(seed);
      int kind = (int) Math.floorMod(seed, 3L);
      return kind == 0 ? gen.jsonPattern() : kind == 1 ? gen.textPattern() : gen.spacePattern();
    });
  }

  @Provide
  Arbitrary<String> patternNoise() {
    return Combinators.combine(Arbitraries.of("{", "[", "", "?", "-"),
            Arbitraries.strings().withChars(ALPHABET.toCharArray()).ofMaxLength(60))
        .as((start, rest) -> start + rest);
  }

  @Provide
  Arbitrary<String> mutatedPatterns() {
    return Arbitraries.longs().map(seed -> {
      Generators gen = new Generators(seed);
      int kind = (int) Math.floorMod(seed, 3L);
      String valid = kind == 0 ? gen.jsonPattern() : kind == 1 ? gen.textPattern() : gen.spacePattern();
      return mutate(valid, new java.util.Random(seed));
    });
  }

  /** Deletes, duplicates or replaces a few characters, keeping most of the structure. */
  private static String mutate(String valid, java.util.Random random) {
    StringBuilder out = new StringBuilder(valid);
    for (int i = 1 + random.nextInt(3); i > 0 && out.length() > 0; i--) {
      int at = random.nextInt(out.length());
      switch (random.nextInt(3)) {
        case 0 -> out.deleteCharAt(at);
        case 1 -> out.insert(at, out.charAt(at));
        default -> out.setCharAt(at, ALPHABET.charAt(random.nextInt(ALPHABET.length())));
      }
    }
    return out.toString();
  }

  private static void assertCompilesOrFailsCleanly(String text) {
    try {
      FilterPattern pattern = FilterPattern.compile(text);
      assertThat(pattern.text()).isEqualTo(text);
      pattern.matches(Events.jsonOrNull("{\"a\":[1,{\"b\":null}],\"c\":\"x y\"}"), () -> "x [y z] \"q r\" 1");
    } catch (InvalidPatternException e) {
      assertThat(e.line()).isEqualTo(1);
      assertThat(e.column()).isBetween(1, text.length() + 1);
      assertThat(e.reason()).isNotBlank();
    }
  }
}
