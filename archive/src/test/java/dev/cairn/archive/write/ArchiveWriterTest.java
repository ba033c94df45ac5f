package dev.cairn.archive.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.Duck;
import dev.cairn.archive.Format;
import dev.cairn.archive.Layout;
import dev.cairn.archive.Logs;
import dev.cairn.archive.PartitionKey;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.StateStore;
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
      writer.close();
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
      assertThat(duck.value("SELECT json_extract_string(record, '$.userIdentity.userName') FROM " + from
          + " WHERE eventId = 'late-1'")).isEqualTo("alice");
    }
  }
}
