package dev.cairn.archive.write;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.archive.Duck;
import dev.cairn.archive.Logs;
import dev.cairn.archive.PartitionKey;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 while flushing (between two parts of one flush, then at random moments while reading and
 * flushing), then a clean run: every event is in the archive exactly once, and every part file is
 * whole.
 */
class ArchiveCrashIT {
  private static final int FILES = 80;
  private static final int EVENTS = 60;

  @TempDir Path tmp;

  @Test
  void killedWhileFlushingLosesNoRowRepeatsNoneAndLeavesNoTornFile() throws Exception {
    Path inbox = tmp.resolve("inbox");
    Path state = tmp.resolve("state/state.db");
    Path staging = tmp.resolve("staging");
    Path archive = tmp.resolve("archive");
    List<String> all = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      List<String> records = new ArrayList<>();
      for (String id : Logs.ids("f" + f + "-", EVENTS)) {
        all.add(id);
        records.add(Logs.record(id, "RunInstances", "2026-03-01T0" + (all.size() % 3) + ":15:00Z",
            all.size() % 2 == 0 ? "111122223333" : "444455556666", "eu-west-1", null));
      }
      Logs.writeGzip(inbox.resolve("f" + f + ".json.gz"), Logs.logFile(records));
    }

    Process first = child(inbox, state, staging, archive, "stop-mid-flush", 1);
    Path midFlush = state.resolveSibling("mid-flush");
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
      while (!Files.exists(midFlush)) {
        assertThat(first.isAlive()).as("child exited early; see %s", tmp.resolve("child-1.log")).isTrue();
        assertThat(System.nanoTime()).as("no flush in 60 s").isLessThan(deadline);
        Thread.sleep(10);
      }
    } finally {
      first.destroyForcibly(); // SIGKILL
      first.waitFor(10, TimeUnit.SECONDS);
    }
    try (StateStore store = StateStore.open(state)) {
      assertThat(store.archive().pending()).as("killed between two parts of a flush").isPresent();
    }

    SplittableRandom random = new SplittableRandom(42);
    int flushedInRounds = 0;
    for (int round = 2; round <= 4; round++) {
      Process child = child(inbox, state, staging, archive, "run", round);
      Path log = tmp.resolve("child-" + round + ".log");
      try {
        // Once the child has flushed something it is busy reading and flushing: kill it at a random moment.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (flushes(log) == 0 && child.isAlive() && System.nanoTime() < deadline) {
          Thread.sleep(5);
        }
        Thread.sleep(random.nextInt(150));
      } finally {
        child.destroyForcibly();
        child.waitFor(10, TimeUnit.SECONDS);
      }
      flushedInRounds += flushes(log);
    }
    assertThat(flushedInRounds).as("the killed runs flushed").isPositive();

    try (StateStore store = StateStore.open(state)) {
      try (ArchiveWriter writer = ArchiveWriter.open(ArchiveSettings.to(archive.toString())
          .withPartitionBy(List.of(PartitionKey.account)), store, staging, Enricher.withAccounts(Map.of()),
          InstantSource.system())) {
        writer.start();
        CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateStore(store).archiver(writer)
            .maxInterruptions(1_000).build().runUntilDrained();
      }
      // An input given up on (each kill that lands while it is read counts) would lose rows by design.
      assertThat(store.inputs().under(inbox.toString()).values()).hasSize(FILES)
          .allSatisfy(s -> assertThat(s.status()).as("%s: %s", s.key(), s.reason()).isEqualTo(InputState.Status.DONE));
      assertThat(store.archive().pending()).isEmpty();
      assertThat(store.archive().segments()).isEmpty();
    }
    try (Duck duck = new Duck(); Stream<Path> walk = Files.walk(archive)) {
      List<Path> parts = walk.filter(p -> p.toString().endsWith(".parquet")).toList();
      for (Path part : parts) {
        assertThat(duck.value("SELECT count(*) FROM read_parquet('" + part + "')")).as("%s is whole", part)
            .isNotNull();
      }
      List<String> ids = duck.rows("SELECT eventId FROM " + Duck.parquet(archive)).stream().map(r -> r.get(0)).toList();
      assertThat(ids).as("no repeats").doesNotHaveDuplicates();
      assertThat(ids).as("nothing lost").containsExactlyInAnyOrderElementsOf(all);
    }
    try (Stream<Path> left = Files.list(staging.resolve("journal"))) {
      assertThat(left.toList()).as("journal emptied").isEmpty();
    }
  }

  private static int flushes(Path log) throws Exception {
    if (!Files.exists(log)) {
      return 0;
    }
    return (int) Files.readAllLines(log).stream().filter(l -> l.contains("archive: flush ")).count();
  }

  private Process child(Path inbox, Path state, Path staging, Path archive, String mode, int round) throws Exception {
    // The child's temporary files in the test's folder: a killed child cannot delete the copy of
    // DuckDB's native library (71 MB) its driver unpacked, and /tmp would keep one per kill.
    Path childTmp = Files.createDirectories(tmp.resolve("child-tmp"));
    return new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Djava.io.tmpdir=" + childTmp, "-cp", System.getProperty("java.class.path"), CrashChild.class.getName(),
        inbox.toString(), state.toString(), staging.toString(), archive.toString(), mode)
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child-" + round + ".log").toFile())
        .start();
  }
}
