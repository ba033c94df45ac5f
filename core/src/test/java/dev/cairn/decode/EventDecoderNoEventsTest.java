package dev.cairn.decode;

import static dev.cairn.testkit.SampleRecords.CREATE_USER;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Inputs read to their end without error that hold no events say why ({@link
 * DecodeSummary#noEvents()}), so a service can log one line for each and count them, instead of
 * the input passing with only a note.
 */
class EventDecoderNoEventsTest {
  private static final String LOG_FILE = SampleRecords.logFile(SampleRecords.all());

  @Test
  void emptyInputsPlainAndGzipAndBlank() {
    assertThat(noEvents(new byte[0])).isEqualTo(NoEvents.EMPTY);
    assertThat(noEvents(Streams.gzip(new byte[0]))).isEqualTo(NoEvents.EMPTY);
    assertThat(noEvents(Streams.utf8WithBom(" \r\n "))).isEqualTo(NoEvents.EMPTY);
    // Past what the first look reads (64 KiB), whitespace is left to the parser: still nothing.
    Decoded blank = Decoded.of(" ".repeat(Sniffed.MAX_PEEK + 10));
    assertThat(blank.summary().noEvents()).contains(NoEvents.EMPTY);
    assertThat(blank.summary().format()).isEqualTo("no JSON values");
  }

  @Test
  void textInUtf16OrUtf32WithOrWithoutAByteOrderMark() {
    for (String name : List.of("UTF-16LE", "UTF-16BE", "UTF-32LE", "UTF-32BE")) {
      Charset charset = Charset.forName(name);
      byte[] bare = LOG_FILE.getBytes(charset);
      byte[] marked = ("\uFEFF" + LOG_FILE).getBytes(charset);

      Decoded withoutMark = Decoded.of(bare);
      Decoded withMark = Decoded.of(marked);

      assertThat(withoutMark.summary().noEvents()).as(name).contains(NoEvents.NOT_UTF8);
      assertThat(withoutMark.notes()).as(name).singleElement().asString()
          .startsWith("skipped: text in " + name + ", not UTF-8 (starts with ");
      assertThat(withMark.summary().noEvents()).as(name).contains(NoEvents.NOT_UTF8);
      assertThat(withMark.summary().format()).isEqualTo("text in " + name + " with a byte order mark");
    }
    // Indented text, too: the first code unit is whitespace.
    assertThat(noEvents(("  " + LOG_FILE).getBytes(StandardCharsets.UTF_16LE))).isEqualTo(NoEvents.NOT_UTF8);
  }

  @Test
  void inputsStartingWithNulBytes() {
    byte[] prefixed = Streams.concat(new byte[16], Streams.utf8(LOG_FILE));

    Decoded decoded = Decoded.of(prefixed);

    assertThat(decoded.summary().noEvents()).contains(NoEvents.NUL_BYTES);
    assertThat(decoded.notes()).containsExactly("skipped: starts with NUL bytes (0x00 0x00 0x00 0x00 …)");
    assertThat(noEvents(Streams.gzip(new byte[4096]))).isEqualTo(NoEvents.NUL_BYTES);
  }

  @Test
  void inputsThatAreNotJsonOrGzip() {
    assertThat(noEvents(new byte[] {0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00})).isEqualTo(NoEvents.NOT_JSON);
    assertThat(noEvents(Streams.utf8("Event Type,Event Name\nAwsApiCall,ListObjects\n"))).isEqualTo(NoEvents.NOT_JSON);
  }

  @Test
  void gzipNestedTooDeep() {
    byte[] fourLayers = Streams.gzip(Streams.gzip(Streams.gzip(Streams.gzip(LOG_FILE))));

    assertThat(noEvents(fourLayers)).isEqualTo(NoEvents.GZIP_TOO_DEEP);
  }

  @Test
  void digestFilesAndControlMessages() {
    String digest = "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2015-08-17T14:01:31Z\","
        + "\"digestS3Bucket\":\"b\",\"digestS3Object\":\"AWSLogs/x.json.gz\",\"digestPublicKeyFingerprint\":\"31e8\","
        + "\"newestEventTime\":null,\"logFiles\":[]}";
    String control = "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
        + "\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1,"
        + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}";
    String lambda = "{\"awslogs\":{\"data\":\"" + Base64.getEncoder().encodeToString(Streams.gzip(control)) + "\"}}";

    assertThat(noEvents(Streams.gzip(digest))).isEqualTo(NoEvents.DIGEST);
    assertThat(noEvents(Streams.gzip(control))).isEqualTo(NoEvents.CONTROL_MESSAGE);
    assertThat(noEvents(Streams.utf8(lambda))).as("inside awslogs.data").isEqualTo(NoEvents.CONTROL_MESSAGE);
  }

  @Test
  void jsonWithNothingInItsArrays() {
    assertThat(noEvents(Streams.utf8("{\"Records\":[]}"))).isEqualTo(NoEvents.NO_RECORDS);
    assertThat(noEvents(Streams.utf8("[]\n[]\n"))).isEqualTo(NoEvents.NO_RECORDS);
    assertThat(noEvents(Streams.utf8("{\"Events\":[],\"NextToken\":null}"))).isEqualTo(NoEvents.NO_RECORDS);
  }

  @Test
  void jsonWhoseValuesAreNoneOfThemEvents() {
    String notification = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\","
        + "\"eventName\":\"ObjectCreated:Put\"}]}";

    Decoded decoded = Decoded.of("[1, \"not json\", {}]\n" + notification);

    assertThat(decoded.summary().noEvents()).contains(NoEvents.NOT_EVENTS);
    assertThat(decoded.skipped()).hasSize(4);
  }

  @Test
  void inputsWithEventsOrAnErrorHaveNoReason() {
    assertThat(Decoded.of(LOG_FILE).summary().noEvents()).isEmpty();
    assertThat(Decoded.of("{\"Records\":[1,2").summary().noEvents()).as("truncated").isEmpty();
    assertThat(Decoded.of(Streams.concat(Streams.gzip(CREATE_USER), new byte[] {0, 0})).summary().noEvents()).isEmpty();
  }

  @Test
  void oneLineForTheLog() {
    DecodeSummary summary = Decoded.of(("\uFEFF" + LOG_FILE).getBytes(StandardCharsets.UTF_16LE)).summary();

    assertThat(summary.describeNoEvents()).contains("test-input: no events (not-utf8): text in UTF-16 or UTF-32, not"
        + " UTF-8; skipped: text in UTF-16LE with a byte order mark, not UTF-8 (starts with 0xff 0xfe 0x7b 0x00 …)");
    assertThat(Decoded.of(LOG_FILE).summary().describeNoEvents()).isEmpty();
  }

  @Test
  void summariesMadeByOtherDecodersWorkTheReasonOutFromTheCounts() {
    assertThat(new DecodeSummary("x", "test", 0, 2, List.of(), Optional.empty()).noEvents())
        .contains(NoEvents.NOT_EVENTS);
    assertThat(new DecodeSummary("x", "test", 0, 0, List.of(), Optional.empty()).noEvents())
        .contains(NoEvents.NO_RECORDS);
    assertThat(new DecodeSummary("x", "test", 3, 0, List.of(), Optional.empty()).noEvents()).isEmpty();
  }

  private static NoEvents noEvents(byte[] input) {
    Decoded decoded = Decoded.of(input);
    assertThat(decoded.summary().ok()).isTrue();
    assertThat(decoded.events()).isEmpty();
    return decoded.summary().noEvents().orElseThrow();
  }
}
