package dev.cairn.decode;

import static dev.cairn.testkit.SampleRecords.CREATE_USER;
import static dev.cairn.testkit.SampleRecords.GET_OBJECT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Broken and foreign input: never an exception, always a summary saying what and where. */
class EventDecoderErrorsTest {
  private static final String LOG_FILE = SampleRecords.logFile(SampleRecords.all());

  @Test
  void truncatedLogFileDeliversTheRecordsBeforeTheBreak() {
    int cut = LOG_FILE.indexOf(GET_OBJECT) + 100;

    Decoded decoded = Decoded.of(Streams.truncate(Streams.utf8(LOG_FILE), cut));

    assertThat(decoded.eventNames()).containsExactly("CreateUser", "ConsoleLogin");
    DecodeError error = decoded.error();
    assertThat(error.kind()).isEqualTo(DecodeError.Kind.JSON);
    assertThat(error.line()).isEqualTo(1);
    assertThat(error.byteOffset()).isEqualTo(cut);
    assertThat(error.message()).isEqualTo(
        "unexpected end of input: expected the closing '\"' of a string in an object (at /Records/2/userIdentity/principalId)");
  }

  @Test
  void logFileCutBetweenRecords() {
    String cut = LOG_FILE.substring(0, LOG_FILE.indexOf(GET_OBJECT) - 1);

    Decoded decoded = Decoded.of(cut);

    assertThat(decoded.eventNames()).containsExactly("CreateUser", "ConsoleLogin");
    assertThat(decoded.error().message())
        .isEqualTo("unexpected end of input: expected ',' or ']' in the Records array (at /Records/1)");
    assertThat(decoded.error().describe())
        .isEqualTo("test-input: line 1, column " + (cut.length() + 1) + " (byte " + cut.length() + "): "
            + decoded.error().message());
  }

  @Test
  void aBadJsonLineIsSkippedAndTheLinesAfterItAreDecoded() {
    String lines = CREATE_USER + "\n" + GET_OBJECT + "\n{\"eventVersion\": oops}\n" + CREATE_USER + "\n";

    Decoded decoded = Decoded.of(lines);

    assertThat(decoded.eventNames()).containsExactly("CreateUser", "GetObject", "CreateUser");
    assertThat(decoded.summary().error()).isEmpty();
    assertThat(decoded.skipped()).hasSize(1);
    SkippedValue bad = decoded.skipped().get(0);
    assertThat(bad.line()).isEqualTo(3);
    assertThat(bad.byteOffset()).isEqualTo(lines.indexOf("{\"eventVersion\": oops"));
    assertThat(bad.reason()).startsWith("not valid JSON: line 3, column 18: invalid JSON: Unrecognized token 'oops'");
  }

  @Test
  void aLineWhoseErrorShowsOnlyOnTheNextLineLosesOnlyItself() {
    // The parser learns the first line is broken only at the second line's '{': that line is read again.
    String lines = GET_OBJECT + "\n{\"eventVersion\": \"1.08\"\n" + CREATE_USER + "\n\"unterminated\n" + GET_OBJECT
        + "\r\n{]\n" + CREATE_USER;

    Decoded decoded = Decoded.of(lines);

    assertThat(decoded.eventNames()).containsExactly("GetObject", "CreateUser", "GetObject", "CreateUser");
    assertThat(decoded.summary().error()).isEmpty();
    assertThat(decoded.skipped()).extracting(SkippedValue::line).containsExactly(2L, 4L, 6L);
    assertThat(decoded.skipped()).extracting(SkippedValue::byteOffset).containsExactly(
        (long) lines.indexOf("{\"eventVersion\": \"1.08\"\n"), (long) lines.indexOf("\"unterminated"),
        (long) lines.indexOf("{]"));
  }

