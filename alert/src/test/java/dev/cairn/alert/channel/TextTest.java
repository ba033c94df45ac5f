package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TextTest {
  private static final String EMOJI = "😀"; // two UTF-16 units, four UTF-8 bytes

  @Test
  void aValueThatFitsIsKeptAsIs() {
    assertThat(Text.fit("hello", 5)).isEqualTo("hello");
    assertThat(Text.fit("", 0)).isEmpty();
  }

  @Test
  void aLongValueEndsWithTheMarkerAndTheCountOfWhatWasLeftOut() {
    String cut = Text.fit("x".repeat(100), 40);
    // Room is kept for the longest marker the value could need ("… (truncated, 100 more)", 23).
    assertThat(cut).isEqualTo("x".repeat(17) + "… (truncated, 83 more)");
  }

  @Test
  void neverCutsASurrogatePair() {
    String value = "ab" + EMOJI.repeat(30);
    for (int max = 23; max < 40; max++) {
      String cut = Text.fit(value, max);
      assertThat(cut.length()).isLessThanOrEqualTo(max);
      assertValidUtf16(cut);
      String kept = cut.substring(0, cut.indexOf('…'));
      assertThat(value).startsWith(kept);
      int more = Integer.parseInt(cut.replaceAll(".*truncated, (\\d+) more\\)$", "$1"));
      assertThat(kept.codePointCount(0, kept.length()) + more).isEqualTo(value.codePointCount(0, value.length()));
    }
  }

  @Test
  void neverCutsAnEscapeAndCountsTheEscapedLength() {
    String value = "&".repeat(100);
    String cut = Text.fit(value, 60, Text.Escaper.SLACK);
    assertThat(cut.length()).isLessThanOrEqualTo(60);
    String kept = cut.substring(0, cut.indexOf('…'));
    assertThat(kept).matches("(&amp;)+");
    assertThat(cut).endsWith("(truncated, " + (100 - kept.length() / 5) + " more)");
  }

  @Test
  void loneSurrogatesBecomeReplacementCharacters() throws CharacterCodingException {
    String broken = "a\uD83Db\uDE00c" + EMOJI;
    String fitted = Text.fit(broken, 100);
    assertThat(fitted).isEqualTo("a\uFFFDb\uFFFDc" + EMOJI);
    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
        .decode(ByteBuffer.wrap(fitted.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void aSupplementaryCodePointIsNotTakenForASurrogate() {
    String value = new String(Character.toChars(0x1D800)); // its low 16 bits are in the surrogate range
    assertThat(Text.fit(value, 10)).isEqualTo(value);
  }

  @Test
  void utf8LimitsCountBytes() throws CharacterCodingException {
    String value = EMOJI.repeat(100); // 400 bytes
    String cut = Text.fitUtf8(value, 101);
    byte[] bytes = cut.getBytes(StandardCharsets.UTF_8);
    assertThat(bytes.length).isLessThanOrEqualTo(101);
    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes));
    assertThat(cut).startsWith(EMOJI).endsWith(" more)");
    assertThat(Text.utf8Length("aé€" + EMOJI)).isEqualTo(1 + 2 + 3 + 4);
  }

  @Test
  void fiftyMegabytesAreCutQuicklyAndCountedExactly() {
    String huge = "<".repeat(50_000_000);
    long start = System.nanoTime();
    String cut = Text.fit(huge, 3_000, Text.Escaper.SLACK);
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(cut.length()).isLessThanOrEqualTo(3_000);
    int kept = cut.substring(0, cut.indexOf('…')).length() / 4; // "&lt;"
    assertThat(cut).endsWith("(truncated, " + (50_000_000 - kept) + " more)");
    assertThat(millis).as("ms for 50 MB").isLessThan(5_000);
  }

  @Test
  void chunksSplitAfterANewlineAndCutTheLastPart() {
    String value = "first line that is long\nsecond line\n" + "z".repeat(100);
    assertThat(Text.chunks(value, 30, 3, Text.Escaper.NONE))
        .containsExactly("first line that is long\n", "second line\nzzzzzzzzzzzzzzzzzz",
            "zzzzzzzz… (truncated, 74 more)");
    assertThat(Text.chunks("short", 30, 3, Text.Escaper.NONE)).containsExactly("short");
    assertThat(Text.chunks("", 30, 3, Text.Escaper.NONE)).isEmpty();
    assertThat(String.join("", Text.chunks("a&b".repeat(20), 10, 30, Text.Escaper.SLACK)))
        .isEqualTo("a&amp;b".repeat(20));
  }

  @Test
  void oneLineTurnsControlsIntoSpaces() {
    assertThat(Text.oneLine("a\r\nb\tc\u0085d\u2028e")).isEqualTo("a  b c d e");
    assertThat(Text.oneLine("plain")).isSameAs("plain".intern());
  }

  @Test
  void clipMarksNarrowCellsWithAnEllipsis() {
    assertThat(Text.clip("abcdef", 4)).isEqualTo("abc…");
    assertThat(Text.clip("ab" + EMOJI + "cd", 4)).isEqualTo("ab…"); // the pair is not split
    assertThat(Text.clip("abcd", 4)).isEqualTo("abcd");
  }

  @Test
  void aLimitShorterThanTheMarkerCutsWithoutOne() {
    assertThat(Text.fit("abcdefghij", 5)).isEqualTo("abcde");
  }

  private static void assertValidUtf16(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (Character.isHighSurrogate(c)) {
        assertThat(i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))).as("pair at " + i).isTrue();
        i++;
      } else {
        assertThat(Character.isLowSurrogate(c)).as("lone low surrogate at " + i).isFalse();
      }
    }
  }
}
