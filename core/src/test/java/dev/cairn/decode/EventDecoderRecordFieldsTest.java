package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.RecordFields;
import dev.cairn.testkit.Streams;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Decoding with only some record fields parsed, where the record's kept text is at its limits.
 * {@link Decoded#of} already decodes every test input of this package that way too.
 */
class EventDecoderRecordFieldsTest {
  private static final RecordFields ERROR_CODE = RecordFields.of(List.of(List.of("errorCode")));

  private static String record(String id, String padding) {
    return "{\"eventVersion\":\"1.08\",\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"PutObject\","
        + "\"requestParameters\":{\"key\":\"" + padding + "\"},\"eventID\":\"" + id + "\",\"errorCode\":\"E-" + id + "\"}";
  }

  @Test
  void aRecordLargerThanTheWindowKeptBehindTheParser() {
    String big = "x".repeat(5 * GuardedStream.WINDOW);
    String log = "{\"Records\":[" + record("a", "") + "," + record("b", big) + "," + record("c", "") + "]}";

    Decoded decoded = Decoded.of(log); // whole, one byte per read, and with partial fields (see Decoded)
    Decoded partial = Decoded.once(EventDecoder.create().withRecordFields(ERROR_CODE), text(log));

    assertThat(partial.eventIds()).containsExactly("a", "b", "c");
    assertThat(partial.events().get(1).record(ERROR_CODE).get("errorCode").textValue()).isEqualTo("E-b");
    assertThat(partial.events().get(1).requestParameters().get("key").textValue()).hasSize(big.length());
    assertThat(partial.events().get(1).record()).isEqualTo(decoded.events().get(1).record());
  }

  @Test
  void aLongFirstFieldNameBeforeTheDecoderChoosesHowToReadTheObject() {
    // JSON lines: the decoder reads the first field name before choosing how to read the object.
    // Names are limited to 50,000 bytes by the parser, so the object's start stays kept.
    String longName = "n".repeat(45_000);
    String line = "{\"" + longName + "\":1," + record("a", "").substring(1);
    String lines = line + "\n" + record("b", "") + "\n";

    Decoded partial = Decoded.once(EventDecoder.create().withRecordFields(ERROR_CODE), text(lines));

    assertThat(partial.eventIds()).containsExactly("a", "b");
    assertThat(partial.events().get(0).record().get(longName).intValue()).isEqualTo(1);
    Decoded.of(lines);
  }

  @Test
  void gzipInflatedOnAnotherThreadGivesTheSameRecords() {
    byte[] gzip = Streams.gzip("{\"Records\":[" + record("a", "p") + "," + record("b", "q") + "]}");
    EventDecoder decoder = EventDecoder.create().withRecordFields(ERROR_CODE).withDecompressionExecutor(Decoded.INFLATING);

    Decoded piped = Decoded.once(decoder, new ByteArrayInputStream(gzip));

    assertThat(piped.eventIds()).containsExactly("a", "b");
    assertThat(piped.events().get(1).recordJson()).isEqualTo(record("b", "q"));
  }

  private static InputStream text(String text) {
    return new ByteArrayInputStream(Streams.utf8(text));
  }
}