  @Test
  void resynchronisingKeepsStreamingThroughLargeInputs() {
    StringBuilder lines = new StringBuilder();
    int good = 0;
    for (int i = 0; i < 3_000; i++) {
      if (i % 500 == 250) {
        lines.append("{\"broken\": [1, 2,, 3]}\n");
      } else {
        lines.append(GET_OBJECT).append('\n');
        good++;
      }
    }

    Decoded decoded = Decoded.of(lines.toString());

    assertThat(decoded.events()).hasSize(good);
    assertThat(decoded.skipped()).hasSize(6).extracting(SkippedValue::line)
        .containsExactly(251L, 751L, 1251L, 1751L, 2251L, 2751L);
    assertThat(decoded.summary().error()).isEmpty();
  }

  @Test
  void everyGoodLineSurvivesBadLinesCloseTogetherHoweverTheInputIsChunked() throws IOException {
    // A bad line whose error shows only at the next line hands the parser's read-ahead on; a second
    // bad line soon after must skip from what was handed on, not from the input behind it (bytes were
    // lost when reads came in other sizes, as from gzip inflated on another thread).
    java.util.Random random = new java.util.Random(7);
    for (int layout = 0; layout < 40; layout++) {
      StringBuilder lines = new StringBuilder();
      int good = 0;
      for (int i = 0; i < 400; i++) {
        switch (i == 0 ? 5 : random.nextInt(6)) { // a good first line: the input is JSON lines, not a document
          case 0 -> lines.append("{\"eventVersion\": \"1.08\"\n"); // shows at the next line's '{'
          case 1 -> lines.append("{\"broken\": [1, 2,, 3]}\n");
          case 2 -> lines.append("{\"eventVersion\": \"").append("x".repeat(random.nextInt(12_000))).append("\n");
          default -> {
            lines.append(GET_OBJECT.replace("\"eventVersion\"", "\"pad\":\"" + "p".repeat(random.nextInt(3_000))
                + "\",\"eventVersion\"")).append('\n');
            good++;
          }
        }
      }
      byte[] bytes = lines.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      int seed = layout;
      Decoded chunked = Decoded.once(EventDecoder.create(), new java.io.FilterInputStream(new ByteArrayInputStream(bytes)) {
        private final java.util.Random sizes = new java.util.Random(seed);

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
          return super.read(b, off, Math.min(len, 1 + sizes.nextInt(9_000)));
        }
      });

      assertThat(chunked.events()).as("layout %d", layout).hasSize(good);
      assertThat(chunked.summary().error()).isEmpty();
      assertThat(Decoded.of(bytes).events()).as("layout %d, read whole", layout).hasSize(good);
    }
  }

  @Test
  void documentsThatAreNotLineOrientedStillStopAtTheirError() {
    String pretty = "{\n  \"Records\": [\n    " + CREATE_USER + ",\n    {\"eventVersion\": oops}\n  ]\n}\n" + CREATE_USER;
    String cutLogFileThenLine = LOG_FILE.substring(0, LOG_FILE.indexOf(GET_OBJECT) + 100) + "\n" + CREATE_USER;

    Decoded document = Decoded.of(pretty);
    Decoded logFile = Decoded.of(cutLogFileThenLine);

    assertThat(document.eventNames()).containsExactly("CreateUser");
    assertThat(document.error().line()).isEqualTo(4);
    assertThat(logFile.eventNames()).containsExactly("CreateUser", "ConsoleLogin");
    assertThat(logFile.error().kind()).isEqualTo(DecodeError.Kind.JSON);
  }

  @Test
  void truncatedGzipIsAGzipErrorAfterTheEventsItHeld() {
    byte[] gzip = Streams.gzip(SampleRecords.jsonLines(SampleRecords.all()));

    Decoded decoded = Decoded.of(Streams.dropLast(gzip, 4));

    assertThat(decoded.eventNames()).hasSize(4);
    DecodeError error = decoded.error();
    assertThat(error.kind()).isEqualTo(DecodeError.Kind.GZIP);
    assertThat(error.message()).isEqualTo("truncated gzip data: input ends inside a member trailer of member 1 at"
        + " compressed byte " + (gzip.length - 4) + " (line, column and byte offset are in the decompressed data)");
  }

  @Test
  void gzipCutInTheCompressedDataKeepsEarlierEvents() {
    byte[] gzip = Streams.gzip(SampleRecords.jsonLines(java.util.Collections.nCopies(2000, CREATE_USER)));

    Decoded decoded = Decoded.of(Streams.truncate(gzip, gzip.length / 2));

    assertThat(decoded.events()).hasSizeBetween(1, 1999);
    assertThat(decoded.error().kind()).isEqualTo(DecodeError.Kind.GZIP);
    assertThat(decoded.error().message()).startsWith("truncated gzip data: input ends inside the compressed data");
    assertThat(decoded.error().line()).isEqualTo(decoded.events().size() + 1);
  }

  @Test
  void garbageAfterTheGzipMagicIsAGzipError() {
    byte[] garbage = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 'n', 'o', 't', ' ', 'd', 'e', 'f', 'l', 'a', 't', 'e'};

    Decoded decoded = Decoded.of(garbage);

    assertThat(decoded.events()).isEmpty();
    DecodeError error = decoded.error();
    assertThat(error.kind()).isEqualTo(DecodeError.Kind.GZIP);
    assertThat(error.message()).startsWith("gzip member 1 is corrupt (");
  }

  @Test
  void damagedGzipFailsItsCrcCheck() {
    byte[] gzip = Streams.gzip(CREATE_USER);
    gzip[gzip.length - 8] ^= 1; // first byte of the stored CRC

    Decoded decoded = Decoded.of(gzip);

    assertThat(decoded.error().kind()).isEqualTo(DecodeError.Kind.GZIP);
    assertThat(decoded.error().message()).isEqualTo("gzip member 1 fails its CRC check (the data is damaged) near"
        + " compressed byte " + (gzip.length - 8) + " (line, column and byte offset are in the decompressed data)");
    assertThat(decoded.error().byteOffset()).isEqualTo(CREATE_USER.length());
  }

  @Test
  void unknownCompressionMethodIsAGzipError() {
    Decoded decoded = Decoded.of(new byte[] {0x1f, (byte) 0x8b, 7, 0, 0, 0, 0, 0, 0, 3});

    assertThat(decoded.error().kind()).isEqualTo(DecodeError.Kind.GZIP);
    assertThat(decoded.error().message())
        .isEqualTo("gzip member 1 uses an unknown compression method (only deflate, 8, exists) near compressed byte 3");
  }

  @Test
  void corruptGzipIsReportedAtTheSamePlaceHoweverTheInputIsRead() {
    // The inflater loses what it wrote in the call that finds the damage: were its calls to follow
    // the input's reads, so would the position reported (115 of these 518 differed).
    byte[] gzip = Streams.gzip(SampleRecords.jsonLines(java.util.Collections.nCopies(200, CREATE_USER)));
    for (int at = 20; at < gzip.length - 8; at += 3) {
      byte[] damaged = gzip.clone();
      damaged[at] ^= 0x55;

      DecodeSummary whole = EventDecoder.create().decode(new ByteArrayInputStream(damaged), "d", event -> {});
      DecodeSummary trickled = EventDecoder.create().decode(
          Streams.oneByteAtATime(new ByteArrayInputStream(damaged)), "d", event -> {});

      assertThat(trickled).as("damaged at %d", at).isEqualTo(whole);
    }
  }

  @Test
  void zipFileIsSkippedWithANote() {
    byte[] zip = {0x50, 0x4b, 0x03, 0x04, 0x14, 0x00, 0x00, 0x00};

    Decoded decoded = Decoded.of(zip);

    assertThat(decoded.summary().ok()).isTrue();
    assertThat(decoded.notes()).containsExactly("skipped: not JSON or gzip (starts with 0x50 0x4b 0x03 0x04 …)");
    assertThat(decoded.summary().format()).isEqualTo("not JSON or gzip");
  }

  @Test
  void csvIsSkippedWithANote() {
    Decoded decoded = Decoded.of("Event Type,Event Name\nAwsApiCall,ListObjects\n");

    assertThat(decoded.notes()).containsExactly("skipped: not JSON or gzip (starts with 0x45 0x76 0x65 0x6e …)");
  }

  @Test
  void emptyInputIsANote() {
    Decoded empty = Decoded.of(new byte[0]);
    Decoded blank = Decoded.of(Streams.utf8WithBom(" \r\n "));
    Decoded emptyGzip = Decoded.of(Streams.gzip(new byte[0]));

    assertThat(empty.notes()).containsExactly("skipped: empty input");
    assertThat(empty.summary().format()).isEqualTo("empty");
    assertThat(blank.notes()).containsExactly("skipped: empty input");
    assertThat(emptyGzip.notes()).containsExactly("skipped: empty input (after gzip)");
    assertThat(emptyGzip.summary().format()).isEqualTo("gzip: empty");
    assertThat(List.of(empty, blank, emptyGzip)).allMatch(d -> d.summary().ok() && d.events().isEmpty());
  }

  @Test
  void singleByteInputs() {
    assertThat(Decoded.of(new byte[] {0x1f}).notes()).containsExactly("skipped: not JSON or gzip (starts with 0x1f (end))");
    assertThat(Decoded.of("{").error().message()).isEqualTo("unexpected end of input: expected a field name or '}' in an object");
    assertThat(Decoded.of("[").error().message()).isEqualTo("unexpected end of input: expected a value or ']' in an array");
  }

  @Test
  void failingStreamIsAnIoErrorAfterTheEventsBeforeIt() {
    byte[] lines = Streams.utf8(SampleRecords.jsonLines(List.of(CREATE_USER, GET_OBJECT, CREATE_USER)));
    int after = CREATE_USER.length() + GET_OBJECT.length() + 10;

    Decoded decoded = Decoded.once(
        EventDecoder.create(), Streams.failingAfter(lines, after, new IOException("connection reset")));

    assertThat(decoded.eventNames()).containsExactly("CreateUser", "GetObject");
    DecodeError error = decoded.error();
    assertThat(error.kind()).isEqualTo(DecodeError.Kind.IO);
    assertThat(error.line()).isEqualTo(3);
    assertThat(error.byteOffset()).isEqualTo(after);
    assertThat(error.message()).isEqualTo("reading the input failed: java.io.IOException: connection reset");
  }

  @Test
  void failingStreamUnderGzipIsStillAnIoError() {
    byte[] gzip = Streams.gzip(SampleRecords.jsonLines(java.util.Collections.nCopies(200, CREATE_USER)));

    Decoded decoded = Decoded.once(
        EventDecoder.create(), Streams.failingAfter(gzip, gzip.length / 2, new IOException("disk gone")));

    assertThat(decoded.error().kind()).isEqualTo(DecodeError.Kind.IO);
    assertThat(decoded.error().message()).contains("disk gone");
  }

  @Test
  void listenerExceptionsPropagateUnchanged() {
    IllegalStateException boom = new IllegalStateException("listener failed");
    DecodeListener listener = event -> {
      throw boom;
    };

    assertThatThrownBy(() -> EventDecoder.create().decode(
            new ByteArrayInputStream(Streams.utf8(LOG_FILE)), "x", listener))
        .isSameAs(boom);
  }

  @Test
  void aValueLargerThanTheLimitIsAnErrorNamingItsOffset() {
    EventDecoder decoder = EventDecoder.create().withMaxValueBytes(2048);
    String big = CREATE_USER.replace("\"Bob\"}", "\"" + "B".repeat(5000) + "\"}");
    String lines = CREATE_USER + "\n" + big + "\n" + CREATE_USER + "\n";

    Decoded decoded = Decoded.of(decoder, Streams.utf8(lines));

    assertThat(decoded.eventNames()).containsExactly("CreateUser");
    DecodeError error = decoded.error();
    assertThat(error.kind()).isEqualTo(DecodeError.Kind.TOO_LARGE);
    assertThat(error.line()).isEqualTo(2);
    assertThat(error.byteOffset()).isEqualTo(CREATE_USER.length() + 1);
    assertThat(error.describe()).isEqualTo("test-input: line 2, column 1 (byte " + (CREATE_USER.length() + 1)
        + "): the JSON value starting at line 2, column 1 (byte " + (CREATE_USER.length() + 1) + ") is larger than"
        + " the limit of 2048 bytes per value, so the input was read no further; if values this large are expected,"
        + " raise the limit, and the heap with it (EventDecoder.safeMaxValueBytes says how much a limit needs)");
  }

  @Test
  void aHugeValueIsRefusedBeforeItIsRead() {
    EventDecoder decoder = EventDecoder.create().withMaxValueBytes(4096);
    java.util.concurrent.atomic.AtomicLong served = new java.util.concurrent.atomic.AtomicLong();
    java.io.InputStream endless = new java.io.InputStream() {
      @Override
      public int read() {
        return served.getAndIncrement() == 0 ? '[' : ' ';
      }

      @Override
      public int read(byte[] b, int off, int len) {
        for (int i = 0; i < len; i++) {
          b[off + i] = (byte) read();
        }
        return len;
      }
    };
    java.io.InputStream huge = new java.io.SequenceInputStream(
        new ByteArrayInputStream(Streams.utf8("[{\"a\":\"")), new java.io.InputStream() {
          @Override
          public int read() {
            served.incrementAndGet();
            return 'x';
          }

          @Override
          public int read(byte[] b, int off, int len) {
            served.addAndGet(len);
            java.util.Arrays.fill(b, off, off + len, (byte) 'x');
            return len;
          }
        });

    Decoded decoded = Decoded.once(decoder, huge);

    assertThat(decoded.error().message()).contains("is larger than the limit of 4096 bytes per value");
    assertThat(served.get()).isLessThan(4096 + 128 * 1024);
    assertThat(endless).isNotNull();
  }

  @Test
  void nestedInvalidJsonIsASkippedValueNotAnError() {
    String lookup = "{\"EventId\":\"1\",\"CloudTrailEvent\":\"{\\\"eventVersion\\\":\\\"1.08\\\",,}\"}\n" + CREATE_USER;

    Decoded decoded = Decoded.of(lookup);

    assertThat(decoded.summary().ok()).isTrue();
    assertThat(decoded.eventNames()).containsExactly("CreateUser");
    assertThat(decoded.reasons()).singleElement().asString()
        .startsWith("CloudTrailEvent holds invalid JSON: line 1, column 24: invalid JSON: Unexpected character (',' (code 44))");
  }

  @Test
  void decodingNeverThrowsOnRandomBytes() {
    java.util.SplittableRandom random = new java.util.SplittableRandom(42);
    byte[] base = Streams.utf8(LOG_FILE);
    for (int i = 0; i < 300; i++) {
      byte[] mutated = base.clone();
      for (int j = 0; j < 3; j++) {
        mutated[random.nextInt(mutated.length)] = (byte) random.nextInt(256);
      }
      byte[] input = i % 2 == 0 ? mutated : Streams.truncate(Streams.gzip(mutated), random.nextInt(600));
      DecodeSummary summary = EventDecoder.create().decode(new ByteArrayInputStream(input), "fuzz", new DecodeListener() {
        @Override
        public void onEvent(CloudTrailEvent event) {
          event.eventId();
        }
      });
      assertThat(summary.events()).isBetween(0L, 4L);
    }
  }
}
