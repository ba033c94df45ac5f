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
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * The state in one SQLite file (or in memory), behind {@link StateStore}, {@link InputLedger} and
 * {@link ActionLog}; the {@link Outbox} is {@link SqliteOutbox} and the {@link MetricLog} {@link
 * SqliteMetricLog}, on the same connection.
 *
 * <p>The file runs in WAL mode with {@code synchronous=NORMAL}: a committed write survives the
 * process being killed (what {@code kill -9} needs); after a power loss the last few commits may be
 * lost, which only means some work is done again, never that some is skipped, because every record
 * here only ever <em>suppresses</em> work. The engine's store copies its log back into the file on a
 * thread of its own ({@link SqliteCheckpointer}) and keeps a larger page cache ({@link #CACHE_KIB}):
 * what a commit costs is then its own pages appended to the log.
 *
 * <p>Threading: one connection, every call serialised on this object and run as one short
 * transaction with prepared statements kept for reuse. A failed call rolls back; for a file, the
 * connection is then reopened on the next call, so a store that failed (a full disk, an I/O error)
 * recovers by itself once the cause passes.
 *
 * <p>One class for the input ledger and the action log (past the usual size): a checkpoint writes
 * both in one transaction on the one connection, which is what makes it atomic.
 */
final class SqliteStateStore implements StateStore, InputLedger, ActionLog {
  /** SQLite takes far more bound parameters; this keeps statements small. */
  private static final int CHUNK = 500;
  /**
   * The writer's page cache, in KiB (SQLite's default is 2 MB): the keys of actions, alerts and
   * deliveries are random, so each commit touches pages all over their indexes, and a page not
   * cached is read back from the file. With 32 MB, the indexes of a few hundred thousand matches
   * stay cached (a third fewer reads in bench-sqs); beyond that the cache holds the most used pages.
   */
  static final int CACHE_KIB = 32 * 1024;

  private final String description;
  private final String url;
  private final boolean onDisk;
  private final StateLock lock;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private final SqliteOutbox outbox = new SqliteOutbox(this);
  private final SqliteMetricLog metrics = new SqliteMetricLog(this, outbox);
  private final SqliteArchiveLedger archive = new SqliteArchiveLedger(this);
  /** Copies the write-ahead log into the file off the writers' path; null in memory and for {@link #attach}. */
  private SqliteCheckpointer checkpointer;
  private Connection connection;
  private boolean closed;

  private SqliteStateStore(String description, String url, boolean onDisk, StateLock lock) {
    this.description = description;
    this.url = url;
    this.onDisk = onDisk;
    this.lock = lock;
  }

  static SqliteStateStore open(Path file) {
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
    StateLock lock = StateLock.acquire(absolute);
    try {
      return connect(absolute.toString(), "jdbc:sqlite:" + absolute, true, lock);
    } catch (RuntimeException e) {
      lock.close();
      throw e;
    }
  }

  static SqliteStateStore attach(Path file) {
    Objects.requireNonNull(file, "file");
    Path absolute = file.toAbsolutePath().normalize();
    if (!Files.isRegularFile(absolute)) {
      throw new StateStoreException("state store " + absolute + " does not exist (has cairn run used it yet?)");
    }
    return connect(absolute.toString(), "jdbc:sqlite:" + absolute, true, null);
  }

  static SqliteStateStore inMemory() {
    return connect("in-memory state store", "jdbc:sqlite::memory:", false, null);
  }

  private static SqliteStateStore connect(String description, String url, boolean onDisk, StateLock lock) {
    SqliteStateStore store = new SqliteStateStore(description, url, onDisk, lock);
    try {
      store.connection = store.newConnection();
      Migrations.apply(store.connection, description);
      if (lock != null) {
        store.checkpointer = SqliteCheckpointer.start(description, url);
        store.tuneWriter();
      }
      return store;
    } catch (SQLException e) {
      store.dropConnection();
      throw new StateStoreException("state store " + description + ": cannot open: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      store.dropConnection();
      throw e;
    }
  }

  /** The engine's writing connection: a larger cache, and the log left to the checkpointer. */
  private void tuneWriter() throws SQLException {
    try (Statement s = connection.createStatement()) {
      s.execute("PRAGMA cache_size=-" + CACHE_KIB);
      s.execute(SqliteCheckpointer.writerPragma());
    }
  }

  private Connection newConnection() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=5000");
      if (onDisk) {
        s.execute("PRAGMA journal_mode=WAL");
        s.execute("PRAGMA synchronous=NORMAL");
      }
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    c.setAutoCommit(false);
    return c;
  }

  @Override
  public InputLedger inputs() {
    return this;
  }

  @Override
  public ActionLog actions() {
    return this;
  }

  @Override
  public Outbox outbox() {
    return outbox;
  }

  @Override
  public MetricLog metrics() {
    return metrics;
  }

  @Override
  public ArchiveLedger archive() {
    return archive;
  }

  @Override
  public String describe() {
    return description;
  }

  /** The schema version in the database (for tests and diagnostics). */
  synchronized int schemaVersion() {
    return run("read the schema version", () -> Migrations.version(connection));
  }

  // ---- inputs ---------------------------------------------------------------------------------

  private static final String SELECT_INPUT =
      "SELECT key, version, status, position, interruptions, reason, updated_millis FROM inputs";

  @Override
  public synchronized Optional<InputState> get(String key) {
    Objects.requireNonNull(key, "key");
    return run("read the progress of " + key, () -> select(key));
  }

  private Optional<InputState> select(String key) throws SQLException {
    PreparedStatement p = statement(SELECT_INPUT + " WHERE key = ?");
    p.setString(1, key);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next() ? Optional.of(state(rs)) : Optional.empty();
    }
  }

  @Override
  public synchronized Map<String, InputState> under(String prefix) {
    Objects.requireNonNull(prefix, "prefix");
    return run("read the progress of inputs under " + prefix, () -> {
      Map<String, InputState> found = new TreeMap<>();
      PreparedStatement p = statement(SELECT_INPUT + " WHERE substr(key, 1, ?) = ?");
      p.setInt(1, prefix.length());
      p.setString(2, prefix);
      try (ResultSet rs = p.executeQuery()) {
        while (rs.next()) {
          InputState state = state(rs);
          found.put(state.key(), state);
        }
      }
      return found;
    });
  }

  @Override
  public synchronized InputState begin(String key, Optional<String> version, Instant now) {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(version, "version");
    return run("record that reading " + key + " began", () -> {
      Optional<InputState> prior = select(key);
      InputState next;
      if (prior.isPresent() && prior.get().sameVersion(version)) {
        InputState p = prior.get();
        if (p.finished()) {
          return p;
        }
        int interruptions = p.interruptions() + (p.status() == InputState.Status.STARTED ? 1 : 0);
        next = new InputState(key, version.or(p::version), InputState.Status.STARTED, p.position(), interruptions,
            Optional.empty(), now);
      } else {
        next = InputState.fresh(key, version, now);
      }
      upsert(next);
      return next;
    });
  }

  @Override
  public synchronized void pause(String key, long position, Instant now) {
    run("record that reading " + key + " paused", () -> {
      PreparedStatement p = statement("UPDATE inputs SET status = 'PAUSED', position = ?, updated_millis = ?"
          + " WHERE key = ? AND status = 'STARTED'");
      p.setLong(1, position);
      p.setLong(2, now.toEpochMilli());
      p.setString(3, key);
      p.executeUpdate();
      return null;
    });
  }

  @Override
  public synchronized void fail(String key, Optional<String> version, long position, String reason, Instant now) {
    Objects.requireNonNull(reason, "reason");
    InputState failed = new InputState(key, version, InputState.Status.FAILED, position, 0, Optional.of(reason), now);
    run("record that " + key + " failed", () -> {
      upsert(failed);
      return null;
    });
  }

  @Override
  public synchronized int forget(String prefix, Instant before) {
    return run("forget finished inputs under " + prefix, () -> {
      PreparedStatement p = statement("DELETE FROM inputs WHERE substr(key, 1, ?) = ?"
          + " AND status IN ('DONE', 'FAILED') AND updated_millis < ?");
      p.setInt(1, prefix.length());
      p.setString(2, prefix);
      p.setLong(3, before.toEpochMilli());
      return p.executeUpdate();
    });
  }

  private void upsert(InputState state) throws SQLException {
    PreparedStatement p = statement(
        "INSERT INTO inputs(key, version, status, position, interruptions, reason, updated_millis)"
            + " VALUES(?, ?, ?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET version = excluded.version,"
            + " status = excluded.status, position = excluded.position, interruptions = excluded.interruptions,"
            + " reason = excluded.reason, updated_millis = excluded.updated_millis");
    p.setString(1, state.key());
    p.setString(2, state.version().orElse(null));
    p.setString(3, state.status().name());
    p.setLong(4, state.position());
    p.setInt(5, state.interruptions());
    p.setString(6, state.reason().orElse(null));
    p.setLong(7, state.updated().toEpochMilli());
    p.executeUpdate();
  }

  private static InputState state(ResultSet rs) throws SQLException {
    return new InputState(rs.getString(1), Optional.ofNullable(rs.getString(2)),
        InputState.Status.valueOf(rs.getString(3)), rs.getLong(4), rs.getInt(5), Optional.ofNullable(rs.getString(6)),
        Instant.ofEpochMilli(rs.getLong(7)));
  }

  // ---- checkpoints --------------------------------------------------------------------------

  @Override
  public synchronized void commit(Checkpoint checkpoint) {
    Objects.requireNonNull(checkpoint, "checkpoint");
    run("record progress of " + checkpoint.input().orElse("events acted on"), () -> {
      if (checkpoint.input().isPresent()) {
        // A finished input forgets its interruptions, and so does one whose reading got further: the
        // count is of readings cut short in a row at the same place. An input that kills the process
        // dies before its next checkpoint every time; another input read beside it when the process
        // died (or killed by an operator) moves on, and must not be given up with it.
        PreparedStatement p = statement(
            "INSERT INTO inputs(key, version, status, position, interruptions, reason, updated_millis)"
                + " VALUES(?, ?, ?, ?, 0, NULL, ?) ON CONFLICT(key) DO UPDATE SET"
                + " version = coalesce(excluded.version, version), status = excluded.status,"
                + " position = excluded.position, reason = NULL, updated_millis = excluded.updated_millis,"
                + " interruptions = CASE WHEN excluded.status = 'DONE' OR excluded.position > position THEN 0"
                + " ELSE interruptions END");
        p.setString(1, checkpoint.input().get());
        p.setString(2, checkpoint.version().orElse(null));
        p.setString(3, (checkpoint.done() ? InputState.Status.DONE : InputState.Status.STARTED).name());
        p.setLong(4, checkpoint.position());
        p.setLong(5, checkpoint.at().toEpochMilli());
        p.executeUpdate();
      }
      if (!checkpoint.actionKeys().isEmpty()) {
        PreparedStatement p = statement("INSERT INTO actions(key, expires_millis) VALUES(?, ?)"
            + " ON CONFLICT(key) DO UPDATE SET expires_millis = max(expires_millis, excluded.expires_millis)");
        long expiry = checkpoint.actionsExpire().toEpochMilli();
        for (String key : checkpoint.actionKeys()) {
          p.setString(1, key);
          p.setLong(2, expiry);
          p.addBatch();
        }
        p.executeBatch();
      }
      for (Outbox.NewAlert alert : checkpoint.alerts()) {
        outbox.insert(alert, checkpoint.at());
      }
      metrics.insert(checkpoint.metrics());
      if (checkpoint.archive().isPresent()) {
        archive.mark(checkpoint.archive().get(), checkpoint.at());
      }
      return null;
    });
  }

  // ---- actions ------------------------------------------------------------------------------

  @Override
  public synchronized Set<String> recorded(Collection<String> keys, Instant now) {
    Set<String> wanted = new LinkedHashSet<>(keys);
    if (wanted.isEmpty()) {
      return Set.of();
    }
    return run("look up events acted on", () -> {
      Set<String> found = new HashSet<>();
      List<String> all = new ArrayList<>(wanted);
      for (int from = 0; from < all.size(); from += CHUNK) {
        List<String> chunk = all.subList(from, Math.min(all.size(), from + CHUNK));
        // Matches come a few per batch: statements for small sizes are kept, odd large ones are not.
        boolean keep = chunk.size() <= 16 || chunk.size() == CHUNK;
        PreparedStatement p = keep ? statement(lookup(chunk.size())) : connection.prepareStatement(lookup(chunk.size()));
        try {
          p.setLong(1, now.toEpochMilli());
          for (int i = 0; i < chunk.size(); i++) {
            p.setString(i + 2, chunk.get(i));
          }
          try (ResultSet rs = p.executeQuery()) {
            while (rs.next()) {
              found.add(rs.getString(1));
            }
          }
        } finally {
          if (!keep) {
            p.close();
          }
        }
      }
      return found;
    });
  }

  private static String lookup(int keys) {
    return "SELECT key FROM actions WHERE expires_millis > ? AND key IN (" + "?,".repeat(keys - 1) + "?)";
  }

  @Override
  public synchronized int purgeExpired(Instant now) {
    return run("purge expired action keys", () -> {
      PreparedStatement p = statement("DELETE FROM actions WHERE expires_millis <= ?");
      p.setLong(1, now.toEpochMilli());
      return p.executeUpdate();
    });
  }

  // ---- plumbing -----------------------------------------------------------------------------

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (checkpointer != null) {
        checkpointer.close();
      }
      dropConnection();
    } finally {
      if (lock != null) {
        lock.close();
      }
    }
  }

  @Override
  public String toString() {
    return "StateStore[" + description + "]";
  }

  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement p = statements.get(sql);
    if (p == null) {
      p = connection.prepareStatement(sql);
      statements.put(sql, p);
    }
    return p;
  }

  private void dropConnection() {
    statements.clear();
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Closing a failed connection; the failure was already reported.
      }
      connection = null;
    }
  }

  /** A unit of work on the connection; the caller holds the monitor. */
  interface Work<T> {
    T run() throws SQLException;
  }

  <T> T run(String what, Work<T> work) {
    if (closed) {
      throw new StateStoreException("state store " + description + " is closed; cannot " + what);
    }
    try {
      if (connection == null) {
        connection = newConnection();
        if (checkpointer != null) {
          tuneWriter();
        }
      }
      T result = work.run();
      // Commit reads too: an open read transaction would hold back WAL checkpoints.
      connection.commit();
      if (checkpointer != null) {
        checkpointer.committed();
      }
      return result;
    } catch (SQLException e) {
      recover(e);
      throw new StateStoreException("state store " + description + ": cannot " + what + ": " + e.getMessage(), e);
    }
  }

  /**
   * After a failure: roll back, and for a file start afresh with a new connection on the next call
   * (the old one may be in any state after an I/O error). An in-memory database lives only in its
   * connection, so that one is kept.
   */
  private void recover(SQLException failure) {
    if (connection == null) {
      return;
    }
    try {
      connection.rollback();
    } catch (SQLException suppressed) {
      failure.addSuppressed(suppressed);
    }
    if (onDisk) {
      dropConnection();
    }
  }
}
