package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The log-file scanner is a shortcut: a decoder that reads only some fields uses it for {@code
 * {"Records":[…]}} files and must give exactly what the parser gives. Each case goes through
 * {@link Decoded#of}, which decodes with records parsed whole (parser only) and with some fields
 * (scanner, then the parser from wherever the scanner stopped) and checks both agree: events,
 * skipped values, notes, and errors with their line, column, byte offset and message.
 */
class LogFileScannerTest {
  private static final List<String> RECORDS = SampleRecords.all();
  private static final String COMPACT = SampleRecords.logFile(RECORDS);
  private static final String PRETTY = pretty(COMPACT);

  @Test
  void readsEveryElementOfAWellFormedFileAndFinishes() {
    LogFileScanner scanner = scanner(COMPACT);
    assertThat(scanner.readHeader()).isTrue();
    List<Long> offsets = new ArrayList<>();
    while (scanner.next()) {
      offsets.add(scanner.elementOffset());
    }
    assertThat(scanner.finished()).isTrue();
    assertThat(offsets).containsExactly(12L, 12L + RECORDS.get(0).length() + 1,
        12L + RECORDS.get(0).length() + RECORDS.get(1).length() + 2,
        12L + RECORDS.get(0).length() + RECORDS.get(1).length() + RECORDS.get(2).length() + 3);
  }

  @Test
  void handsOverFromTheEndOfTheLastElementWithAPlaceholderForTheOnesRead() throws IOException {
    String broken = COMPACT.substring(0, COMPACT.length() - 3) + "x}]}"; // the fourth record ends badly
    LogFileScanner scanner = scanner(broken);
    assertThat(scanner.readHeader()).isTrue();
    int read = 0;
    while (scanner.next()) {
      read++;
    }
    assertThat(read).isEqualTo(3);
    assertThat(scanner.finished()).isFalse();
    LogFileScanner.Rest rest = scanner.rest();
    String replay = new String(rest.stream().readAllBytes(), StandardCharsets.UTF_8);
    String afterThird = broken.substring(12 + RECORDS.get(0).length() + RECORDS.get(1).length() + RECORDS.get(2).length() + 2);
    assertThat(replay).isEqualTo("{\"Records\":[\"\"" + afterThird);
    assertThat(scanner.placeholders()).isEqualTo(1);
    assertThat(rest.shift().offset(14)).as("the byte after the placeholder is the byte after the third record")
        .isEqualTo(broken.length() - afterThird.length());
    assertThat(rest.shift().pointer("/Records/1/eventName")).isEqualTo("/Records/3/eventName");
  }

  @Test
  void aFileThatDoesNotStartWithRecordsIsLeftWholeToTheParser() throws IOException {
    String file = "{\"NextToken\":null,\"Records\":[]}";
    LogFileScanner scanner = scanner(file);
    assertThat(scanner.readHeader()).isFalse();
    assertThat(new String(scanner.rest().stream().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(file);
    assertThat(scanner.rest().shift()).isSameAs(LogFileScanner.Shift.NONE);
  }

  @Test
  void agreesWithTheParserOnEveryTruncation() {
    // Every length up to 40 (the header and the first element's start), then every 13th; sampled (see Sweep).
    Map<String, String> layouts = Map.of("compact", COMPACT, "pretty", PRETTY, "pretty CRLF", Streams.crlf(PRETTY));
    layouts.forEach((name, layout) -> {
      byte[] file = Streams.utf8(layout);
      int[] lengths = IntStream.iterate(0, n -> n <= file.length, n -> n + (n < 40 ? 1 : 13)).toArray();
      Sweep.run("truncated " + name, lengths, 60, length -> Decoded.of(Streams.truncate(file, length)));
    });
  }

  @Test
  void agreesWithTheParserOnDamageAnywhere() {
    // Every 29th byte replaced by each of these; sampled (see Sweep): about one byte of each 29 a run.
    byte[] damage = {'x', 0, '"', '}', ']', ',', '\\', (byte) 0xff, (byte) 0xc3, '\n', '0', '-'};
    Map<String, String> layouts = Map.of("compact", COMPACT, "pretty", PRETTY);
    layouts.forEach((name, layout) -> {
      byte[] file = Streams.utf8(layout);
      int[] cases = IntStream.range(0, (file.length + 28) / 29 * damage.length).toArray();
      Sweep.run("damaged " + name, cases, 200, c -> {
        byte[] damaged = file.clone();
        damaged[c / damage.length * 29] = damage[c % damage.length];
        Decoded.of(damaged);
      });
    });
  }

  @Test
  void agreesWithTheParserOnElementsThatAreNotRecordsAndOnWhatFollowsTheArray() {
    String first = RECORDS.get(0);
    String second = RECORDS.get(1);
    List<String> files = List.of(
        "{\"Records\":[" + first + ", 5, \"text\", null, [1, 2], {\"not\": \"a record\"}, {}, " + second + "]}",
        "{\"Records\":[" + first + ",\"{\\\"eventVersion\\\":\\\"1.08\\\",\\\"eventID\\\":\\\"x\\\"}\"]}",
        "{\"Records\":[" + first + "],\"extra\":{\"a\":[1,2]}}",
        "{\"Records\":[" + first + "]} {\"Records\":[" + second + "]}",
        "{\"Records\":[" + first + "]}\n" + second + "\n",
        "{\"Records\":[" + first + "]}garbage",
        "{\"Records\":[" + first + "]} \r\n\t ",
        "{\"Records\":[]}",
        "{ \"Records\" :\n[\n]\n}",
        "{\"Records\":[" + first + "," + first.replace("\"eventName\"", "\"event\\u004eame\"") + "]}",
        // Escaped names inside wanted objects: found by their text, not their bytes.
        "{\"Records\":[" + first.replace("\"accountId\"", "\"account\\u0049d\"") + "," + first + "]}",
        "{\"Records\":[" + first.replace("\"userName\"", "\"user\\u004eame\"").replace("\"type\"", "\"typ\u00e9\"") + "]}",
        "{\"Records\":[" + first.replace("CreateUser", "Create\\u0055s\\u00e9r \\\"\\\\\\/\\b\\f\\n\\r\\t") + "]}",
        "{\"Records\":[" + first.replace("CreateUser", "Créér ✓ \uD83D\uDE00") + "]}",
        "{\"Records\":[" + first.replace("{\"eventVersion\":\"1.08\"", "{\"eventVersion\":\"1.08\",\"eventName\":1.5e3") + "]}",
        "{\"Records\":[" + first.replace("\"errorCode\"", "\"errorCode\":true,\"x\"") + "]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"eventName\":\"Duplicate\"}]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"n\":[-0,0.5,1E+2,-1e-2,true,false,null]}]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"n\":01}]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"n\":1.}]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"n\":tru}]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"n\":\"\\x\"}]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"n\":\"\\u12g4\"}]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"n\":" + "[".repeat(300) + "]".repeat(300) + "}]}",
        "{\"Records\":[" + first.substring(0, first.length() - 1) + ",\"n\":" + "9".repeat(1200) + "}]}",
        "{\"Records\":[" + first + ",]}",
        "{\"Records\":[," + first + "]}",
        "{\"Records\":{}}",
        "{\"Records\":[{\"eventVersion\":\"1.08\",\"eventSource\":\"aws:s3\",\"eventName\":\"ObjectCreated:Put\"}]}");
    for (String file : files) {
      Decoded.of(file);
      Decoded.of(Streams.gzip(file));
    }
  }

  @Test
  void agreesWithTheParserOnInvalidUtf8InAnyString() {
    String first = RECORDS.get(0);
    byte[][] sequences = {{(byte) 0xc0, (byte) 0xaf}, {(byte) 0xed, (byte) 0xa0, (byte) 0x80},
        {(byte) 0xf4, (byte) 0x90, (byte) 0x80, (byte) 0x80}, {(byte) 0xe2, (byte) 0x82}, {(byte) 0x80}};
    for (byte[] sequence : sequences) {
      for (String field : List.of("\"CreateUser\"", "\"Mozilla\"")) {
        String file = "{\"Records\":[" + first + "," + first.replace("\"userAgent\":\"", "\"userAgent\":\"Mozilla") + "]}";
        int at = file.lastIndexOf(field) + 2;
        byte[] bytes = Streams.utf8(file);
        Decoded.of(Streams.concat(java.util.Arrays.copyOf(bytes, at), sequence,
            java.util.Arrays.copyOfRange(bytes, at, bytes.length)));
      }
    }
  }

  @Test
  void agreesWithTheParserOnGzipCutShortAndOnAStreamThatFails() throws IOException {
    byte[] gzip = Streams.gzip(COMPACT.repeat(1).replace("]}", "," + String.join(",", RECORDS) + "]}"));
    Sweep.run("gzip cut", Sweep.range(20, gzip.length - 1, 37), 20, length -> Decoded.of(Streams.truncate(gzip, length)));
    byte[] plain = Streams.utf8(PRETTY);
    for (int after = 0; after < plain.length; after += 101) {
      Decoded whole = Decoded.once(EventDecoder.create(), Streams.failingAfter(plain, after, new IOException("disk gone")));
      Decoded scanned = Decoded.once(EventDecoder.create().withRecordFields(RecordFields.core()),
          Streams.failingAfter(plain, after, new IOException("disk gone")));
      assertThat(scanned.summary()).as("failing after " + after).isEqualTo(whole.summary());
      assertThat(scanned.eventIds()).isEqualTo(whole.eventIds());
    }
  }

  @Test
  void agreesWithTheParserOnRecordsOverTheSizeLimit() {
    String big = RECORDS.get(2).replace("\"GetObject\"", "\"" + "G".repeat(1500) + "\"");
    EventDecoder limited = EventDecoder.create().withMaxValueBytes(2048);
    for (String layout : List.of(
        SampleRecords.logFile(List.of(RECORDS.get(0), RECORDS.get(1), big, RECORDS.get(3))),
        pretty(SampleRecords.logFile(List.of(RECORDS.get(0), RECORDS.get(1), big))))) {
      Decoded decoded = Decoded.of(limited, Streams.utf8(layout));
      assertThat(decoded.error().message()).contains("larger than the limit of 2048 bytes");
      assertThat(decoded.events()).hasSize(2);
    }
  }

  @Test
  void agreesWithTheParserOnRecordsFarOverTheSizeLimitAndOnDamageInThem() {
    // Far over: the scanner stops at its buffer's bound, past the parser's read-ahead, and reports it.
    EventDecoder limited = EventDecoder.create().withMaxValueBytes(2048);
    String huge = RECORDS.get(2).replace("\"GetObject\"", "\"" + "G".repeat(300_000) + "\"");
    int at = SampleRecords.logFile(List.of(RECORDS.get(0), huge)).indexOf("GGG");
    for (int damage : new int[] {-1, 1_000, 60_000, 70_000, 200_000}) {
      byte[] file = Streams.utf8(SampleRecords.logFile(List.of(RECORDS.get(0), huge, RECORDS.get(1))));
      if (damage >= 0) {
        file[at + damage] = 0; // a control character in a string: invalid JSON
      }
      Decoded decoded = Decoded.of(limited, file);
      assertThat(decoded.events()).as("damage at %d", damage).hasSize(1);
      assertThat(decoded.error().kind()).as("damage at %d", damage)
          .isEqualTo(damage >= 0 && damage < 65_000 ? DecodeError.Kind.JSON : DecodeError.Kind.TOO_LARGE);
    }
  }

  @Test
  void scannedRecordsHaveTheFieldsAndTextOfTheRecord() {
    String first = RECORDS.get(0).replace("CreateUser", "Create\\u0055ser \\\"quoted\\\" é");
    List<CloudTrailEvent> events = new ArrayList<>();
    EventDecoder.create().withRecordFields(RecordFields.core()).decode(
        new ByteArrayInputStream(Streams.utf8(SampleRecords.logFile(List.of(first, RECORDS.get(1))))), "t",
        events::add);
    assertThat(events).extracting(CloudTrailEvent::eventName).containsExactly("CreateUser \"quoted\" é", "ConsoleLogin");
    assertThat(events.get(0).recordJson()).isEqualTo(first);
  }

  @Test
  void aRecordWithWhitespaceAnywhereIsWrittenCompactAndACompactOneAsItWasRead() {
    // The scanner tells the event its text is compact, and the archive then copies it unexamined:
    // a record with a space, tab or line end between any two tokens must not be taken for compact.
    String compact = RECORDS.get(1);
    Map<String, String> spaced = Map.of(
        pretty(RECORDS.get(0)), compactOf(pretty(RECORDS.get(0))),
        compact.replaceFirst(",", " ,"), compact,
        compact.replaceFirst(":", ":\t"), compact,
        compact.substring(0, compact.length() - 1) + "\r\n}", compact);
    spaced.forEach((record, expected) -> {
      List<CloudTrailEvent> events = new ArrayList<>();
      EventDecoder.create().withRecordFields(RecordFields.core()).decode(
          new ByteArrayInputStream(Streams.utf8("{\"Records\": [ " + record + " ,\n" + compact + "\n] }")), "t",
          events::add);
      assertThat(events).hasSize(2);
      assertThat(events.get(0).recordJson()).as(record).isEqualTo(expected);
      assertThat(events.get(1).recordJson()).isEqualTo(compact);
    });
  }

  /** Jackson's compact text of {@code json} (the same as {@code json} less its whitespace when Jackson wrote it). */
  private static String compactOf(String json) {
    try {
      return new ObjectMapper().readTree(json).toString();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static LogFileScanner scanner(String text) {
    InputStream in = new ByteArrayInputStream(Streams.utf8(text));
    return new LogFileScanner(in, EventDecoder.DEFAULT_MAX_VALUE_BYTES, new ScannedFields(new ObjectMapper(), RecordFields.core()));
  }

  private static String pretty(String json) {
    try {
      ObjectMapper mapper = new ObjectMapper();
      return mapper.writerWithDefaultPrettyPrinter().writeValueAsString(mapper.readTree(json));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
