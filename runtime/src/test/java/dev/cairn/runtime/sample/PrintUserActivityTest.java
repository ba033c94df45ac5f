package dev.cairn.runtime.sample;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.TestLogs;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrintUserActivityTest {
  @TempDir Path tmp;

  @Test
  void printsUserActivityFromEveryFileInTheFolderOnceAcrossRestarts() throws Exception {
    Path inbox = tmp.resolve("inbox");
    Path trail = inbox.resolve("AWSLogs/111122223333/CloudTrail/eu-west-1/2024/01/01");
    TestLogs.writeGzip(trail.resolve("111122223333_CloudTrail_eu-west-1_20240101T0000Z_a.json.gz"), TestLogs.logFile(List.of(
        TestLogs.record("1", "alice", "RunInstances", "2024-01-01T00:00:01Z"),
        TestLogs.record("2", "bob", "DescribeInstances", "2024-01-01T00:00:02Z"),
        TestLogs.record("3", "carol", "GetObject", "2024-01-01T00:00:03Z"),
        TestLogs.record("4", "dave", "CreateUser", "2024-01-01T00:00:04Z"))));
    // A Firehose object: no extension, one record per line.
    Files.createDirectories(inbox.resolve("firehose"));
    Files.writeString(inbox.resolve("firehose/delivery-stream-1-2024-01-01-00-00-00-abc"),
        TestLogs.record("5", "erin", "DeleteBucket", "2024-01-01T00:00:05Z") + "\n"
            + TestLogs.record("1", "alice", "RunInstances", "2024-01-01T00:00:01Z") + "\n");
    Files.createDirectories(inbox.resolve("AWSLogs/111122223333/CloudTrail-Digest"));
    Files.writeString(inbox.resolve("AWSLogs/111122223333/CloudTrail-Digest/digest.json"), "{\"digestEndTime\":\"x\"}");
    Files.writeString(inbox.resolve(".DS_Store"), "junk");

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Path state = tmp.resolve(".cairn/state.db");
    CairnProcessor.Stats stats = run(inbox, state, out, err);

    assertThat(lines(out)).containsExactlyInAnyOrder(
        "alice 「RunInstances」(2024-01-01T00:00:01Z)",
        "dave 「CreateUser」(2024-01-01T00:00:04Z)",
        "erin 「DeleteBucket」(2024-01-01T00:00:05Z)");
    assertThat(err.toString(StandardCharsets.UTF_8)).isEmpty();
    assertThat(stats.dedupHits()).as("event 1 arrived twice").isEqualTo(1);
    assertThat(stats.itemsCompleted()).isEqualTo(3);

    ByteArrayOutputStream again = new ByteArrayOutputStream();
    run(inbox, state, again, err);
    assertThat(lines(again)).as("a restart reads nothing twice").isEmpty();
  }

  private static CairnProcessor.Stats run(Path inbox, Path state, ByteArrayOutputStream out, ByteArrayOutputStream err)
      throws InterruptedException {
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      return PrintUserActivity.create(inbox, state, o, e).runUntilDrained();
    }
  }

  private static List<String> lines(ByteArrayOutputStream out) {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }
}
