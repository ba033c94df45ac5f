package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CompactJsonTest {
  /** The byte-at-a-time scan the word-at-a-time one replaced: the reference. */
  private static int reference(byte[] json) {
    boolean inString = false;
    for (int i = 0; i < json.length; i++) {
      byte b = json[i];
      if (inString) {
        if (b == '\\') {
          i++;
        } else if (b == '"') {
          inString = false;
        }
      } else if (b == '"') {
        inString = true;
      } else if (b == ' ' || b == '\n' || b == '\r' || b == '\t') {
        return i;
      }
    }
    return -1;
  }

  @Test
  void findsTheFirstWhitespaceOutsideStringsAsTheByteScanDid() {
    // Mostly string bytes, with quotes, escapes (an escaped quote or backslash among them), spaces
    // inside and outside strings, non-ASCII, at every length and alignment.
    byte[] alphabet = "aaaaaaaaaaaaaaaa{}[]:,0\"\"\\ \t\n\ré".getBytes(StandardCharsets.UTF_8);
    SplittableRandom random = new SplittableRandom(7);
    int found = 0;
    for (int n = 0; n < 200_000; n++) {
      byte[] json = new byte[random.nextInt(64)];
      for (int i = 0; i < json.length; i++) {
        json[i] = alphabet[random.nextInt(random.nextInt(4) == 0 ? alphabet.length : 20)];
      }
      int expected = reference(json);
      found += expected >= 0 ? 1 : 0;
      assertThat(CompactJson.firstWhitespaceOutsideStrings(json)).as(new String(json, StandardCharsets.UTF_8))
          .isEqualTo(expected);
    }
    assertThat(found).as("both outcomes are exercised").isBetween(20_000, 180_000);
  }

  @Test
  void aCompactRecordIsKeptAsItIsAndAnotherLosesItsWhitespace() {
    byte[] compact = "{\"a\":\"x y\\\" z\",\"b\":[1,2]}".getBytes(StandardCharsets.UTF_8);
    assertThat(CompactJson.bytes(compact)).isSameAs(compact);
    assertThat(CompactJson.of("{ \"a\" : \"x y\\\" z\" ,\n\t\"b\": [1, 2] }".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("{\"a\":\"x y\\\" z\",\"b\":[1,2]}");
  }
}
