package dev.cairn.runtime.state;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * Cairn's embedded state: one SQLite file holding the dedup window, folder progress and a small
 * key/value table for later features (alert outbox, alarm state).
 *
 * <p>The file and its parent directories are created on first use. The database runs in WAL mode
 * with {@code synchronous=NORMAL}: a committed write survives the process being killed (the
 * guarantee {@code kill -9} needs); after a power loss the last few commits may be lost, which only
 * means some events are handled again, never that one is missed, because every record here only
 * ever <em>suppresses</em> work.
 *
 * <p>The schema is versioned in a {@code schema_version} table; a file written by a newer Cairn is
 * refused with a message naming both versions rather than being misread.
 *
 * <p>Thread-safety: every method may be called from any thread. Calls are serialised on one
 * connection; each is a short transaction, so callers block for milliseconds at most (or up to the
 * 5 s busy timeout if another process holds the file).
 */
public final class StateStore implements AutoCloseable {

  /** The schema version this code writes and understands. */
  public static final int SCHEMA_VERSION = 1;

  /** SQLite's limit on bound parameters is far higher; this keeps statements small. */
  private static final int CHUNK = 500;

  private final String description;
  private final Connection connection;
  private boolean closed;

  private StateStore(String description, Connection connection) {
    this.description = description;
    this.connection = connection;
  }

