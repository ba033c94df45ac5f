package dev.cairn.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StateStoreTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void createsFileParentsSchemaAndWal() throws Exception {
    Path file = dir.resolve("a/b/state.db");
    try (StateStore store = StateStore.open(file)) {
      assertThat(store.schemaVersion()).isEqualTo(StateStore.SCHEMA_VERSION);
    }
    assertThat(file).exists();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file);
        Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("PRAGMA journal_mode")) {
        rs.next();
        assertThat(rs.getString(1)).isEqualTo("wal");
      }
      List<String> tables = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")) {
        while (rs.next()) {
          tables.add(rs.getString(1));
        }
      }
      assertThat(tables).containsExactly("dedup", "file_progress", "kv", "schema_version");
    }
  }

  @Test
  void reopeningKeepsTheSchemaAndData() {
    Path file = dir.resolve("state.db");
    try (StateStore store = StateStore.open(file)) {
      store.markHandled(List.of("e1", "e2"), T0.plus(Duration.ofHours(24)));
      store.recordFile(FileProgress.done("/x/y", 10, 1234));
      store.put("alarm", "root-login", "ALARM");
    }
    try (StateStore store = StateStore.open(file)) {
      assertThat(store.schemaVersion()).isEqualTo(1);
      assertThat(store.filterUnseen(List.of("e1", "e2", "e3"), T0)).containsExactly("e3");
      assertThat(store.fileProgress("/x/y")).contains(FileProgress.done("/x/y", 10, 1234));
      assertThat(store.get("alarm", "root-login")).contains("ALARM");
    }
  }

  @Test
  void refusesASchemaFromANewerVersion() throws Exception {
    Path file = dir.resolve("state.db");
    StateStore.open(file).close();
    try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
      s.execute("UPDATE schema_version SET version = 7");
    }
    assertThatThrownBy(() -> StateStore.open(file))
        .isInstanceOf(StateStoreException.class)
        .hasMessage("state store " + file.toAbsolutePath().normalize() + " has schema version 7, written by a newer Cairn;"
            + " this version understands schema version 1 at most. Upgrade Cairn or point it at another state file.");
  }

  @Test
  void refusesAFileThatIsNotADatabase() throws Exception {
    Path file = dir.resolve("state.db");
    Files.writeString(file, "this is not sqlite, just some text that is long enough to have a header......");
    assertThatThrownBy(() -> StateStore.open(file)).isInstanceOf(StateStoreException.class)
        .hasMessageStartingWith("state store " + file.toAbsolutePath().normalize() + ": cannot initialise:");
  }

  @Test
  void dedupWindowExpires() {
    try (StateStore store = StateStore.inMemory()) {
      store.markHandled(List.of("a", "b"), T0.plusSeconds(60));
      assertThat(store.filterUnseen(List.of("a", "b", "c", "a"), T0)).containsExactly("c");
      assertThat(store.filterUnseen(List.of("a", "c"), T0.plusSeconds(59))).containsExactly("c");
      // Expired at its expiry instant: seen again as new.
      assertThat(store.filterUnseen(List.of("a", "b", "c"), T0.plusSeconds(60))).containsExactly("a", "b", "c");
    }
  }

  @Test
  void markingAgainKeepsTheLaterExpiry() {
    try (StateStore store = StateStore.inMemory()) {
      store.markHandled(List.of("a"), T0.plusSeconds(100));
      store.markHandled(List.of("a"), T0.plusSeconds(10));
      assertThat(store.filterUnseen(List.of("a"), T0.plusSeconds(50))).isEmpty();
      store.markHandled(List.of("a"), T0.plusSeconds(200));
      assertThat(store.filterUnseen(List.of("a"), T0.plusSeconds(150))).isEmpty();
    }
  }

  @Test
  void purgeDeletesOnlyExpiredRows() {
    try (StateStore store = StateStore.inMemory()) {
      store.markHandled(List.of("old1", "old2"), T0.plusSeconds(10));
      store.markHandled(List.of("new"), T0.plusSeconds(100));
      assertThat(store.purgeExpired(T0.plusSeconds(10))).isEqualTo(2);
      assertThat(store.dedupRows()).isEqualTo(1);
      assertThat(store.filterUnseen(List.of("new"), T0.plusSeconds(10))).isEmpty();
    }
  }

  @Test
  void handlesMoreIdsThanOneStatementTakes() {
    try (StateStore store = StateStore.inMemory()) {
      List<String> ids = IntStream.range(0, 1_234).mapToObj(i -> "id-" + i).toList();
      store.markHandled(ids.subList(0, 1_000), T0.plusSeconds(10));
      assertThat(store.filterUnseen(ids, T0)).isEqualTo(ids.subList(1_000, 1_234));
    }
  }

  @Test
  void fileProgressRecordsDoneAndFailedAndIsFoundByPrefix() {
    try (StateStore store = StateStore.inMemory()) {
      store.recordFile(FileProgress.done("/in/a", 1, 2));
      store.recordFile(FileProgress.failed("/in/sub/b", 3, 4, "line 1: invalid JSON"));
      store.recordFile(FileProgress.done("/other/c", 5, 6));
      assertThat(store.fileProgressUnder("/in/")).containsOnlyKeys("/in/a", "/in/sub/b");
      assertThat(store.fileProgress("/in/sub/b")).contains(
          new FileProgress("/in/sub/b", 3, 4, FileProgress.Status.FAILED, Optional.of("line 1: invalid JSON")));
      store.recordFile(FileProgress.done("/in/sub/b", 7, 8));
      assertThat(store.fileProgress("/in/sub/b")).contains(FileProgress.done("/in/sub/b", 7, 8));
      assertThat(store.fileProgress("/nope")).isEmpty();
    }
  }

  @Test
  void keyValueTable() {
    try (StateStore store = StateStore.inMemory()) {
      assertThat(store.putIfAbsent("outbox", "1", "a")).isTrue();
      assertThat(store.putIfAbsent("outbox", "1", "b")).isFalse();
      store.put("outbox", "2", "c");
      store.put("alarm", "1", "OK");
      assertThat(store.entries("outbox")).containsExactly(java.util.Map.entry("1", "a"), java.util.Map.entry("2", "c"));
      assertThat(store.remove("outbox", "1")).isTrue();
      assertThat(store.remove("outbox", "1")).isFalse();
      assertThat(store.get("outbox", "1")).isEmpty();
      assertThat(store.get("alarm", "1")).contains("OK");
    }
  }

  @Test
  void closedStoreFailsWithAClearMessage() {
    StateStore store = StateStore.inMemory();
    store.close();
    store.close();
    assertThatThrownBy(() -> store.get("a", "b")).isInstanceOf(StateStoreException.class)
        .hasMessage("state store in-memory state store is closed; cannot read a/b");
  }

  @Test
  void isSafeToUseFromManyThreads() throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try (StateStore store = StateStore.open(dir.resolve("state.db"))) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            List<String> ids = List.of("t" + thread + "-" + i, "shared-" + i);
            store.filterUnseen(ids, T0);
            store.markHandled(ids, T0.plusSeconds(60));
          }
        }));
      }
      for (Future<?> f : futures) {
        f.get();
      }
      assertThat(store.dedupRows()).isEqualTo(8 * 50 + 50);
    } finally {
      pool.shutdownNow();
    }
  }
}
