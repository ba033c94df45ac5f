package dev.cairn.archive.athena;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.Duck;
import dev.cairn.archive.Format;
import dev.cairn.archive.Layout;
import dev.cairn.archive.Logs;
import dev.cairn.archive.PartitionKey;
import dev.cairn.archive.S3Location;
import dev.cairn.archive.write.ArchiveWriter;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AthenaDdlTest {
  private static final S3Location LOCATION = S3Location.parse("s3://trail-archive/cairn").orElseThrow();

  @TempDir Path tmp;

  @Test
  void columnsMatchTheWrittenParquetSchema() throws Exception {
    Path archive = tmp.resolve("archive");
    Logs.writeGzip(tmp.resolve("inbox/a.json.gz"), Logs.logFile(List.of(Logs.record("e1", "ConsoleLogin",
        "2026-03-01T09:00:00Z"))));
    try (StateStore store = StateStore.inMemory();
        ArchiveWriter writer = ArchiveWriter.open(ArchiveSettings.to(archive.toString())
                .withPartitionBy(List.of(PartitionKey.account, PartitionKey.region)), store, tmp.resolve("staging"),
            Enricher.withAccounts(Map.of()), InstantSource.system())) {
      writer.start();
      CairnProcessor.builder().folder(tmp.resolve("inbox")).settleTime(Duration.ZERO).stateStore(store)
          .archiver(writer).build().runUntilDrained();
    }
    Path part;
    try (Stream<Path> walk = Files.walk(archive)) {
      part = walk.filter(p -> p.toString().endsWith(".parquet")).findFirst().orElseThrow();
    }
    Map<String, String> file = new LinkedHashMap<>();
    try (Duck duck = new Duck()) {
      // Top-level columns of the file with the Athena type their Parquet types read as.
      for (List<String> row : duck.rows("SELECT name, type, logical_type, converted_type, num_children FROM"
          + " parquet_schema('" + part + "') WHERE name NOT IN ('duckdb_schema', 'list', 'element')")) {
        file.put(row.get(0).toLowerCase(Locale.ROOT), athenaType(row));
      }
    }
    String ddl = AthenaDdl.ddl("cloudtrail_archive", LOCATION, Layout.hive,
        List.of(PartitionKey.account, PartitionKey.region), Format.PARQUET, LocalDate.of(2026, 1, 1), List.of(),
        AthenaDdl.REGIONS);
    Map<String, String> declared = columns(ddl);
    assertThat(declared).as("every declared column is in the files, with the type Athena reads it as")
        .allSatisfy((name, type) -> assertThat(file).containsEntry(name, type));
    assertThat(file.keySet()).as("every file column is declared or read through a partition key")
        .allMatch(name -> declared.containsKey(name) || name.equals("account"));
    assertThat(ddl).contains("PARTITIONED BY (`account` string, `region` string, `year` string, `month` int,"
        + " `day` int, `hour` int)")
        .contains("'projection.account.type' = 'injected'")
        .contains("'storage.location.template' = 's3://trail-archive/cairn/account=${account}/region=${region}/"
            + "year=${year}/month=${month}/day=${day}/hour=${hour}/'")
        .contains("STORED AS PARQUET").contains("LOCATION 's3://trail-archive/cairn/'");
    // The written path is what the template projects.
    assertThat(archive.relativize(part).toString())
        .matches("account=111122223333/region=eu-west-1/year=2026/month=03/day=01/hour=09/cairn-\\w+-\\d+\\.parquet");
  }

  @Test
  void firehoseLayoutInJsonLinesUsesTheGuidesDatehourProjection() {
    String ddl = AthenaDdl.ddl("t", LOCATION, Layout.firehose, List.of(PartitionKey.account), Format.JSONL_GZ,
        LocalDate.of(2025, 6, 1), List.of("111122223333", "444455556666"), AthenaDdl.REGIONS);
    assertThat(ddl).contains("PARTITIONED BY (`account` string, `datehour` string)")
        .contains("'projection.datehour.type' = 'date'")
        .contains("'projection.datehour.format' = 'yyyy/MM/dd/HH'")
        .contains("'projection.datehour.range' = '2025/06/01/00,NOW'")
        .contains("'projection.datehour.interval.unit' = 'HOURS'")
        .contains("'projection.account.values' = '111122223333,444455556666'")
        .contains("'storage.location.template' = 's3://trail-archive/cairn/${account}/${datehour}/'")
        .contains("ROW FORMAT SERDE 'org.openx.data.jsonserde.JsonSerDe'")
        .doesNotContain("`account` string COMMENT");
  }

  /** The columns of the DDL, lower-cased names to types. */
  private static Map<String, String> columns(String ddl) {
    Map<String, String> columns = new LinkedHashMap<>();
    String body = ddl.substring(ddl.indexOf("(\n") + 2, ddl.indexOf("\n)\nPARTITIONED BY"));
    Matcher m = Pattern.compile("`(\\w+)` (\\S+) COMMENT").matcher(body);
    while (m.find()) {
      columns.put(m.group(1).toLowerCase(Locale.ROOT), m.group(2));
    }
    return columns;
  }

  private static String athenaType(List<String> row) {
    String physical = row.get(1);
    String logical = row.get(2) == null ? "" : row.get(2);
    String converted = row.get(3) == null ? "" : row.get(3);
    if ("LIST".equals(converted)) {
      return "array<string>";
    }
    if ("INT64".equals(physical) && logical.startsWith("TimestampType")) {
      return "timestamp";
    }
    if ("BOOLEAN".equals(physical)) {
      return "boolean";
    }
    if ("BYTE_ARRAY".equals(physical) && "UTF8".equals(converted)) {
      return "string";
    }
    return physical + "/" + logical + "/" + converted;
  }
}
