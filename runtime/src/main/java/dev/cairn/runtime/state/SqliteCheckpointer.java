package dev.cairn.runtime.state;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Copies a state file's write-ahead log back into the file on a thread of its own, so that the
 * workers' commits only append to the log.
 *
 * <p>Why: left to itself, SQLite copies the log from inside the commit that grows it past 1,000
 * pages, on whichever worker made that commit, while it holds the store's one writing connection:
 * that worker, and every other one that then wants to write, waits for the copy and its two
 * {@code fsync}s. Here the writer's own copying is pushed far back ({@link #WRITER_BACKSTOP_PAGES},
 * for when this thread falls behind) and this thread makes a passive copy (one that never waits for,
 * nor blocks, a writer or a reader) at most every {@link #PAUSE_MILLIS} ms after a transaction
 * was committed — reads too: the store commits every call, and a copy with nothing new to copy only
 * reads the log's header, less than telling reads from writes at every commit would cost. Fewer, larger copies also write a page changed by many commits (the outbox's delivery
 * rows, the tail of a table) once per copy instead of once per 1,000 log pages: in bench-sqs (300k
 * events, 19k alerts; with the writer's larger page cache) 105 {@code fsync}s instead of 326, half the
 * reads and 5 % fewer writes (bench-sqs/README.md, "Durable state").
 *
 * <p>Durability is unchanged: a commit is safe from a killed process once it is in the log, copied or
 * not; after a crash SQLite replays the log on opening.
 *
 * <p>Threading: {@link #committed()} from any thread; the copying thread is a daemon, stopped by {@link
 * #close()}.
 */
final class SqliteCheckpointer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(SqliteCheckpointer.class);
  /** Shortest time between two copies while writes go on. */
  static final long PAUSE_MILLIS = 500;
  /** The writer copies the log itself only once it holds this many pages (40 MB of 4 KB pages). */
  static final int WRITER_BACKSTOP_PAGES = 10_000;

  private final String description;
  private final String url;
  private final AtomicBoolean committed = new AtomicBoolean();
  private final Object signal = new Object();
  private final Thread thread;
  private volatile boolean stopping;

  private SqliteCheckpointer(String description, String url) {
    this.description = description;
    this.url = url;
    this.thread = new Thread(this::loop, "cairn-state-checkpoint");
    this.thread.setDaemon(true);
  }

  /** Starts copying the log of the file at {@code url} in the background. */
  static SqliteCheckpointer start(String description, String url) {
    SqliteCheckpointer checkpointer = new SqliteCheckpointer(description, url);
    checkpointer.thread.start();
    return checkpointer;
  }

  /** The writing connection's pragma that leaves copying to this thread (with a backstop). */
  static String writerPragma() {
    return "PRAGMA wal_autocheckpoint=" + WRITER_BACKSTOP_PAGES;
  }

  /** Tells the thread that a transaction was committed: the log may have grown. */
  void committed() {
    if (!committed.getAndSet(true)) {
      synchronized (signal) {
        signal.notifyAll();
      }
    }
  }

  private void loop() {
    Connection connection = null;
    try {
      while (awaitCommit()) {
        try {
          if (connection == null) {
            connection = DriverManager.getConnection(url);
            try (Statement s = connection.createStatement()) {
              s.execute("PRAGMA busy_timeout=5000");
            }
          }
          try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA wal_checkpoint(PASSIVE)")) {
            rs.next();
          }
        } catch (SQLException e) {
          // The writer's backstop copies the log meanwhile; a failing store is reported by its callers.
          LOG.debug("state store {}: copying the write-ahead log failed; trying again later", description, e);
          connection = close(connection);
        }
        TimeUnit.MILLISECONDS.sleep(PAUSE_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      close(connection);
    }
  }

  /** Waits until a transaction was committed; false once stopping. */
  private boolean awaitCommit() throws InterruptedException {
    synchronized (signal) {
      while (!committed.get() && !stopping) {
        signal.wait();
      }
    }
    committed.set(false);
    return !stopping;
  }

  private static Connection close(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // Nothing to do: the next copy opens a new connection.
      }
    }
    return null;
  }

  /** Stops the thread and waits for a copy in progress to end (closing the store copies what is left). */
  @Override
  public void close() {
    stopping = true;
    synchronized (signal) {
      signal.notifyAll();
    }
    thread.interrupt();
    try {
      thread.join(TimeUnit.SECONDS.toMillis(10));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
