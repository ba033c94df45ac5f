package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.config.Config;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.Health;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.Folders;
import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The archive as {@code cairn run} wires it, seen on {@code /metrics} and {@code /healthz}: rows wait
 * staged until a flush moves them, counted, into part files; a flush that cannot write raises the
 * failure counter and degrades the health with the reason.
 */
class ArchiveMetricsTest {
  @TempDir Path dir;
  private Path inbox;
  private int events;

  @BeforeEach
  void logs() throws Exception {
    inbox = Files.createDirectories(dir.resolve("inbox"));
    List<String> records = SampleRecords.all();
    Files.write(inbox.resolve("a.json.gz"), Streams.gzip(SampleRecords.logFile(records)));
    events = records.size();
  }

  @Test
  void rowsStagedThenCommittedWithTheirPartsAndBytes() throws Exception {
    Path archive = dir.resolve("trail");
    try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
      Metrics metrics = new Metrics();
      ArchiveWiring wiring = ArchiveWiring.open(config(archive), store, metrics);
      try (HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0, () -> wiring.health(Health.OK), metrics::scrape)) {
        drain(wiring, store);
        String before = get(http, "/metrics");
        assertThat(value(before, "cairn_archive_staged_rows")).isEqualTo(events);
        assertThat(value(before, "cairn_archive_staged_bytes")).isPositive();
        assertThat(value(before, "cairn_archive_rows_journaled_total")).isEqualTo(events);
        assertThat(value(before, "cairn_archive_rows_total")).isZero();
        assertThat(before).contains("cairn_archive_last_flush_timestamp_seconds{to=\"" + archive + "\"} NaN");

        wiring.close(); // the last flush
        String after = get(http, "/metrics");
        List<Path> parts = Folders.files(archive);
        long bytes = Folders.size(parts);
        assertThat(parts).isNotEmpty();
        assertThat(value(after, "cairn_archive_rows_total")).isEqualTo(events);
        assertThat(value(after, "cairn_archive_parts_total")).isEqualTo(parts.size());
        assertThat(value(after, "cairn_archive_bytes_total")).isEqualTo((double) bytes);
        assertThat(value(after, "cairn_archive_flush_duration_seconds_count")).isEqualTo(1);
        assertThat(value(after, "cairn_archive_staged_rows")).isZero();
        assertThat(value(after, "cairn_archive_staged_bytes")).isZero();
        assertThat(value(after, "cairn_archive_oldest_staged_age_seconds")).isZero();
        assertThat(value(after, "cairn_archive_last_flush_timestamp_seconds")).isPositive();
        assertThat(value(after, "cairn_archive_flush_failures_total")).isZero();
        assertThat(after).contains("cairn_archive_rows_total{format=\"parquet\",to=\"" + archive + "\"} " + events + ".0");
        assertThat(get(http, "/healthz")).contains("\"ok\"");
      }
    }
  }

  @Test
  void aFlushThatCannotWriteIsCountedAndDegradesTheHealth() throws Exception {
    Path blocker = Files.writeString(dir.resolve("not-a-folder"), "a file where the archive's folders should go");
    Path archive = blocker.resolve("archive");
    try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
      Metrics metrics = new Metrics();
      ArchiveWiring wiring = ArchiveWiring.open(config(archive), store, metrics);
      try (HttpEndpoints http = HttpEndpoints.start("127.0.0.1", 0, () -> wiring.health(Health.OK), metrics::scrape)) {
        drain(wiring, store);
        wiring.close(); // the last flush fails: its rows stay staged for the next start

        String scrape = get(http, "/metrics");
        assertThat(value(scrape, "cairn_archive_flush_failures_total")).isEqualTo(1);
        assertThat(value(scrape, "cairn_archive_rows_total")).isZero();
        assertThat(value(scrape, "cairn_archive_staged_rows")).isEqualTo(events);
        assertThat(value(scrape, "cairn_archive_oldest_staged_age_seconds")).isGreaterThanOrEqualTo(0);
        Health health = wiring.health(Health.OK);
        assertThat(health.status()).isEqualTo(Health.Status.DEGRADED);
        assertThat(health.detail()).startsWith("archive: flushes to " + archive + " are failing (1 failure(s)); "
            + events + " row(s) wait in the journal: ").contains(blocker.toString());
        assertThat(get(http, "/healthz")).contains("archive: flushes to ");
        assertThat(wiring.health(new Health(Health.Status.FAILED, "a worker died")).status())
            .as("the worse health wins").isEqualTo(Health.Status.FAILED);
      }
    }
  }

  private Config config(Path archive) throws Exception {
    Path file = Files.writeString(dir.resolve("cairn.yaml"), """
        state: %s
        output: none
        http: {port: -1}
        sources: {folders: [{path: %s, settle: 0s}]}
        archive:
          to: %s
          partitionBy: [account]
          flush: {interval: 1h}
        """.formatted(dir.resolve("state.db"), inbox, archive));
    return ConfigLoader.load(file, name -> null);
  }

  private void drain(ArchiveWiring wiring, StateStore store) throws InterruptedException {
    wiring.wire(CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateStore(store)).build()
        .runUntilDrained();
  }

  private static String get(HttpEndpoints http, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + path))
        .build(), HttpResponse.BodyHandlers.ofString()).body();
  }

  /** The value of the one series of {@code name} in a scrape. */
  private static double value(String scrape, String name) {
    Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "(?:\\{[^}]*\\})? (\\S+)$").matcher(scrape);
    assertThat(m.find()).as(name + " in\n" + scrape).isTrue();
    double v = Double.parseDouble(m.group(1));
    assertThat(m.find()).as("one series of " + name).isFalse();
    return v;
  }
}
