package dev.cairn.runtime.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;

/**
 * A second connection to a state file, for the lookups the workers make on every input and batch
 * (an input's record, the action keys of a batch's matches).
 *
 * <p>Why: the store's one writing connection is serialised, and a commit holds it for its writes
 * to the write-ahead log and, now and then, for copying that log back into the file. In WAL mode a
 * reader neither waits for the writer nor blocks it, so lookups on their own connection no longer
 * queue behind another worker's commit. Each lookup is its own read transaction, ended at once (an
 * open one would hold back copying the log), and so sees every commit that finished before it began:
 * a key committed by one worker is found by the next lookup of any other.
 *
 * <p>Only for a file: an in-memory database lives in its one connection, which then serves reads too.
 *
 * <p>Threading: every call serialised on this object (one connection), independently of the writer.
 * A failed call drops the connection; the next one opens a new one.
 */
final class SqliteReads implements AutoCloseable {
  private final String description;
  private final String url;
  private final Map<String, PreparedStatement> statements = new HashMap<>();
  private Connection connection;
  private boolean closed;

  SqliteReads(String description, String url) {
    this.description = description;
    this.url = url;
  }

  /** Runs {@code work} as one read transaction; {@code work} prepares through {@link #statement}. */
  synchronized <T> T run(String what, SqliteStateStore.Work<T> work) {
    if (closed) {
      throw new StateStoreException("state store " + description + " is closed; cannot " + what);
    }
    try {
      if (connection == null) {
        connection = open();
      }
      T result = work.run();
      connection.commit();
      return result;
    } catch (SQLException e) {
      drop();
      throw new StateStoreException("state store " + description + ": cannot " + what + ": " + e.getMessage(), e);
    }
  }

  /** A statement kept for reuse; only inside {@link #run}. */
  PreparedStatement statement(String sql) throws SQLException {
    PreparedStatement p = statements.get(sql);
    if (p == null) {
      p = connection.prepareStatement(sql);
      statements.put(sql, p);
    }
    return p;
  }

  /** A statement used once, closed by the caller; only inside {@link #run}. */
  PreparedStatement oneOff(String sql) throws SQLException {
    return connection.prepareStatement(sql);
  }

  private Connection open() throws SQLException {
    Connection c = DriverManager.getConnection(url);
    try (Statement s = c.createStatement()) {
      s.execute("PRAGMA busy_timeout=5000");
      s.execute("PRAGMA query_only=true");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    c.setAutoCommit(false);
    return c;
  }

  private void drop() {
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

  @Override
  public synchronized void close() {
    closed = true;
    drop();
  }
}
