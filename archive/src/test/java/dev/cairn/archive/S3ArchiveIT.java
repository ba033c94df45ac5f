package dev.cairn.archive;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.query.QueryEngine;
import dev.cairn.archive.query.ResultPrinter;
import dev.cairn.archive.query.S3Parts;
import dev.cairn.archive.write.ArchiveWriter;
import dev.cairn.archive.write.Target;
import dev.cairn.config.Secret;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.StateStore;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;

/** An archive in S3 (S3Proxy in-process): written with PutObject, queried through a cache of the hours asked for. */
class S3ArchiveIT {
  private static S3Proxy proxy;
  private static ArchiveSettings.S3Access access;

  @TempDir Path tmp;

  @BeforeAll
  static void start() throws Exception {
    proxy = S3Proxy.builder().blobStore(new TransientNio2BlobStore()).endpoint(URI.create("http://127.0.0.1:0"))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, "AKIDTEST", "secretTEST").build();
    proxy.start();
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (!"STARTED".equals(proxy.getState()) && System.nanoTime() < deadline) {
      Thread.sleep(5);
    }
    access = new ArchiveSettings.S3Access(Optional.of("us-east-1"),
        Optional.of(URI.create("http://127.0.0.1:" + proxy.getPort())), Optional.of(Secret.of("AKIDTEST")),
        Optional.of(Secret.of("secretTEST")));
  }

  @AfterAll
  static void stop() throws Exception {
    proxy.stop();
  }

  @Test
  void writtenToS3AndQueriedFetchingOnlyTheHoursAsked() throws Exception {
    String bucket = "archive-" + UUID.randomUUID().toString().substring(0, 8);
    try (S3Client s3 = Target.client(access)) {
      s3.createBucket(b -> b.bucket(bucket));
    }
    List<String> records = new ArrayList<>();
    for (int h = 0; h < 6; h++) {
      for (int i = 0; i < 5; i++) {
        records.add(Logs.record("e" + h + "-" + i, "RunInstances", "2026-03-01T0" + h + ":1" + i + ":00Z"));
      }
    }
    Logs.writeGzip(tmp.resolve("inbox/a.json.gz"), Logs.logFile(records));
    String to = "s3://" + bucket + "/trail/cairn";
    try (StateStore store = StateStore.inMemory();
        ArchiveWriter writer = ArchiveWriter.open(ArchiveSettings.to(to).withLayout(Layout.firehose).withS3(access),
            store, tmp.resolve("staging"), Enricher.withAccounts(Map.of()), InstantSource.system())) {
      writer.start();
      CairnProcessor.builder().folder(tmp.resolve("inbox")).settleTime(Duration.ZERO).stateStore(store)
          .archiver(writer).build().runUntilDrained();
      writer.flushAll();
      assertThat(writer.stats().parts()).isEqualTo(6);
    }
    S3Location location = S3Location.parse(to).orElseThrow();
    Path cache = tmp.resolve("cache");
    Optional<Instant> since = Optional.of(Instant.parse("2026-03-01T02:00:00Z"));
    Optional<Instant> until = Optional.of(Instant.parse("2026-03-01T04:00:00Z"));
    try (S3Client s3 = Target.client(access); QueryEngine q = QueryEngine.open(tmp.resolve("q"), 1)) {
      S3Parts.Fetched fetched = q.archive(s3, location, cache, since, until);
      assertThat(fetched.downloaded()).as("hours 02 and 03 only").isEqualTo(2);
      assertThat(fetched.skipped()).isEqualTo(4);
      StringWriter out = new StringWriter();
      q.run("SELECT count(*) AS n, min(eventId) AS first FROM events", ResultPrinter.csv(new PrintWriter(out)));
      assertThat(out.toString()).isEqualTo("n,first\r\n10,e2-0\r\n");
      assertThat(q.archive(s3, location, cache, since, until).downloaded()).as("cached").isZero();
    }
  }
}
