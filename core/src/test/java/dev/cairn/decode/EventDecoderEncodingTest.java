package dev.cairn.decode;

import static dev.cairn.testkit.SampleRecords.CREATE_USER;
import static dev.cairn.testkit.SampleRecords.GET_OBJECT;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Gzip (detected by content), byte order marks, line ends, concatenation. */
class EventDecoderEncodingTest {
  private static final String LOG_FILE = SampleRecords.logFile(SampleRecords.all());
  private static final List<String> NAMES = List.of("CreateUser", "ConsoleLogin", "GetObject", "RunInstances");

  @Test
  void gzipIsDetectedByMagicBytesAndGivesTheSameEventsAsPlain() {
    Decoded plain = Decoded.of(LOG_FILE);
    Decoded gzip = Decoded.of(Streams.gzip(LOG_FILE));

    assertThat(gzip.eventIds()).isEqualTo(plain.eventIds());
    assertThat(gzip.summary().format()).isEqualTo("gzip: CloudTrail log file");
    assertThat(gzip.summary().ok()).isTrue();
  }

  @Test
  void everyMemberOfAMultiMemberGzipIsRead() {
    byte[] members = Streams.gzipMembers(
        Streams.utf8(CREATE_USER + "\n"), Streams.utf8(GET_OBJECT + "\n"), new byte[0], Streams.utf8(CREATE_USER));

    Decoded decoded = Decoded.of(members);

    assertThat(decoded.eventNames()).containsExactly("CreateUser", "GetObject", "CreateUser");
    assertThat(decoded.summary().ok()).isTrue();
  }

  @Test
  void aMemberBoundaryMayFallInsideARecord() {
    byte[] whole = Streams.utf8(SampleRecords.jsonLines(SampleRecords.all()));
    byte[] first = java.util.Arrays.copyOfRange(whole, 0, 700);
    byte[] rest = java.util.Arrays.copyOfRange(whole, 700, whole.length);

    Decoded decoded = Decoded.of(Streams.gzipMembers(first, rest));

    assertThat(decoded.eventNames()).isEqualTo(NAMES);
  }

  @Test
  void gzipInsideGzipIsUnwrapped() {
    Decoded decoded = Decoded.of(Streams.gzip(Streams.gzip(LOG_FILE)));

    assertThat(decoded.eventNames()).isEqualTo(NAMES);
    assertThat(decoded.summary().format()).isEqualTo("gzip: CloudTrail log file");
  }

  @Test
  void dataAfterTheLastGzipMemberIsIgnoredWithANote() {
    byte[] file = Streams.concat(Streams.gzip(LOG_FILE), new byte[] {0, 0, 0, 0});

    Decoded decoded = Decoded.of(file);

    assertThat(decoded.eventNames()).isEqualTo(NAMES);
    assertThat(decoded.notes()).containsExactly(
        "ignored data after the last gzip member (from compressed byte " + Streams.gzip(LOG_FILE).length + ")");
    assertThat(decoded.summary().ok()).isTrue();
  }

  @Test
  void utf8ByteOrderMarkIsSkippedPlainAndGzip() {
    Decoded plain = Decoded.of(Streams.utf8WithBom(LOG_FILE));
    Decoded gzip = Decoded.of(Streams.gzip(Streams.utf8WithBom(SampleRecords.jsonLines(SampleRecords.all()))));

    assertThat(plain.eventNames()).isEqualTo(NAMES);
    assertThat(gzip.eventNames()).isEqualTo(NAMES);
  }

  @Test
  void crlfLineEndsCountAsOneLine() {
    String lines = Streams.crlf(CREATE_USER + "\n{\"x\":1}\n\n" + GET_OBJECT + "\n[1]\n");

    Decoded decoded = Decoded.of(lines);

    assertThat(decoded.eventNames()).containsExactly("CreateUser", "GetObject");
    assertThat(decoded.skipped()).extracting(SkippedValue::line).containsExactly(2L, 5L);
    assertThat(decoded.skipped()).extracting(SkippedValue::reason)
        .containsExactly("JSON object with keys [x]", "JSON number");
  }

  @Test
  void prettyPrintedLogFileWithCrlf() {
    String pretty = Streams.crlf("{\n  \"Records\": [\n    " + CREATE_USER + ",\n    {\"odd\": true}\n  ]\n}\n");

    Decoded decoded = Decoded.of(pretty);

    assertThat(decoded.eventNames()).containsExactly("CreateUser");
    assertThat(decoded.skipped()).singleElement().satisfies(s -> {
      assertThat(s.line()).isEqualTo(4);
      assertThat(s.byteOffset()).isEqualTo(pretty.indexOf("{\"odd\""));
    });
  }

  @Test
  void concatenatedLogFilesAndMixedShapesWithNoSeparator() {
    String mixed = SampleRecords.logFile(List.of(CREATE_USER)) + SampleRecords.logFile(List.of(GET_OBJECT))
        + "[" + CREATE_USER + "]" + SampleRecords.envelope(GET_OBJECT, "AWS API Call via CloudTrail", "aws.s3");

    Decoded decoded = Decoded.of(Streams.gzip(mixed));

    assertThat(decoded.eventNames()).containsExactly("CreateUser", "GetObject", "CreateUser", "GetObject");
    assertThat(decoded.summary().format())
        .isEqualTo("gzip: JSON lines or concatenated values (first: CloudTrail log file)");
  }

  @Test
  void leadingWhitespaceBeforeJson() {
    Decoded decoded = Decoded.of(" \r\n\t " + CREATE_USER);

    assertThat(decoded.eventNames()).containsExactly("CreateUser");
  }
}
