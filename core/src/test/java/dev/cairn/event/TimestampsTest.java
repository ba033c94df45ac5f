package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written reading of eventTime agrees with {@link Instant#parse} on every input. */
class TimestampsTest {

  @Test
  void readsCloudTrailTimesAsInstantParseDoes() {
    assertThat(Timestamps.parse("2026-12-06T10:05:00Z")).isEqualTo(Instant.parse("2026-12-06T10:05:00Z"));
    assertThat(Timestamps.parse("1970-01-01T00:00:00Z")).isEqualTo(Instant.EPOCH);
    assertThat(Timestamps.parse("2024-02-29T23:59:59Z")).isEqualTo(Instant.parse("2024-02-29T23:59:59Z"));
  }

  @Test
  void otherShapesGoToInstantParse() {
    assertThat(Timestamps.parse("2026-12-06T10:05:00.123Z")).isEqualTo(Instant.parse("2026-12-06T10:05:00.123Z"));
    assertThat(Timestamps.parse("2026-12-06T10:05:00+01:00")).isEqualTo(Instant.parse("2026-12-06T09:05:00Z"));
    assertThat(Timestamps.parse("2016-12-31T23:59:60Z")).isEqualTo(Instant.parse("2016-12-31T23:59:60Z"));
  }

  @Test
  void rejectsWhatInstantParseRejects() {
    for (String bad : new String[] {"", "yesterday", "2023-02-29T00:00:00Z", "2026-13-01T00:00:00Z",
        "2026-12-06T24:00:01Z", "2026-12-06T10:60:00Z", "2026-12-06 10:05:00Z", "2026-12-0xT10:05:00Z",
        "+026-12-06T10:05:00Z", "2026-00-06T10:05:00Z", "2026-12-00T10:05:00Z"}) {
      assertThat(Timestamps.parse(bad)).as(bad).isNull();
    }
  }

  @Test
  void agreesWithInstantParseOnRandomTwentyCharacterTexts() {
    Random random = new Random(42);
    String alphabet = "0123456789-T:Z+ ";
    Instant start = Instant.parse("1900-01-01T00:00:00Z");
    for (int i = 0; i < 200_000; i++) {
      char[] text = Instant.ofEpochSecond(start.getEpochSecond() + (random.nextLong() >>> 31)).toString().toCharArray();
      if (text.length == 20 && random.nextBoolean()) {
        text[random.nextInt(20)] = alphabet.charAt(random.nextInt(alphabet.length()));
      }
      String s = new String(text);
      assertThat(Timestamps.parse(s)).as(s).isEqualTo(instantParse(s));
    }
  }

  private static Instant instantParse(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      return null;
    }
  }
}
