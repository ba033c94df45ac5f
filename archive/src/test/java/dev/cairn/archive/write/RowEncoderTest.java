package dev.cairn.archive.write;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.alert.Alert;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.Column;
import dev.cairn.archive.Duck;
import dev.cairn.archive.DuckDb;
import dev.cairn.archive.Layout;
import dev.cairn.archive.Logs;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.EventDecoder;
import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RowEncoderTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  @TempDir Path tmp;

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

  @Test
  void rowsReadBackExactlyWhateverTheFieldsHold() throws Exception {
    // Attacker-controlled text in a typed column and in the record: tabs, newlines, quotes,
    // backslashes, a line separator, non-ASCII; and a record longer than DuckDB's default line limit.
    String nasty = "a\\tb\\nc\\r\\\"d\\\\e\\u2028f\\u0001 é 日本";
    String big = "x".repeat(3 << 20);
    String records = Logs.logFile(List.of(
        Logs.record("plain", "ConsoleLogin", "2026-03-01T09:03:07.250Z"),
        Logs.record("nasty", "DescribeInstances", "2026-03-01T10:00:00Z").replace("aws-cli/2.0", nasty),
        Logs.record("big", "PutObject", "2026-03-01T11:00:00Z").replace("\"readOnly\"",
            "\"requestParameters\":{\"body\":\"" + big + "\"},\"readOnly\"")));
    List<CloudTrailEvent> events = new ArrayList<>();
    EventDecoder.create().withRecordFields(RowEncoder.recordFields()).decode(
        new ByteArrayInputStream(records.getBytes(StandardCharsets.UTF_8)), "test", new DecodeListener() {
          @Override
          public void onEvent(CloudTrailEvent event) {
            events.add(event);
          }

          @Override
          public void onSkipped(SkippedValue skipped) {}

          @Override
          public void onNote(String note) {}
        });
    assertThat(events).hasSize(3);
    Path file = tmp.resolve("rows.tsv");
    RowEncoder encoder = new RowEncoder(Enricher.withAccounts(Map.of()), Layout.hive, List.of());
    try (OutputStream out = Files.newOutputStream(file); RowEncoder.Rows rows = encoder.rows(out)) {
      for (CloudTrailEvent e : events) {
        rows.write(e, e.eventId().equals("plain") ? List.of(Rule.builder("logins").filter("{ $.x = 1 }").build())
            : List.of(), Instant.now());
      }
    }
    assertThat(Files.readAllLines(file)).as("one line per row").hasSize(3);
    try (Duck duck = new Duck()) {
      String from = Column.rowsSource("['" + DuckDb.literal(file.toString()) + "']");
      assertThat(duck.rows("SELECT eventId, _p, strftime(eventTime, '%Y-%m-%dT%H:%M:%S.%g'), rules, readOnly FROM "
          + from + " ORDER BY eventId")).containsExactly(
              List.of("big", "year=2026/month=03/day=01/hour=11", "2026-03-01T11:00:00.000", "[]", "false"),
              List.of("nasty", "year=2026/month=03/day=01/hour=10", "2026-03-01T10:00:00.000", "[]", "true"),
              List.of("plain", "year=2026/month=03/day=01/hour=09", "2026-03-01T09:03:07.250", "[logins]", "false"));
      for (CloudTrailEvent e : events) {
        Alert.Facts facts = Enricher.withAccounts(Map.of()).facts(e);
        List<String> text = Arrays.asList(e.eventName(), e.eventSource(), facts.region(), facts.account(),
            facts.accountAlias(), facts.actor(), facts.principalArn(), facts.sourceIpAddress(), facts.userAgent(),
            facts.errorCode(), e.eventType(), facts.category(), facts.mfa());
        assertThat(duck.rows("SELECT eventName, eventSource, awsRegion, account, accountAlias, actor, principalArn,"
            + " sourceIPAddress, userAgent, errorCode, eventType, category, mfa FROM " + from + " WHERE eventId = '"
            + e.eventId() + "'")).as("each text column holds its own value").containsExactly(
                text.stream().map(v -> v == null || v.isEmpty() ? null : v).toList());
      }
      String expected = JSON.readTree("\"" + nasty + "\"").textValue();
      assertThat(duck.value("SELECT userAgent FROM " + from + " WHERE eventId = 'nasty'")).isEqualTo(expected);
      assertThat(duck.value("SELECT json_extract_string(record, '$.userAgent') FROM " + from
          + " WHERE eventId = 'nasty'")).isEqualTo(expected);
      assertThat(duck.value("SELECT length(json_extract_string(record, '$.requestParameters.body')) FROM " + from
          + " WHERE eventId = 'big'")).isEqualTo(Integer.toString(big.length()));
      for (CloudTrailEvent e : events) {
        assertThat(JSON.readTree(duck.value("SELECT record FROM " + from + " WHERE eventId = '" + e.eventId() + "'")))
            .as("the record, whole").isEqualTo(e.record());
      }
    }
  }

  @Test
  void aControlByteInARecordIsWrittenEscapedSoTheLineStaysWhole() throws Exception {
    // Valid JSON has none, but the row must not depend on every decoder path enforcing that.
    byte[] text = "{\"a\":\"x\ty\nz\u0000\",\"b\":\"é 日本 and a long plain run of text\"}".getBytes(StandardCharsets.UTF_8);
    for (int cut = 0; cut <= text.length; cut++) { // at every offset of the 8-byte steps
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      RowEncoder.OneLine line = new RowEncoder.OneLine(out);
      line.write(text, 0, cut);
      line.write(text, cut, text.length - cut);
      String written = out.toString(StandardCharsets.UTF_8);
      assertThat(written).doesNotContain("\t", "\n", "\u0000")
          .isEqualTo("{\"a\":\"x\\u0009y\\u000az\\u0000\",\"b\":\"é 日本 and a long plain run of text\"}");
      assertThat(JSON.readTree(written).get("a").textValue()).isEqualTo("x\ty\nz\u0000");
    }
  }
}
