package dev.cairn.archive.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.Column;
import dev.cairn.archive.Duck;
import dev.cairn.archive.DuckDb;
import dev.cairn.archive.Format;
import dev.cairn.archive.Layout;
import dev.cairn.archive.Logs;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A flush whose rows are all of one partition copies them into its part straight from the journal;
 * any other is staged and split by partition. Both must give the same part, row for row.
 */
class PartWriterTest {
  @TempDir Path tmp;

  @Test
  void rowsOfOnePartitionCopiedStraightAreTheRowsStagingWrites() throws Exception {
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      records.add(Logs.record("e-" + i, i % 4 == 0 ? "ConsoleLogin" : "DescribeInstances",
          "2026-03-01T09:" + String.format("%02d", i) + ":00Z"));
    }
    List<CloudTrailEvent> events = new ArrayList<>();
    EventDecoder.create().withRecordFields(RowEncoder.recordFields()).decode(
        new ByteArrayInputStream(Logs.logFile(records).getBytes(StandardCharsets.UTF_8)), "test", events::add);
    // Two segments, as two readers would leave them.
    RowEncoder encoder = new RowEncoder(Enricher.withAccounts(Map.of()), Layout.hive, List.of());
    List<Path> segments = List.of(tmp.resolve("a.tsv"), tmp.resolve("b.tsv"));
    Optional<String> partition = Optional.empty();
    for (int s = 0; s < 2; s++) {
      try (OutputStream out = Files.newOutputStream(segments.get(s)); RowEncoder.Rows rows = encoder.rows(out)) {
        for (CloudTrailEvent e : events.subList(s * 20, s * 20 + 20)) {
          rows.write(e, e.eventName().equals("ConsoleLogin") ? List.of(Rule.builder("logins").filter("{ $.x = 1 }")
              .build()) : List.of(), Instant.now());
        }
        partition = rows.onlyPartition();
      }
    }
    assertThat(partition).contains("year=2026/month=03/day=01/hour=09");

    try (PartWriter writer = new PartWriter(tmp.resolve("spill"), 256L << 20); Duck duck = new Duck()) {
      for (Format format : Format.values()) {
        List<PartWriter.Part> straight = writer.write(segments, format, tmp.resolve("straight-" + format), partition);
        List<PartWriter.Part> staged = writer.write(segments, format, tmp.resolve("staged-" + format), Optional.empty());

        assertThat(straight).as(format.text()).hasSize(1);
        assertThat(staged).hasSize(1);
        assertThat(straight.get(0).directory()).isEqualTo(staged.get(0).directory());
        assertThat(straight.get(0).rows()).isEqualTo(staged.get(0).rows()).isEqualTo(40);
        Path one = straight.get(0).file();
        Path other = staged.get(0).file();
        if (format == Format.PARQUET) {
          String columns = String.join(", ", Column.ALL.stream().map(c -> "\"" + c.name() + "\"").toList());
          assertThat(duck.rows("SELECT " + columns + " FROM '" + DuckDb.literal(one.toString()) + "'"))
              .as("the same rows, in the journal's order, every column")
              .isEqualTo(duck.rows("SELECT " + columns + " FROM '" + DuckDb.literal(other.toString()) + "'"));
          assertThat(duck.value("SELECT count(*) FROM '" + DuckDb.literal(one.toString()) + "' WHERE len(rules) = 1"))
              .isEqualTo("10");
        } else {
          assertThat(gunzip(one)).as("the same lines").isEqualTo(gunzip(other)).contains("\"eventId\":\"e-39\"");
        }
      }
    }
  }

  private static String gunzip(Path file) throws IOException {
    try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  @Test
  void rowsOfTwoHoursAreNotOnePartition() throws Exception {
    List<CloudTrailEvent> events = new ArrayList<>();
    EventDecoder.create().withRecordFields(RowEncoder.recordFields()).decode(new ByteArrayInputStream(Logs.logFile(
        List.of(Logs.record("a", "StopLogging", "2026-03-01T09:59:59Z"), Logs.record("b", "StopLogging",
            "2026-03-01T10:00:00Z"))).getBytes(StandardCharsets.UTF_8)), "test", events::add);
    RowEncoder encoder = new RowEncoder(Enricher.withAccounts(Map.of()), Layout.hive, List.of());
    try (OutputStream out = Files.newOutputStream(tmp.resolve("c.tsv")); RowEncoder.Rows rows = encoder.rows(out)) {
      assertThat(rows.onlyPartition()).as("no rows yet").isEmpty();
      rows.write(events.get(0), List.of(), Instant.now());
      assertThat(rows.onlyPartition()).contains("year=2026/month=03/day=01/hour=09");
      rows.write(events.get(1), List.of(), Instant.now());
      assertThat(rows.onlyPartition()).isEmpty();
      rows.write(events.get(0), List.of(), Instant.now());
      assertThat(rows.onlyPartition()).as("once mixed, always mixed").isEmpty();
    }
  }
}
