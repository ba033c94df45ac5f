package dev.cairn.app;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cairn run with an archive, cairn scan --archive, cairn query, cairn archive athena-ddl, end to end. */
class ArchiveCommandsTest {
  @TempDir Path tmp;
  private Path inbox;

  @BeforeEach
  void logs() throws Exception {
    inbox = tmp.resolve("inbox");
    Files.createDirectories(inbox);
    Files.write(inbox.resolve("a.json.gz"), Streams.gzip(SampleRecords.logFile(SampleRecords.all())));
    Files.writeString(inbox.resolve("b.jsonl"), SampleRecords.jsonLines(List.of(SampleRecords.CREATE_USER
        .replace("\"eventID\":\"", "\"eventID\":\"b-"), SampleRecords.ROOT_CONSOLE_LOGIN.replace("\"eventID\":\"", "\"eventID\":\"b-"))));
  }

  @Test
  void runArchivesEveryEventOnceAndQueryAnswersOverIt() throws Exception {
    Path config = tmp.resolve("cairn.yaml");
    Files.writeString(config, String.join("\n",
        "state: " + tmp.resolve("state.db"),
        "output: none",
        "http: {port: -1}",
        "sources: {folders: [{path: " + inbox + ", settle: 0s}]}",
        "archive:",
        "  to: " + tmp.resolve("archive"),
        "  partitionBy: [account]",
        "  flush: {interval: 1s}",
        ""));
    CliRun run = CliRun.of("run", "--config", config.toString(), "--drain");
    assertThat(run.exitCode()).as(run.err()).isZero();
    // A second run over the same inputs: they are handled already, and nothing is archived twice.
    assertThat(CliRun.of("run", "--config", config.toString(), "--drain").exitCode()).isZero();

    CliRun query = CliRun.of("query", "--config", config.toString(), "--output", "csv",
        "SELECT eventName, count(*) AS n, bool_or(len(rules) > 0) AS matched FROM events GROUP BY 1 ORDER BY 1");
    assertThat(query.exitCode()).as(query.err()).isZero();
    assertThat(query.out()).isEqualTo("eventName,n,matched\r\nConsoleLogin,2,true\r\nCreateUser,2,false\r\n"
        + "GetObject,1,false\r\nUpdateInstanceInformation,1,false\r\n".replace("UpdateInstanceInformation",
            insightName()));
  }

  private static String insightName() {
    String insight = SampleRecords.INSIGHT;
    int at = insight.indexOf("\"eventName\":\"") + 13;
    return insight.substring(at, insight.indexOf('"', at));
  }

  @Test
  void scanBackfillsAnArchiveAndQueryReadsItOrTheRawFiles() {
    Path archive = tmp.resolve("backfill");
    CliRun scan = CliRun.of("scan", "--archive", archive.toString(), inbox.toString());
    assertThat(scan.exitCode()).as(scan.err()).isZero();
    assertThat(scan.err()).contains("archived 6 event(s)");
    String sql = "SELECT count(*) AS n, count(DISTINCT eventId) AS ids FROM events";
    CliRun fromArchive = CliRun.of("query", "--archive", archive.toString(), "--output", "jsonl", sql);
    CliRun fromRaw = CliRun.of("query", "--from", inbox.toString(), "--output", "jsonl", sql);
    assertThat(fromArchive.out()).isEqualTo("{\"n\":6,\"ids\":6}\n");
    assertThat(fromRaw.out()).isEqualTo(fromArchive.out());
    CliRun table = CliRun.of("query", "--from", inbox.toString(), "--since", "2023-07-19", "--until", "2023-07-20",
        "SELECT eventName FROM events ORDER BY eventTime LIMIT 1");
    assertThat(table.exitCode()).as(table.err()).isZero();
    assertThat(table.lines()).hasSize(4).last().isEqualTo("(1 row)");
    // A query that reads the record gets it from raw files too (they are loaded with it only then).
    String agents = "SELECT count(*) AS n FROM events WHERE json_extract_string(record, '$.userAgent') IS NOT NULL";
    assertThat(CliRun.of("query", "--from", inbox.toString(), "--output", "jsonl", agents).out())
        .isEqualTo(CliRun.of("query", "--archive", archive.toString(), "--output", "jsonl", agents).out())
        .isEqualTo("{\"n\":5}\n");
  }

  @Test
  void sqlErrorIsOneLineAndExitTwo() {
    CliRun bad = CliRun.of("query", "--from", inbox.toString(), "SELECT eventName FROM events WHERE");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().lines().toList()).hasSize(1).first().asString()
        .startsWith("cairn: SQL error: ").contains("at line 1, column");
    assertThat(CliRun.of("query", "SELECT 1").exitCode()).isEqualTo(2);
  }

  @Test
  void athenaDdlForTheConfiguredArchive() {
    CliRun ddl = CliRun.of("archive", "athena-ddl", "--to", "s3://trail-archive/cairn", "--layout", "firehose",
        "--format", "jsonl.gz", "--start", "2026-01-01");
    assertThat(ddl.exitCode()).as(ddl.err()).isZero();
    assertThat(ddl.out()).startsWith("CREATE EXTERNAL TABLE `cloudtrail_archive` (")
        .contains("'projection.datehour.range' = '2026/01/01/00,NOW'");
    assertThat(CliRun.of("archive", "athena-ddl", "--to", "/local/folder").exitCode()).isEqualTo(2);
  }
}
