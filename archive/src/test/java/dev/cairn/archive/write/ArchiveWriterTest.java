package dev.cairn.archive.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.Duck;
import dev.cairn.archive.Format;
import dev.cairn.archive.Logs;
import dev.cairn.archive.PartitionKey;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.Folders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveWriterTest {
  @TempDir Path tmp;

  @Test
  void everyEventOnceInItsOwnHourWithTypedColumns() throws Exception {
    Path inbox = tmp.resolve("inbox");
    List<String> all = new ArrayList<>();
    for (int f = 0; f < 4; f++) {
      List<String> records = new ArrayList<>();
      for (String id : Logs.ids("f" + f + "-", 30)) {
        all.add(id);
        int minute = all.size() % 120;
        String time = "2026-03-01T" + String.format("%02d", 9 + minute / 60) + ":" + String.format("%02d", minute % 60) + ":07.250Z";
        records.add(Logs.record(id, all.size() % 3 == 0 ? "ConsoleLogin" : "DescribeInstances", time,
            f % 2 == 0 ? "111122223333" : "444455556666", "eu-west-1", all.size() % 5 == 0 ? "AccessDenied" : null));
      }
      Logs.writeGzip(inbox.resolve("f" + f + ".json.gz"), Logs.logFile(records));
    }
    all.add("late-1");
    Logs.writeGzip(inbox.resolve("late.json.gz"), Logs.logFile(List.of(Logs.record("late-1", "StopLogging",
        "2026-02-27T23:59:59Z"))));
    Path archive = tmp.resolve("archive");
    ArchiveSettings settings = ArchiveSettings.to(archive.toString()).withPartitionBy(List.of(PartitionKey.account));
    try (StateStore store = StateStore.open(tmp.resolve("state.db"));
        ArchiveWriter writer = ArchiveWriter.open(settings, store, tmp.resolve("staging"),
            Enricher.withAccounts(Map.of("111122223333", "Prod")), InstantSource.system())) {
      writer.start();
      CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateStore(store)
          .rules(RuleSet.of(List.of(Rule.builder("logins").filter("{ $.eventName = \"ConsoleLogin\" }").build())))
          .archiver(writer).build().runUntilDrained();
      writer.flushAll();
      assertThat(writer.stats().rowsFlushed()).isEqualTo(all.size());
    }
    try (Duck duck = new Duck(); Stream<Path> files = Files.walk(archive)) {
      List<String> parts = files.filter(Files::isRegularFile).map(p -> archive.relativize(p).toString()).sorted().toList();
      assertThat(parts).allMatch(p -> p.matches("account=\\d{12}/year=2026/month=0[23]/day=\\d\\d/hour=\\d\\d/cairn-\\w+-\\d{10}\\.parquet"));
      assertThat(parts).anyMatch(p -> p.startsWith("account=111122223333/year=2026/month=02/day=27/hour=23/"));
      String from = Duck.parquet(archive);
      assertThat(duck.value("SELECT count(*) FROM " + from)).isEqualTo(Integer.toString(all.size()));
      assertThat(duck.value("SELECT count(DISTINCT eventId) FROM " + from)).isEqualTo(Integer.toString(all.size()));
      assertThat(duck.rows("SELECT eventName, rules, accountAlias, typeof(eventTime), typeof(readOnly), typeof(rules),"
          + " strftime(eventTime, '%Y-%m-%dT%H:%M:%S.%g') FROM " + from + " WHERE eventId = 'f0-2'"))
          .containsExactly(List.of("ConsoleLogin", "[logins]", "Prod", "TIMESTAMP", "BOOLEAN", "VARCHAR[]",
              "2026-03-01T09:03:07.250"));
      assertThat(duck.value("SELECT count(*) FROM " + from + " WHERE errorCode IS NOT NULL")).isEqualTo("24");
      assertThat(duck.rows("DESCRIBE SELECT * FROM " + from)).as("every column, typed")
          .extracting(row -> row.get(0) + " " + row.get(1))
          .containsExactlyElementsOf(dev.cairn.archive.Column.ALL.stream().map(c -> c.name() + " " + c.duckType()).toList());
      assertThat(duck.value("SELECT json_extract_string(record, '$.userIdentity.userName') FROM " + from
          + " WHERE eventId = 'late-1'")).isEqualTo("alice");
    }
  }

  @Test
  void eventsWithoutAnObjectAreArchivedOnceByTheirId() throws Exception {
    Path archive = tmp.resolve("archive");
    dev.cairn.event.CloudTrailEvent event = dev.cairn.event.CloudTrailEvent.ofRecord((com.fasterxml.jackson.databind.node.ObjectNode)
        new com.fasterxml.jackson.databind.ObjectMapper().readTree(Logs.record("sqs-1", "StopLogging", "2026-03-01T09:00:00Z")));
    try (StateStore store = StateStore.inMemory();
        ArchiveWriter writer = ArchiveWriter.open(ArchiveSettings.to(archive.toString()), store, tmp.resolve("staging"),
            Enricher.withAccounts(Map.of()), InstantSource.system())) {
      writer.start();
      for (int delivery = 0; delivery < 3; delivery++) { // an SQS message delivered three times
        dev.cairn.runtime.Archiver.Journal journal = writer.open("message " + delivery, java.util.Optional.empty());
        journal.append(List.of(event), List.of());
        writer.commit(journal);
      }
      writer.flushAll();
      assertThat(writer.stats().rowsFlushed()).isEqualTo(1);
    }
  }

  @Test
  void includeMatchedOrAFilterKeepsOnlyThoseEvents() throws Exception {
    Path inbox = tmp.resolve("inbox");
    Logs.writeGzip(inbox.resolve("a.json.gz"), Logs.logFile(List.of(
        Logs.record("1", "ConsoleLogin", "2026-03-01T09:00:00Z"),
        Logs.record("2", "DescribeInstances", "2026-03-01T09:00:00Z"),
        Logs.record("3", "RunInstances", "2026-03-01T09:00:00Z"))));
    RuleSet rules = RuleSet.of(List.of(Rule.builder("logins").filter("{ $.eventName = \"ConsoleLogin\" }").build()));
    ArchiveSettings matched = ArchiveSettings.to(tmp.resolve("matched").toString())
        .withEvents(dev.cairn.archive.ArchiveConfig.Events.matched);
    dev.cairn.config.Config section = dev.cairn.config.Config.builder(dev.cairn.archive.ArchiveConfig.DEF)
        .set(dev.cairn.archive.ArchiveConfig.TO, tmp.resolve("writes").toString())
        .set(dev.cairn.archive.ArchiveConfig.INCLUDE, dev.cairn.config.Config.builder(dev.cairn.archive.ArchiveConfig.INCLUDE_DEF)
            .set(dev.cairn.archive.ArchiveConfig.INCLUDE_FILTER, "{ $.readOnly IS FALSE }").build())
        .build();
    ArchiveSettings writes = ArchiveSettings.from(section);
    for (ArchiveSettings settings : List.of(matched, writes)) {
      try (StateStore store = StateStore.inMemory();
          ArchiveWriter writer = ArchiveWriter.open(settings, store, tmp.resolve("staging-" + settings.to().hashCode()),
              Enricher.withAccounts(Map.of()), InstantSource.system())) {
        writer.start();
        CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateStore(store).rules(rules)
            .archiver(writer).build().runUntilDrained();
      }
    }
    try (Duck duck = new Duck()) {
      assertThat(duck.rows("SELECT eventId FROM " + Duck.parquet(tmp.resolve("matched")))).containsExactly(List.of("1"));
      assertThat(duck.rows("SELECT eventId FROM " + Duck.parquet(tmp.resolve("writes")) + " ORDER BY 1"))
          .containsExactly(List.of("1"), List.of("3"));
    }
  }

  @Test
  void statsAndTheListenerFollowRowsFromTheJournalToPartsAcrossARestart() throws Exception {
    Path inbox = tmp.resolve("inbox");
    List<String> records = new ArrayList<>();
    for (String id : Logs.ids("s-", 25)) {
      records.add(Logs.record(id, "DescribeInstances", "2026-03-01T0" + (records.size() % 3) + ":15:00Z"));
    }
    Logs.writeGzip(inbox.resolve("a.json.gz"), Logs.logFile(records.subList(0, 10)));
    Logs.writeGzip(inbox.resolve("b.json.gz"), Logs.logFile(records.subList(10, 25)));
    Path archive = tmp.resolve("archive");
    ArchiveSettings settings = ArchiveSettings.to(archive.toString()).withFlush(64L << 20, Duration.ofHours(1));
    List<ArchiveListener.Flushed> flushes = new java.util.concurrent.CopyOnWriteArrayList<>();
    try (StateStore store = StateStore.open(tmp.resolve("state.db"))) {
      ArchiveWriter first = ArchiveWriter.open(settings, store, tmp.resolve("staging"), Enricher.withAccounts(Map.of()),
          InstantSource.system());
      first.start();
      CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateStore(store).archiver(first).build()
          .runUntilDrained();
      ArchiveWriter.Stats staged = first.stats();
      assertThat(staged.rowsJournaled()).isEqualTo(25);
      assertThat(staged.stagedRows()).as("not due: an hour's interval, 64 MB").isEqualTo(25);
      assertThat(staged.pendingBytes()).isPositive();
      assertThat(staged.oldestStaged()).isPresent();
      assertThat(staged.rowsFlushed()).isZero();
      assertThat(staged.lastFlush()).isEmpty();

      // As after a crash of the first: a second writer finds the rows in the journal.
      try (ArchiveWriter second = ArchiveWriter.open(settings, store, tmp.resolve("staging"),
          Enricher.withAccounts(Map.of()), InstantSource.system())) {
        second.listen(new ArchiveListener() {
          @Override
          public void flushed(Flushed flush) {
            flushes.add(flush);
          }
        });
        second.start();
        assertThat(second.stats().stagedRows()).as("counted in the journal left over").isEqualTo(25);
        second.flushAll();
        ArchiveWriter.Stats flushed = second.stats();
        assertThat(flushed.rowsFlushed()).isEqualTo(25);
        assertThat(flushed.stagedRows()).isZero();
        assertThat(flushed.pendingBytes()).isZero();
        assertThat(flushed.oldestStaged()).isEmpty();
        assertThat(flushed.lastFlush()).isPresent();
      }
      first.close(); // its rows were flushed by the second: nothing more is written
      assertThat(first.stats().rowsFlushed()).isZero();
    }
    List<Path> parts = Folders.files(archive);
    long bytes = Folders.size(parts);
    assertThat(flushes).singleElement().satisfies(f -> {
      assertThat(f.rows()).isEqualTo(25);
      assertThat(f.parts()).isEqualTo(3).isEqualTo(parts.size());
      assertThat(f.format()).isEqualTo(Format.PARQUET);
      assertThat(f.to()).isEqualTo(archive.toString());
    });
    assertThat(flushes.get(0).bytes()).isEqualTo(bytes);
    try (Duck duck = new Duck()) {
      assertThat(duck.value("SELECT count(DISTINCT eventId) || '/' || count(*) FROM " + Duck.parquet(archive)))
          .isEqualTo("25/25");
    }
  }

  @Test
  void journalSegmentsOfOneJsonObjectPerLineLeftByAnEarlierVersionAreFlushed() throws Exception {
    // An upgrade after a crash: the journal holds committed rows in the format Cairn wrote before
    // the tab-separated rows (one JSON object per line, the record as a JSON value).
    Path staging = tmp.resolve("staging");
    Path journal = Files.createDirectories(staging.resolve("journal"));
    String name = "old-run-000000.ndjson";
    StringBuilder lines = new StringBuilder();
    for (String id : List.of("old-1", "old-2")) {
      lines.append("{\"_p\":\"year=2026/month=03/day=01/hour=09\",\"eventTime\":\"2026-03-01 09:00:07.250\","
          + "\"eventId\":\"").append(id).append("\",\"eventName\":\"StopLogging\",\"readOnly\":false,\"rules\":[\"r1\"],"
          + "\"record\":").append(Logs.record(id, "StopLogging", "2026-03-01T09:00:07.250Z")).append("}\n");
    }
    lines.append("{\"_p\":\"not committed\"");
    Files.writeString(journal.resolve(name), lines);
    long committed = lines.indexOf("{\"_p\":\"not committed");
    Path archive = tmp.resolve("archive");
    try (StateStore store = StateStore.open(tmp.resolve("state.db"))) {
      java.time.Instant now = java.time.Instant.now();
      store.commit(new dev.cairn.runtime.state.Checkpoint(java.util.Optional.empty(), java.util.Optional.empty(), 0,
          false, List.of(), now, List.of(), now,
          java.util.Optional.of(new dev.cairn.runtime.state.ArchiveMark(name, committed))));
      try (ArchiveWriter writer = ArchiveWriter.open(ArchiveSettings.to(archive.toString()), store, staging,
          Enricher.withAccounts(Map.of()), InstantSource.system())) {
        writer.start();
        writer.flushAll();
        assertThat(writer.stats().rowsFlushed()).isEqualTo(2);
      }
    }
    assertThat(journal).isEmptyDirectory();
    try (Duck duck = new Duck()) {
      String from = Duck.parquet(archive);
      assertThat(duck.rows("SELECT eventId, eventName, rules, strftime(eventTime, '%Y-%m-%dT%H:%M:%S.%g'),"
          + " json_extract_string(record, '$.eventID') FROM " + from + " ORDER BY 1")).containsExactly(
              List.of("old-1", "StopLogging", "[r1]", "2026-03-01T09:00:07.250", "old-1"),
              List.of("old-2", "StopLogging", "[r1]", "2026-03-01T09:00:07.250", "old-2"));
      assertThat(duck.rows("DESCRIBE SELECT * FROM " + from)).extracting(row -> row.get(0) + " " + row.get(1))
          .containsExactlyElementsOf(dev.cairn.archive.Column.ALL.stream().map(c -> c.name() + " " + c.duckType()).toList());
    }
  }
}
