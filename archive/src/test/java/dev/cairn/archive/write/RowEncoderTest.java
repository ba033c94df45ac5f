package dev.cairn.archive.write;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RowEncoderTest {
  @Test
  void eventTimeIsWrittenAsTheFormatterWritesIt() {
    long min = Instant.parse("1970-01-01T00:00:00Z").toEpochMilli();
    long max = Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli();
    SplittableRandom random = new SplittableRandom(16);
    for (int i = 0; i < 100_000; i++) {
      Instant t = Instant.ofEpochSecond(random.nextLong(min / 1000, max / 1000 + 1), random.nextInt(1_000_000_000));
      assertThat(RowEncoder.time(t)).as(t.toString()).isEqualTo(RowEncoder.TIME.format(t));
    }
    for (String edge : new String[] {"1970-01-01T00:00:00Z", "9999-12-31T23:59:59.999999999Z",
        "2024-02-29T23:59:59.9995Z", "2026-03-01T09:03:07.250Z"}) {
      Instant t = Instant.parse(edge);
      assertThat(RowEncoder.time(t)).isEqualTo(RowEncoder.TIME.format(t));
    }
  }
}
