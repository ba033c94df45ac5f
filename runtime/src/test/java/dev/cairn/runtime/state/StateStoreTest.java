package dev.cairn.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.runtime.state.InputState.Status;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");
  private static final Optional<String> V1 = Optional.of("etag-1");

  @TempDir Path dir;

  private static Checkpoint at(String key, long position, boolean done, String... actions) {
    return new Checkpoint(Optional.of(key), V1, position, done, List.of(actions), T0.plus(Duration.ofHours(24)), T0);
  }

  @Test
  void createsFileParentsSchemaAndWal() throws Exception {
    Path file = dir.resolve("a/b/state.db");
    try (StateStore store = StateStore.open(file)) {
      assertThat(((SqliteStateStore) store).schemaVersion()).isEqualTo(Migrations.LATEST);
    }
    assertThat(file).exists();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA journal_mode")).isEqualTo("wal");
      assertThat(single(s, "PRAGMA user_version")).isEqualTo(Integer.toString(Migrations.LATEST));
      assertThat(tables(s)).containsExactly("actions", "alarm_states", "alert_groups", "alerts", "archive_flushes",
          "archive_meta", "archive_segments", "deliveries", "inputs", "metric_data", "metric_samples");
    }
  }

  @Test
  void reopeningKeepsTheData() {
    Path file = dir.resolve("state.db");
    try (StateStore store = StateStore.open(file)) {
      store.inputs().begin("s3://b/k", V1, T0);
      store.commit(at("s3://b/k", 40, false, "rule:e1"));
    }
    try (StateStore store = StateStore.open(file)) {
      assertThat(store.inputs().get("s3://b/k")).get().satisfies(s -> {
        assertThat(s.status()).isEqualTo(Status.STARTED);
        assertThat(s.position()).isEqualTo(40);
        assertThat(s.version()).isEqualTo(V1);
      });
      assertThat(store.actions().recorded(List.of("rule:e1", "rule:e2"), T0)).containsExactly("rule:e1");
    }
  }

  @Test
  void upgradesAFileOfTheFirstReleaseKeepingFolderProgress() throws Exception {
    Path file = dir.resolve("old.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version(version INTEGER NOT NULL)");
      s.execute("INSERT INTO schema_version VALUES(1)");
      s.execute("CREATE TABLE dedup(event_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
      s.execute("CREATE TABLE file_progress(path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
          + " modified_millis INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT)");
      s.execute("CREATE TABLE kv(namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL, PRIMARY KEY(namespace, key))");
      s.execute("INSERT INTO dedup VALUES('e1', 99999999999999)");
      s.execute("INSERT INTO file_progress VALUES('/in/a.json', 10, 1234, 'DONE', NULL)");
      s.execute("INSERT INTO file_progress VALUES('/in/b.json', 20, 5678, 'FAILED', 'invalid JSON at line 1')");
    }
    try (StateStore store = StateStore.open(file)) {
      assertThat(store.inputs().under("/in/")).hasSize(2);
      InputState a = store.inputs().get("/in/a.json").orElseThrow();
      assertThat(a.status()).isEqualTo(Status.DONE);
      assertThat(a.version()).contains("10:1234");
      InputState b = store.inputs().get("/in/b.json").orElseThrow();
      assertThat(b.status()).isEqualTo(Status.FAILED);
      assertThat(b.reason()).contains("invalid JSON at line 1");
      assertThat(store.inputs().begin("/in/a.json", Optional.of("10:1234"), T0).status())
          .as("a finished file is still finished").isEqualTo(Status.DONE);
    }
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      assertThat(single(s, "PRAGMA user_version")).isEqualTo(Integer.toString(Migrations.LATEST));
      assertThat(tables(s)).containsExactly("actions", "alarm_states", "alert_groups", "alerts", "archive_flushes",
          "archive_meta", "archive_segments", "deliveries", "inputs", "metric_data", "metric_samples");
    }
  }

  @Test
  void refusesASchemaFromANewerVersionLeavingTheFileAlone() throws Exception {
    Path file = dir.resolve("future.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("PRAGMA user_version = 99");
    }
    assertThatThrownBy(() -> StateStore.open(file))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("schema version 99")
        .hasMessageContaining("understands schema version " + Migrations.LATEST);
    Path legacy = dir.resolve("legacy-future.db");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE schema_version(version INTEGER NOT NULL)");
      s.execute("INSERT INTO schema_version VALUES(7)");
    }
    assertThatThrownBy(() -> StateStore.open(legacy)).hasMessageContaining("schema version 7");
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + legacy); Statement s = c.createStatement()) {
      assertThat(tables(s)).containsExactly("schema_version");
    }
  }

  @Test
  void refusesAFileThatIsNotADatabase() throws Exception {
    Path file = dir.resolve("not.db");
    Files.writeString(file, "this is not a database, it is a text file that is long enough to have a header");
    assertThatThrownBy(() -> StateStore.open(file)).isInstanceOf(StateStoreException.class).hasMessageContaining(file.toString());
  }

  @Test
  void aSecondStoreOnTheSameFileIsRefusedUntilTheFirstCloses() {
    Path file = dir.resolve("state.db");
    StateStore first = StateStore.open(file);
    assertThatThrownBy(() -> StateStore.open(file))
        .isInstanceOf(StateLockedException.class)
        .hasMessageContaining("is in use by pid " + ProcessHandle.current().pid() + " on host ");
    first.close();
    StateStore.open(file).close();
  }

  @Test
  void beginResumesAtTheLastCheckpointAndCountsInterruptions() {
    try (StateStore store = StateStore.inMemory()) {
      InputLedger inputs = store.inputs();
      InputState fresh = inputs.begin("s3://b/k", V1, T0);
      assertThat(fresh.status()).isEqualTo(Status.STARTED);
      assertThat(fresh.position()).isZero();
      assertThat(fresh.interruptions()).isZero();

      store.commit(at("s3://b/k", 300, false));
      InputState afterCrash = inputs.begin("s3://b/k", V1, T0);
      assertThat(afterCrash.position()).as("resumes after the checkpoint").isEqualTo(300);
      assertThat(afterCrash.interruptions()).as("the first reader never ended").isEqualTo(1);

      inputs.pause("s3://b/k", 350, T0);
      InputState afterStop = inputs.begin("s3://b/k", V1, T0);
      assertThat(afterStop.position()).isEqualTo(350);
      assertThat(afterStop.interruptions()).as("a pause is not an interruption").isEqualTo(1);

      InputState noVersion = inputs.begin("s3://b/k", Optional.empty(), T0);
      assertThat(noVersion.position()).as("a key without a version is the same object").isEqualTo(350);
      assertThat(noVersion.version()).contains("etag-1");

      store.commit(at("s3://b/k", 500, true));
      InputState done = inputs.begin("s3://b/k", V1, T0);
      assertThat(done.status()).isEqualTo(Status.DONE);
      assertThat(done.interruptions()).isZero();
      assertThat(inputs.get("s3://b/k")).contains(done);

      InputState changed = inputs.begin("s3://b/k", Optional.of("etag-2"), T0);
      assertThat(changed.status()).as("another version starts afresh").isEqualTo(Status.STARTED);
      assertThat(changed.position()).isZero();
    }
  }

  @Test
  void onlyReadingsCutShortWithoutGettingFurtherCountInARow() {
    try (StateStore store = StateStore.inMemory()) {
      InputLedger inputs = store.inputs();
      inputs.begin("s3://b/k", V1, T0);
      store.commit(at("s3://b/k", 100, false));
      inputs.begin("s3://b/k", V1, T0); // the process died after the checkpoint at 100
      assertThat(inputs.begin("s3://b/k", V1, T0).interruptions()).as("died twice at 100").isEqualTo(2);

      store.commit(at("s3://b/k", 100, false));
      assertThat(inputs.begin("s3://b/k", V1, T0).interruptions()).as("a checkpoint at the same place")
          .isEqualTo(3);

      store.commit(at("s3://b/k", 200, false));
      assertThat(inputs.begin("s3://b/k", V1, T0).interruptions())
          .as("it got further, so it is not what kills the process").isEqualTo(1);
    }
  }

  @Test
  void aFailedInputIsRefusedUntilItsVersionChanges() {
    try (StateStore store = StateStore.inMemory()) {
      store.inputs().fail("/in/x", Optional.of("3:7"), 12, "corrupt gzip", T0);
      InputState again = store.inputs().begin("/in/x", Optional.of("3:7"), T0);
      assertThat(again.status()).isEqualTo(Status.FAILED);
      assertThat(again.reason()).contains("corrupt gzip");
      assertThat(store.inputs().begin("/in/x", Optional.of("4:9"), T0).status()).isEqualTo(Status.STARTED);
    }
  }

  @Test
  void actionKeysExpireKeepTheLaterExpiryAndArePurged() {
    try (StateStore store = StateStore.inMemory()) {
      Instant early = T0.plus(Duration.ofHours(1));
      Instant late = T0.plus(Duration.ofHours(5));
      store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, List.of("a", "b"), early, T0));
      store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, List.of("b"), late, T0));
      store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, List.of("a"), T0, T0));
      assertThat(store.actions().recorded(List.of("a", "b", "c"), T0)).containsExactlyInAnyOrder("a", "b");
      assertThat(store.actions().recorded(List.of("a", "b"), early)).containsExactly("b");
      assertThat(store.actions().purgeExpired(early)).isEqualTo(1);
      assertThat(store.actions().recorded(List.of("a", "b"), T0)).containsExactly("b");
    }
  }

  @Test
  void looksUpMoreKeysThanOneStatementTakes() {
    try (StateStore store = StateStore.inMemory()) {
      List<String> keys = IntStream.range(0, 1234).mapToObj(i -> "k" + i).toList();
      store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, keys.subList(0, 1001),
          T0.plusSeconds(60), T0));
      assertThat(store.actions().recorded(keys, T0)).hasSize(1001);
    }
  }

  @Test
  void forgetsOnlyFinishedRecordsUnderThePrefixOlderThanTheCutoff() {
    try (StateStore store = StateStore.inMemory()) {
      store.inputs().begin("s3://b/old-done", V1, T0);
      store.commit(at("s3://b/old-done", 5, true));
      store.inputs().fail("s3://b/old-failed", V1, 0, "bad", T0);
      store.inputs().begin("s3://b/old-started", V1, T0);
      store.inputs().fail("/in/old-file", V1, 0, "bad", T0);
      Instant later = T0.plus(Duration.ofDays(20));
      store.inputs().fail("s3://b/new-failed", V1, 0, "bad", later);

      assertThat(store.inputs().forget("s3://", T0.plus(Duration.ofDays(15)))).isEqualTo(2);
      assertThat(store.inputs().under("s3://").keySet()).containsExactly("s3://b/new-failed", "s3://b/old-started");
      assertThat(store.inputs().get("/in/old-file")).isPresent();
    }
  }

  @Test
  void closedStoreFailsWithAClearMessage() {
    StateStore store = StateStore.open(dir.resolve("state.db"));
    store.close();
    store.close(); // idempotent
    assertThatThrownBy(() -> store.inputs().get("x"))
        .isInstanceOf(StateStoreException.class)
        .hasMessageContaining("is closed");
  }

  @Test
  void isSafeToUseFromManyThreads() throws Exception {
    try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
      ExecutorService pool = Executors.newFixedThreadPool(8);
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 100; i++) {
            String key = "s3://b/t" + thread + "-" + i;
            store.inputs().begin(key, V1, T0);
            store.commit(at(key, 10, true, key + "#action"));
            assertThat(store.actions().recorded(List.of(key + "#action"), T0)).containsExactly(key + "#action");
            assertThat(store.inputs().get(key)).get().extracting(InputState::status).isEqualTo(Status.DONE);
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      pool.shutdown();
      assertThat(store.inputs().under("s3://b/")).hasSize(800)
          .allSatisfy((key, state) -> assertThat(state.status()).isEqualTo(Status.DONE));
    }
  }

  @Test
  void theWriteAheadLogIsCopiedIntoTheFileInTheBackground() throws Exception {
    Path file = dir.resolve("state.db");
    try (StateStore store = StateStore.open(file)) {
      store.commit(at("s3://b/k", 10, true, "rule:e1"));
      // The main file alone (without its log) holds the commit once the log was copied into it.
      Path copy = dir.resolve("copy.db");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!holdsInput(file, copy, "s3://b/k")) {
        assertThat(System.nanoTime()).as("log copied into the file within 30 s").isLessThan(deadline);
        TimeUnit.MILLISECONDS.sleep(10);
      }
    }
  }

  private static boolean holdsInput(Path file, Path copy, String key) throws Exception {
    Files.copy(file, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    Files.deleteIfExists(Path.of(copy + "-wal"));
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + copy); Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT count(*) FROM inputs WHERE key = '" + key + "'")) {
      return rs.next() && rs.getInt(1) == 1;
    } catch (java.sql.SQLException e) {
      return false; // copied in the middle of a write
    }
  }

  private static String single(Statement s, String sql) throws Exception {
    try (ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }

  private static List<String> tables(Statement s) throws Exception {
    List<String> tables = new ArrayList<>();
    try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
      while (rs.next()) {
        tables.add(rs.getString(1));
      }
    }
    return tables;
  }
}
