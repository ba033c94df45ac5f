package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.testkit.SyntheticRecords;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/**
 * Inputs far larger than any one value, generated while they are read and never held whole: the
 * test JVM's heap (1 GiB) could not hold 200,000 records as trees, so finishing proves the decoder
 * streams.
 */
class EventDecoderLargeInputTest {
  private static final int COUNT = 200_000;

  @Test
  void logFileWithTwoHundredThousandRecords() {
    Counting counting = new Counting();

    DecodeSummary summary = EventDecoder.create().decode(SyntheticRecords.withSeed(7).logFile(COUNT), "big", counting);

    assertThat(summary.ok()).isTrue();
    assertThat(summary.events()).isEqualTo(COUNT);
    assertThat(counting.events).isEqualTo(COUNT);
    assertThat(counting.lastEventTime).isEqualTo(SyntheticRecords.withSeed(7).record(COUNT - 1)
        .replaceAll(".*\"eventTime\":\"([^\"]+)\".*", "$1"));
  }

  @Test
  void concatenatedRecordsWithNoSeparator() {
    Counting counting = new Counting();

    // Not a test of memory (the heap could hold these): of many values with nothing between them.
    DecodeSummary summary =
        EventDecoder.create().decode(SyntheticRecords.withSeed(8).concatenated(COUNT / 20), "firehose", counting);

    assertThat(summary.ok()).isTrue();
    assertThat(summary.events()).isEqualTo(COUNT / 20);
  }

  @Test
  void generatedStreamsAreReproducible() throws Exception {
    try (InputStream a = SyntheticRecords.withSeed(3).jsonLines(50);
        InputStream b = SyntheticRecords.withSeed(3).jsonLines(50)) {
      assertThat(a.readAllBytes()).isEqualTo(b.readAllBytes());
    }
    assertThat(SyntheticRecords.withSeed(3).record(1)).isNotEqualTo(SyntheticRecords.withSeed(4).record(1));
  }

  /** Keeps nothing but a count and the last event's time. */
  private static final class Counting implements DecodeListener {
    long events;
    String lastEventTime;

    @Override
    public void onEvent(CloudTrailEvent event) {
      events++;
      lastEventTime = event.eventTimeText();
    }
  }
}
