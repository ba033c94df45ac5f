package dev.cairn.archive.query;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.Format;
import dev.cairn.archive.Layout;
import dev.cairn.archive.Logs;
import dev.cairn.archive.write.ArchiveWriter;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class QueryEngineTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path tmp;
  private Path inbox;

  @BeforeEach
  void logs() {
    inbox = tmp.resolve("inbox");
    for (int h = 0; h < 3; h++) {
      List<String> records = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        String user = i < 6 ? "alice" : "bob";
        records.add(Logs.record("h" + h + "-" + i, i % 2 == 0 ? "ConsoleLogin" : "DescribeInstances",
            "2026-03-01T0" + h + ":" + (10 + i) + ":00Z", "111122223333", "eu-west-1", i % 4 == 0 ? "Failed" : null)
            .replace("\"userName\":\"alice\"", "\"userName\":\"" + user + "\"")
            .replace(":user/alice", ":user/" + user));
      }
      Logs.writeGzip(inbox.resolve("h" + h + ".json.gz"), Logs.logFile(records));
    }
  }

  private Path archive(Format format, Layout layout) throws Exception {
    Path archive = tmp.resolve("archive-" + format + "-" + layout);
    try (StateStore store = StateStore.inMemory();
        ArchiveWriter writer = ArchiveWriter.open(ArchiveSettings.to(archive.toString()).withFormat(format)
            .withLayout(layout), store, tmp.resolve("staging-" + format + layout), Enricher.withAccounts(Map.of()),
            InstantSource.system())) {
      writer.start();
      CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateStore(store)
          .rules(RuleSet.of(List.of(Rule.builder("logins").filter("{ $.eventName = \"ConsoleLogin\" }").build())))
          .archiver(writer).build().runUntilDrained();
    }
    return archive;
  }

  @ParameterizedTest
  @EnumSource(Format.class)
  void groupedCountOverAnArchiveInEitherFormatAndLayout(Format format) throws Exception {
    for (Layout layout : Layout.values()) {
      Path archive = archive(format, layout);
      try (QueryEngine q = QueryEngine.open(tmp.resolve("q-" + format + layout), 1)) {
        assertThat(q.archive(archive, Optional.empty(), Optional.empty())).isEqualTo(3);
        String out = run(q, "SELECT actor, count(*) AS n FROM events WHERE eventName = 'ConsoleLogin' AND errorCode"
            + " IS NOT NULL GROUP BY 1 ORDER BY 2 DESC, 1", ResultPrinter::csv);
        assertThat(out).isEqualTo("actor,n\r\nalice,6\r\nbob,3\r\n");
        assertThat(run(q, "SELECT count(*) AS n, min(eventTime) AS first, list_sort(list_distinct(flatten(list(rules))))"
            + " AS rules FROM events", ResultPrinter::csv))
            .isEqualTo("n,first,rules\r\n30,2026-03-01 00:10:00,[logins]\r\n");
      }
    }
  }

  @Test
  void sinceAndUntilReadOnlyTheHoursInRange() throws Exception {
    Path archive = archive(Format.PARQUET, Layout.hive);
    try (QueryEngine q = QueryEngine.open(tmp.resolve("q"), 1)) {
      int files = q.archive(archive, Optional.of(Instant.parse("2026-03-01T01:15:00Z")),
          Optional.of(Instant.parse("2026-03-01T02:00:00Z")));
      assertThat(files).as("only hour 01's part").isEqualTo(1);
      assertThat(run(q, "SELECT count(*) AS n FROM events", ResultPrinter::csv)).isEqualTo("n\r\n5\r\n");
    }
  }

  @Test
  void sqlErrorsAreOneLineWithThePosition() throws Exception {
    try (QueryEngine q = QueryEngine.open(tmp.resolve("q"), 1)) {
      q.archive(archive(Format.PARQUET, Layout.hive), Optional.empty(), Optional.empty());
      assertThatThrownBy(() -> run(q, "SELECT eventName,\n  count(* FROM events", ResultPrinter::csv))
          .isInstanceOf(QueryException.class)
          .hasMessageNotContaining("\n")
          .hasMessageContaining("syntax error")
          .hasMessageContaining("(at line 2, column 11)");
      assertThatThrownBy(() -> run(q, "SELECT nosuch FROM events", ResultPrinter::csv))
          .hasMessageNotContaining("\n").hasMessageContaining("nosuch").hasMessageContaining("column 8");
      assertThatThrownBy(() -> run(q, "SELECT * FROM read_parquet('s3://bucket/x.parquet')", ResultPrinter::csv))
          .as("no extension is downloaded").hasMessageContaining("httpfs");
    }
  }

  @Test
  void rawFilesOfEveryShapeDecodedByCairn() throws Exception {
    Path raw = tmp.resolve("raw");
    Files.createDirectories(raw);
    String a = SampleRecords.CREATE_USER;
    String b = SampleRecords.ROOT_CONSOLE_LOGIN;
    Files.write(raw.resolve("logfile.json.gz"), Streams.gzip(SampleRecords.logFile(List.of(a, b))));
    Files.write(raw.resolve("gzip-without-suffix"), Streams.gzip(SampleRecords.logFile(List.of(a))));
    Files.writeString(raw.resolve("lines.jsonl"), SampleRecords.jsonLines(List.of(a, b)));
    Files.writeString(raw.resolve("firehose"), a + b);
    Files.writeString(raw.resolve("array.json"), "[" + a + "," + b + "]");
    Files.writeString(raw.resolve("eventbridge.json"), SampleRecords.envelope(a, "AWS API Call via CloudTrail", "aws.iam"));
    String logs = "{\"messageType\":\"DATA_MESSAGE\",\"owner\":\"111122223333\",\"logGroup\":\"trail\",\"logStream\":\"s\","
        + "\"subscriptionFilters\":[\"f\"],\"logEvents\":[{\"id\":\"1\",\"timestamp\":1,\"message\":"
        + SampleRecords.quote(b) + "}]}";
    Files.write(raw.resolve("cwlogs.gz"), Streams.gzip(logs));
    Files.writeString(raw.resolve("lambda.json"), "{\"awslogs\":{\"data\":\""
        + Base64.getEncoder().encodeToString(Streams.gzip(logs)) + "\"}}");
    Files.writeString(raw.resolve("lookup.json"), "{\"Events\":[{\"EventId\":\"x\",\"CloudTrailEvent\":"
        + SampleRecords.quote(a) + "}]}");
    Files.writeString(raw.resolve("raw.json"), "{\"_raw\":" + SampleRecords.quote(b) + "}");
    Files.write(raw.resolve("bom-crlf.json"), Streams.utf8WithBom(Streams.crlf(SampleRecords.jsonLines(List.of(a)))));
    List<Path> files;
    try (var walk = Files.list(raw)) {
      files = walk.sorted().toList();
    }
    try (QueryEngine q = QueryEngine.open(tmp.resolve("q"), 2)) {
      QueryEngine.Raw loaded = q.raw(files, RuleSet.empty(), Optional.empty(), Optional.empty(), note -> {});
      assertThat(loaded.problems()).isEmpty();
      String out = run(q, "SELECT eventName, count(*) AS n FROM events GROUP BY 1 ORDER BY 1", ResultPrinter::csv);
      assertThat(out).isEqualTo("eventName,n\r\nConsoleLogin,7\r\nCreateUser,8\r\n");
    }
  }

  @Test
  void rawFilesAreLoadedAChunkAtATimeAndLeaveOnlyCompressedParts() throws Exception {
    // Nine files of 40 events, chunks of 100 rows cut between files: several Parquet parts, one view.
    Path raw = tmp.resolve("raw-many");
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < 9; f++) {
      List<String> records = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        records.add(Logs.record("c" + f + "-" + i, i % 4 == 0 ? "ConsoleLogin" : "DescribeInstances",
            "2026-03-01T0" + (f % 10) + ":00:00Z"));
      }
      files.add(Logs.writeGzip(raw.resolve("f" + f + ".json.gz"), Logs.logFile(records)));
    }
    Path work = tmp.resolve("q");
    try (QueryEngine q = QueryEngine.open(work, 2)) {
      QueryEngine.Raw loaded = q.raw(files, RuleSet.empty(), Optional.empty(),
          Optional.of(Instant.parse("2026-03-01T08:00:00Z")), note -> {}, true, 100);
      assertThat(loaded.events()).isEqualTo(360);
      assertThat(run(q, "SELECT eventName, count(*) AS n FROM events GROUP BY 1 ORDER BY 1", ResultPrinter::csv))
          .as("the view keeps --until").isEqualTo("eventName,n\r\nConsoleLogin,80\r\nDescribeInstances,240\r\n");
      List<String> left;
      try (var list = Files.list(work.resolve("raw"))) {
        left = list.map(p -> p.getFileName().toString()).sorted().toList();
      }
      assertThat(left).as("the JSON-lines chunks are gone, their Parquet parts stay for the query")
          .hasSizeGreaterThan(2).allMatch(name -> name.endsWith(".parquet"));
    }
  }

  @Test
  void outputsEscapeWhatEventsHold() throws Exception {
    String nasty = "evil\u001b[31m\nname\u202e,\"q\"";
    Path raw = tmp.resolve("nasty.json");
    Files.writeString(raw, Logs.record("n1", "Run", "2026-03-01T00:00:00Z").replace("aws-cli/2.0",
        nasty.replace("\u001b", "\\u001b").replace("\n", "\\n").replace("\"", "\\\"")), StandardCharsets.UTF_8);
    try (QueryEngine q = QueryEngine.open(tmp.resolve("q"), 1)) {
      q.raw(List.of(raw), RuleSet.empty(), Optional.empty(), Optional.empty(), note -> {});
      String table = run(q, "SELECT userAgent, readOnly, rules FROM events", ResultPrinter::table);
      assertThat(table).doesNotContain("\u001b").doesNotContain("\u202e")
          .contains("evil\\u001b[31m\\nname\\u202e,\"q\"").endsWith("(1 row)\n");
      String jsonl = run(q, "SELECT userAgent, readOnly, rules, 1.5 AS x, eventTime FROM events", ResultPrinter::jsonl);
      JsonNode row = JSON.readTree(jsonl);
      assertThat(row.get("userAgent").textValue()).isEqualTo(nasty);
      assertThat(row.get("readOnly").isBoolean()).isTrue();
      assertThat(row.get("rules").isArray()).isTrue();
      assertThat(row.get("x").isNumber()).isTrue();
      assertThat(jsonl).doesNotContain("\u001b");
      String csv = run(q, "SELECT userAgent FROM events", ResultPrinter::csv);
      assertThat(csv).isEqualTo("userAgent\r\n\"" + nasty.replace("\"", "\"\"") + "\"\r\n");
    }
  }

  @ParameterizedTest
  @org.junit.jupiter.params.provider.CsvSource(delimiter = '|', value = {
      "SELECT eventName, count(*) AS n FROM events GROUP BY 1 ORDER BY n DESC | false",
      "SELECT e.actor FROM events e WHERE e.errorCode IS NOT NULL AND NOT readOnly | false",
      "WITH x AS (SELECT eventName FROM events) SELECT eventName FROM x | false",
      "SELECT * FROM events | true",
      "SELECT COLUMNS('rec.*') FROM events | true",
      "SELECT json_extract_string(record, '$.userAgent') FROM events | true",
      "SELECT e.RECORD FROM events e | true",
      "SELECT e FROM events e | true",
      "SELECT #18 FROM events | true",
      "SELECT list_filter(rules, r -> r LIKE 'cis%') FROM events | true",
      "SELEC eventName FROM events | true",
      "CREATE TABLE t AS SELECT eventName FROM events | true"})
  void aQueryReadsTheRecordWhenItMightNeedIt(String sql, boolean reads) throws Exception {
    try (QueryEngine q = QueryEngine.open(tmp.resolve("q"), 1)) {
      assertThat(q.readsRecord(sql)).as(sql).isEqualTo(reads);
    }
  }

  @Test
  void rawFilesLoadedWithoutRecordsAnswerTheSameAndCannotBeReadForRecords() throws Exception {
    List<Path> files;
    try (var walk = Files.list(inbox)) {
      files = walk.sorted().toList();
    }
    String grouped = "SELECT actor, eventName, count(*) AS n FROM events GROUP BY ALL ORDER BY ALL";
    String withRecords;
    try (QueryEngine q = QueryEngine.open(tmp.resolve("q1"), 2)) {
      q.raw(files, RuleSet.empty(), Optional.empty(), Optional.empty(), note -> {}, true);
      withRecords = run(q, grouped, ResultPrinter::csv);
    }
    try (QueryEngine q = QueryEngine.open(tmp.resolve("q2"), 2)) {
      q.raw(files, RuleSet.empty(), Optional.empty(), Optional.empty(), note -> {}, false);
      assertThat(run(q, grouped, ResultPrinter::csv)).isEqualTo(withRecords).contains("alice,ConsoleLogin,9");
      // A query the check got wrong would fail loudly, not see NULL records.
      assertThatThrownBy(() -> run(q, "SELECT count(record) FROM events", ResultPrinter::csv))
          .isInstanceOf(QueryException.class).hasMessageContaining("record");
    }
  }

  private static String run(QueryEngine q, String sql, java.util.function.Function<PrintWriter, ResultPrinter> printer)
      throws Exception {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    q.run(sql, printer.apply(out));
    out.flush();
    return text.toString().replace(System.lineSeparator(), "\n");
  }
}
