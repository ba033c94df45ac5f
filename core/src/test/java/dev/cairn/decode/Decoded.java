package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.testkit.Streams;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * What one decode produced: the summary and everything the listener heard, in order. {@link
 * #of(byte[])} decodes four times, whole and one byte per read, each with gzip inflated on the
 * decoding thread and {@linkplain EventDecoder#withDecompressionExecutor on another}, and checks all
 * agree, so every test also proves that reads of any size, and the hand-off, give the same result.
 * (Input that does not start as gzip is never handed off, so for it the last two are skipped.)
 * It then decodes again {@linkplain EventDecoder#withRecordFields parsing only some fields}, whole
 * and one byte per read, and checks the same records come out, with the fields read as in the whole
 * record.
 */
record Decoded(DecodeSummary summary, List<CloudTrailEvent> events, List<SkippedValue> skipped, List<String> notes) {
  static final String SOURCE = "test-input";
  /** Inflates gzip for the pipelined decodes; daemon threads, so it never holds the test JVM. */
  static final ExecutorService INFLATING = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "test-inflate");
    t.setDaemon(true);
    return t;
  });

  static Decoded of(byte[] bytes) {
    return of(EventDecoder.create(), bytes);
  }

  static Decoded of(EventDecoder decoder, byte[] bytes) {
    Decoded whole = once(decoder, new ByteArrayInputStream(bytes));
    List<Object> wholeComparable = whole.comparable();
    Decoded trickled = once(decoder, Streams.oneByteAtATime(new ByteArrayInputStream(bytes)));
    assertThat(trickled.comparable()).as("decoded one byte at a time").isEqualTo(wholeComparable);
    if (isGzip(bytes)) {
      EventDecoder pipelined = decoder.withDecompressionExecutor(INFLATING);
      Decoded piped = once(pipelined, new ByteArrayInputStream(bytes));
      assertThat(piped.comparable()).as("decoded with gzip inflated on another thread").isEqualTo(wholeComparable);
      Decoded pipedTrickled = once(pipelined, Streams.oneByteAtATime(new ByteArrayInputStream(bytes)));
      assertThat(pipedTrickled.comparable()).as("decoded one byte at a time, inflated on another thread")
          .isEqualTo(wholeComparable);
    }
    List<Object> wholeRecords = whole.sameRecords(); // hashes every record: once, not once per comparison
    for (RecordFields fields : List.of(RecordFields.core(), SOME_FIELDS)) {
      EventDecoder partial = decoder.withRecordFields(fields);
      for (InputStream in : List.of(new ByteArrayInputStream(bytes), Streams.oneByteAtATime(new ByteArrayInputStream(bytes)))) {
        Decoded read = once(partial, in);
        assertThat(read.sameRecords()).as("decoded with fields " + fields).isEqualTo(wholeRecords);
        for (int i = 0; i < read.events.size(); i++) {
          CloudTrailEvent event = read.events.get(i);
          FieldsAgree.check(event.record(fields), whole.events.get(i).record(), fields);
          if (event.recordJson().indexOf('\n') >= 0) {
            assertThat(event.recordJson()).as("record JSON is one line").doesNotContain("\n");
          }
        }
      }
    }
    return whole;
  }

  /** Only the input's own gzip layer is inflated on another thread: plain input decodes as without an executor. */
  private static boolean isGzip(byte[] bytes) {
    return bytes.length >= 2 && (bytes[0] & 0xff) == 0x1f && (bytes[1] & 0xff) == 0x8b;
  }

  /** Fields as rules read them: nested objects, arrays of objects, whole subtrees. */
  static final RecordFields SOME_FIELDS = RecordFields.of(List.of(
      List.of("resources", "ARN"), List.of("userIdentity", "sessionContext", "sessionIssuer", "userName"),
      List.of("requestParameters"), List.of("responseElements", "ConsoleLogin"), List.of("additionalEventData", "MFAUsed"),
      List.of("tlsDetails", "tlsVersion"), List.of("errorCode"), List.of("detail", "eventName")));

  static Decoded of(String text) {
    return of(Streams.utf8(text));
  }

  static Decoded once(EventDecoder decoder, InputStream in) {
    List<CloudTrailEvent> events = new ArrayList<>();
    List<SkippedValue> skipped = new ArrayList<>();
    List<String> notes = new ArrayList<>();
    DecodeSummary summary = decoder.decode(in, SOURCE, new DecodeListener() {
      @Override
      public void onEvent(CloudTrailEvent event) {
        events.add(event);
      }

      @Override
      public void onSkipped(SkippedValue value) {
        skipped.add(value);
      }

      @Override
      public void onNote(String note) {
        notes.add(note);
      }
    });
    assertThat(summary.events()).as("events counted = delivered").isEqualTo(events.size());
    assertThat(summary.skipped()).as("skipped counted = reported").isEqualTo(skipped.size());
    assertThat(summary.notes()).as("notes kept = heard").isEqualTo(notes);
    assertThat(summary.source()).isEqualTo(SOURCE);
    return new Decoded(summary, events, skipped, notes);
  }

  DecodeError error() {
    assertThat(summary.error()).as("decode error").isPresent();
    return summary.error().orElseThrow();
  }

  Optional<DecodeError> maybeError() {
    return summary.error();
  }

  List<String> eventIds() {
    return events.stream().map(CloudTrailEvent::eventId).toList();
  }

  List<String> eventNames() {
    return events.stream().map(CloudTrailEvent::eventName).toList();
  }

  List<String> reasons() {
    return skipped.stream().map(SkippedValue::reason).toList();
  }

  /** Like {@link #comparable()}, but records compared as trees: their text may be spelled differently. */
  private List<Object> sameRecords() {
    List<Integer> records = events.stream().map(e -> e.record().hashCode()).toList();
    List<Boolean> cloudTrail = events.stream().map(CloudTrailEvent::isCloudTrail).toList();
    return List.of(summary, eventIds(), records, cloudTrail, skipped, notes);
  }

  private List<Object> comparable() {
    // Record text is compared by hash: a failure message with every record in it would be unreadable.
    List<Integer> records = events.stream().map(e -> e.recordJson().hashCode()).toList();
    return List.of(summary, eventIds(), records, skipped, notes);
  }
}