  /**
   * Opens (creating if needed) the store in {@code file}.
   *
   * @throws StateStoreException when the file cannot be created or opened, is not a Cairn state
   *     store, or was written by a newer version
   */
  public static StateStore open(Path file) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath().normalize();
    try {
      Path parent = absolute.getParent();
      if (parent != null) {
        Files.createDirectories(parent);
      }
    } catch (IOException e) {
      throw new StateStoreException("state store " + absolute + ": cannot create its directory: " + e, e);
    }
    return connect(absolute.toString(), "jdbc:sqlite:" + absolute, true);
  }

  /** A store that lives in memory and is gone when closed: for library users that need no restarts, and tests. */
  public static StateStore inMemory() {
    return connect("in-memory state store", "jdbc:sqlite::memory:", false);
  }

  private static StateStore connect(String description, String url, boolean onDisk) {
    Connection connection;
    try {
      connection = DriverManager.getConnection(url);
    } catch (SQLException e) {
      throw new StateStoreException("state store " + description + ": cannot open: " + e.getMessage(), e);
    }
    StateStore store = new StateStore(description, connection);
    try {
      store.initialise(onDisk);
      return store;
    } catch (SQLException e) {
      store.closeQuietly();
      throw new StateStoreException("state store " + description + ": cannot initialise: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      store.closeQuietly();
      throw e;
    }
  }

  private void initialise(boolean onDisk) throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA busy_timeout=5000");
      if (onDisk) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
      }
      s.execute("CREATE TABLE IF NOT EXISTS schema_version(version INTEGER NOT NULL)");
    }
    connection.setAutoCommit(false);
    try {
      int found = readVersion();
      if (found > SCHEMA_VERSION) {
        throw new StateStoreException("state store " + description + " has schema version " + found
            + ", written by a newer Cairn; this version understands schema version " + SCHEMA_VERSION
            + " at most. Upgrade Cairn or point it at another state file.");
      }
      if (found < 1) {
        try (Statement s = connection.createStatement()) {
          s.execute("CREATE TABLE dedup(event_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)");
          s.execute("CREATE INDEX dedup_expiry ON dedup(expires_at)");
          s.execute("CREATE TABLE file_progress(path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
              + " modified_millis INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT)");
          s.execute("CREATE TABLE kv(namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
              + " PRIMARY KEY(namespace, key))");
          s.execute("DELETE FROM schema_version");
          s.execute("INSERT INTO schema_version(version) VALUES(" + SCHEMA_VERSION + ")");
        }
      }
      connection.commit();
    } catch (SQLException | RuntimeException e) {
      connection.rollback();
      throw e;
    }
  }

  private int readVersion() throws SQLException {
    try (Statement s = connection.createStatement();
        ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
      return rs.next() ? rs.getInt(1) : 0;
    }
  }

  /** The schema version stored in the file. */
  public synchronized int schemaVersion() {
    return run("read the schema version", this::readVersion);
  }

  // ---- dedup window -------------------------------------------------------------------------

  /**
   * The ids, in the given order and without repeats, that were not handled within the window: no
   * record exists for them, or their record expired at or before {@code now}.
   */
  public synchronized List<String> filterUnseen(Collection<String> eventIds, Instant now) {
    Set<String> wanted = new LinkedHashSet<>(eventIds);
    if (wanted.isEmpty()) {
      return List.of();
    }
    long nowMillis = now.toEpochMilli();
    return run("look up handled event ids", () -> {
      Set<String> seen = new HashSet<>();
      List<String> all = new ArrayList<>(wanted);
      for (int from = 0; from < all.size(); from += CHUNK) {
        List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
        String sql = "SELECT event_id FROM dedup WHERE expires_at > ? AND event_id IN ("
            + "?,".repeat(chunk.size() - 1) + "?)";
        try (PreparedStatement p = connection.prepareStatement(sql)) {
          p.setLong(1, nowMillis);
          for (int i = 0; i < chunk.size(); i++) {
            p.setString(i + 2, chunk.get(i));
          }
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              seen.add(rs.getString(1));
            }
          }
        }
      }
      List<String> unseen = new ArrayList<>(wanted.size() - seen.size());
      for (String id : wanted) {
        if (!seen.contains(id)) {
          unseen.add(id);
        }
      }
      return unseen;
    });
  }

  /**
   * Records the ids as handled until {@code expiresAt}, in one transaction. An id already recorded
   * keeps the later of its two expiries.
   */
  public synchronized void markHandled(Collection<String> eventIds, Instant expiresAt) {
    if (eventIds.isEmpty()) {
      return;
    }
    long expiry = expiresAt.toEpochMilli();
    run("record handled event ids", () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "INSERT INTO dedup(event_id, expires_at) VALUES(?, ?)"
              + " ON CONFLICT(event_id) DO UPDATE SET expires_at = max(expires_at, excluded.expires_at)")) {
        for (String id : eventIds) {
          p.setString(1, id);
          p.setLong(2, expiry);
          p.addBatch();
        }
        p.executeBatch();
      }
      return null;
    });
  }

  /** Deletes dedup records that expired at or before {@code now}; returns how many. */
  public synchronized int purgeExpired(Instant now) {
    return run("purge expired event ids", () -> {
      int deleted;
      try (PreparedStatement p = connection.prepareStatement("DELETE FROM dedup WHERE expires_at <= ?")) {
        p.setLong(1, now.toEpochMilli());
        deleted = p.executeUpdate();
      }
      return deleted;
    });
  }

  // ---- folder progress ----------------------------------------------------------------------

  /** What is recorded for {@code path}, if anything. */
  public synchronized Optional<FileProgress> fileProgress(String path) {
    return run("read progress of " + path, () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT path, size, modified_millis, status, reason FROM file_progress WHERE path = ?")) {
        p.setString(1, path);
        try (ResultSet rs = p.executeQuery()) {
          Optional<FileProgress> found = rs.next() ? Optional.of(progress(rs)) : Optional.empty();
          return found;
        }
      }
    });
  }

  /** Every file progress record whose path starts with {@code prefix} (e.g. a folder), by path. */
  public synchronized Map<String, FileProgress> fileProgressUnder(String prefix) {
    return run("read folder progress under " + prefix, () -> {
      Map<String, FileProgress> found = new TreeMap<>();
      try (PreparedStatement p = connection.prepareStatement(
          "SELECT path, size, modified_millis, status, reason FROM file_progress WHERE substr(path, 1, ?) = ?")) {
        p.setInt(1, prefix.length());
        p.setString(2, prefix);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            FileProgress progress = progress(rs);
            found.put(progress.path(), progress);
          }
        }
      }
      return found;
    });
  }

  /** Records (replacing) what is known about a file. */
  public synchronized void recordFile(FileProgress progress) {
    run("record progress of " + progress.path(), () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "INSERT INTO file_progress(path, size, modified_millis, status, reason) VALUES(?, ?, ?, ?, ?)"
              + " ON CONFLICT(path) DO UPDATE SET size = excluded.size, modified_millis = excluded.modified_millis,"
              + " status = excluded.status, reason = excluded.reason")) {
        p.setString(1, progress.path());
        p.setLong(2, progress.size());
        p.setLong(3, progress.modifiedMillis());
        p.setString(4, progress.status().name());
        p.setString(5, progress.reason().orElse(null));
        p.executeUpdate();
      }
      return null;
    });
  }

  private static FileProgress progress(ResultSet rs) throws SQLException {
    return new FileProgress(rs.getString(1), rs.getLong(2), rs.getLong(3),
        FileProgress.Status.valueOf(rs.getString(4)), Optional.ofNullable(rs.getString(5)));
  }

  // ---- key/value ----------------------------------------------------------------------------

  /** The value stored under {@code namespace}/{@code key}, if any. */
  public synchronized Optional<String> get(String namespace, String key) {
    return run("read " + namespace + "/" + key, () -> {
      try (PreparedStatement p = connection.prepareStatement("SELECT value FROM kv WHERE namespace = ? AND key = ?")) {
        p.setString(1, namespace);
        p.setString(2, key);
        try (ResultSet rs = p.executeQuery()) {
          Optional<String> found = rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
          return found;
        }
      }
    });
  }

  /** Stores {@code value} under {@code namespace}/{@code key}, replacing any previous value. */
  public synchronized void put(String namespace, String key, String value) {
    Objects.requireNonNull(value, "value");
    run("write " + namespace + "/" + key, () -> {
      try (PreparedStatement p = connection.prepareStatement(
          "INSERT INTO kv(namespace, key, value) VALUES(?, ?, ?) ON CONFLICT(namespace, key) DO UPDATE SET value = excluded.value")) {
        p.setString(1, namespace);
        p.setString(2, key);
        p.setString(3, value);
        p.executeUpdate();
      }
      return null;
    });
  }

  /** Stores {@code value} only if the key is absent; true when it was stored. */
  public synchronized boolean putIfAbsent(String namespace, String key, String value) {
    Objects.requireNonNull(value, "value");
    return run("write " + namespace + "/" + key, () -> {
      int inserted;
      try (PreparedStatement p = connection.prepareStatement(
          "INSERT INTO kv(namespace, key, value) VALUES(?, ?, ?) ON CONFLICT(namespace, key) DO NOTHING")) {
        p.setString(1, namespace);
        p.setString(2, key);
        p.setString(3, value);
        inserted = p.executeUpdate();
      }
      return inserted == 1;
    });
  }

  /** Removes {@code namespace}/{@code key}; true when it existed. */
  public synchronized boolean remove(String namespace, String key) {
    return run("delete " + namespace + "/" + key, () -> {
      int deleted;
      try (PreparedStatement p = connection.prepareStatement("DELETE FROM kv WHERE namespace = ? AND key = ?")) {
        p.setString(1, namespace);
        p.setString(2, key);
        deleted = p.executeUpdate();
      }
      return deleted == 1;
    });
  }

  /** Every entry of {@code namespace}, by key. */
  public synchronized Map<String, String> entries(String namespace) {
    return run("read " + namespace, () -> {
      Map<String, String> found = new TreeMap<>();
      try (PreparedStatement p = connection.prepareStatement("SELECT key, value FROM kv WHERE namespace = ?")) {
        p.setString(1, namespace);
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            found.put(rs.getString(1), rs.getString(2));
          }
        }
      }
      return found;
    });
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  /** Closes the connection (checkpointing the WAL). Idempotent; later calls on the store fail. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StateStoreException("state store " + description + ": cannot close: " + e.getMessage(), e);
    }
  }

  @Override
  public String toString() {
    return "StateStore[" + description + "]";
  }

  private void closeQuietly() {
    try {
      connection.close();
    } catch (SQLException ignored) {
      // Already failing with a better message.
    }
  }

  /** A unit of work on the connection; the caller holds the monitor. */
  private interface Work<T> {
    T run() throws SQLException;
  }

  private <T> T run(String what, Work<T> work) {
    if (closed) {
      throw new StateStoreException("state store " + description + " is closed; cannot " + what);
    }
    try {
      T result = work.run();
      // Commit reads too: an open read transaction would stop WAL checkpoints.
      connection.commit();
      return result;
    } catch (SQLException e) {
      try {
        connection.rollback();
      } catch (SQLException suppressed) {
        e.addSuppressed(suppressed);
      }
      throw new StateStoreException("state store " + description + ": cannot " + what + ": " + e.getMessage(), e);
    }
  }

  /** For tests: how many dedup rows exist, expired or not. */
  synchronized int dedupRows() {
    return run("count dedup rows", () -> {
      try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM dedup")) {
        rs.next();
        int n = rs.getInt(1);
        return n;
      }
    });
  }
}
