package dev.cairn.runtime.state;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;

/**
 * The SQLite schema as an ordered list of numbered migrations. The number of the last one applied
 * is the database's {@code PRAGMA user_version}; opening applies the missing ones in order, each in
 * its own transaction together with the new version number, so a crash mid-way leaves the file at
 * the last complete step. A file whose version is higher than the last migration here was written
 * by a newer Cairn and is refused rather than misread.
 *
 * <p>Migrations are never edited once released: a change is a new migration at the end.
 */
final class Migrations {
  private Migrations() {}

  /** One step of the schema. */
  private record Migration(int version, String what, String... statements) {}

  private static final List<Migration> ALL = List.of(
      new Migration(1, "the first schema: a dedup window per event, file progress, key/value",
          "CREATE TABLE dedup(event_id TEXT PRIMARY KEY, expires_at INTEGER NOT NULL)",
          "CREATE INDEX dedup_expiry ON dedup(expires_at)",
          "CREATE TABLE file_progress(path TEXT PRIMARY KEY, size INTEGER NOT NULL,"
              + " modified_millis INTEGER NOT NULL, status TEXT NOT NULL, reason TEXT)",
          "CREATE TABLE kv(namespace TEXT NOT NULL, key TEXT NOT NULL, value TEXT NOT NULL,"
              + " PRIMARY KEY(namespace, key))"),
      new Migration(2, "progress per input and keys only for events acted on, instead of a key per event",
          "CREATE TABLE inputs(key TEXT PRIMARY KEY, version TEXT, status TEXT NOT NULL, position INTEGER NOT NULL,"
              + " interruptions INTEGER NOT NULL, reason TEXT, updated_millis INTEGER NOT NULL)",
          "CREATE TABLE actions(key TEXT PRIMARY KEY, expires_millis INTEGER NOT NULL)",
          "CREATE INDEX actions_expiry ON actions(expires_millis)",
          // A folder's files keep their outcome; their version is how the folder source names one.
          "INSERT INTO inputs(key, version, status, position, interruptions, reason, updated_millis)"
              + " SELECT path, size || ':' || modified_millis, status, 0, 0,"
              + " CASE WHEN status = 'FAILED' THEN coalesce(reason, 'failed') END,"
              + " CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM file_progress",
          // Per-event dedup records are replaced by progress per input; the key/value table was never used.
          "DROP TABLE dedup",
          "DROP TABLE file_progress",
          "DROP TABLE kv"),
      new Migration(3, "the alert outbox: alerts, one delivery per (alert, channel), alert groups",
          "CREATE TABLE alerts(id TEXT PRIMARY KEY, rule TEXT NOT NULL, created_millis INTEGER NOT NULL,"
              + " body TEXT NOT NULL, group_key TEXT, member INTEGER NOT NULL)",
          "CREATE INDEX alerts_created ON alerts(created_millis)",
          "CREATE TABLE deliveries(alert_id TEXT NOT NULL, channel TEXT NOT NULL, status TEXT NOT NULL,"
              + " attempts INTEGER NOT NULL, next_millis INTEGER, last_error TEXT, queued_millis INTEGER NOT NULL,"
              + " updated_millis INTEGER NOT NULL, PRIMARY KEY(alert_id, channel))",
          "CREATE INDEX deliveries_due ON deliveries(status, channel, next_millis)",
          "CREATE TABLE alert_groups(key TEXT PRIMARY KEY, first_alert TEXT NOT NULL, opened_millis INTEGER NOT NULL,"
              + " closes_millis INTEGER NOT NULL, channels TEXT NOT NULL)"),
      new Migration(4, "metric data by minute and arrival, sample events, alarm states",
          "CREATE TABLE metric_data(metric TEXT NOT NULL, dimensions TEXT NOT NULL, minute_millis INTEGER NOT NULL,"
              + " arrived_millis INTEGER NOT NULL, count INTEGER NOT NULL, sum REAL NOT NULL, min REAL NOT NULL,"
              + " max REAL NOT NULL, PRIMARY KEY(metric, dimensions, minute_millis, arrived_millis))",
          "CREATE INDEX metric_data_minute ON metric_data(metric, minute_millis)",
          "CREATE INDEX metric_data_arrived ON metric_data(metric, arrived_millis)",
          "CREATE TABLE metric_samples(metric TEXT NOT NULL, id TEXT NOT NULL, minute_millis INTEGER NOT NULL,"
              + " arrived_millis INTEGER NOT NULL, body TEXT NOT NULL, PRIMARY KEY(metric, id))",
          "CREATE INDEX metric_samples_minute ON metric_samples(metric, minute_millis)",
          "CREATE TABLE alarm_states(name TEXT PRIMARY KEY, body TEXT NOT NULL, updated_millis INTEGER NOT NULL)"),
      new Migration(5, "the archive: journal segments with their archived length, flush plans, the instance id",
          "CREATE TABLE archive_segments(name TEXT PRIMARY KEY, length INTEGER NOT NULL, updated_millis INTEGER NOT NULL)",
          "CREATE TABLE archive_flushes(id INTEGER PRIMARY KEY, plan TEXT NOT NULL, status TEXT NOT NULL,"
              + " outcome TEXT, created_millis INTEGER NOT NULL, finished_millis INTEGER)",
          "CREATE TABLE archive_meta(key TEXT PRIMARY KEY, value TEXT NOT NULL)"),
      // Deliveries come due in the order they were queued: with queued_millis in the index, the next
      // batch is read in index order and the scan stops at the batch's end. Without it, SQLite sorted
      // every due delivery of the channel to return 64 of them, each time: a backlog of 50,000 alerts
      // made every batch cost ~2 ms.
      new Migration(6, "the due-deliveries index in the order deliveries go out",
          "DROP INDEX deliveries_due",
          "CREATE INDEX deliveries_due ON deliveries(status, channel, next_millis, queued_millis)"));

  /** The version the last migration brings a database to. */
  static final int LATEST = ALL.get(ALL.size() - 1).version();

  /**
   * Brings the database to {@link #LATEST}. The connection must be in manual-commit mode.
   *
   * @throws StateStoreException when the database is newer than this code
   */
  static void apply(Connection connection, String description) throws SQLException {
    int version = version(connection);
    if (version > LATEST) {
      throw new StateStoreException("state store " + description + " has schema version " + version
          + ", written by a newer Cairn; this version understands schema version " + LATEST
          + " at most. Upgrade Cairn or point it at another state file.");
    }
    for (Migration migration : ALL) {
      if (migration.version() <= version) {
        continue;
      }
      try (Statement s = connection.createStatement()) {
        for (String sql : migration.statements()) {
          s.execute(sql);
        }
        s.execute("PRAGMA user_version = " + migration.version());
        connection.commit();
      } catch (SQLException | RuntimeException e) {
        connection.rollback();
        throw new StateStoreException("state store " + description + ": migration " + migration.version() + " ("
            + migration.what() + ") failed: " + e.getMessage(), e);
      }
    }
  }

  /**
   * The schema version: {@code user_version}, or for files of the first release, which kept it in a
   * {@code schema_version} table instead, that table's number (the table goes with migration 2).
   */
  static int version(Connection connection) throws SQLException {
    int version;
    try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery("PRAGMA user_version")) {
      version = rs.next() ? rs.getInt(1) : 0;
    }
    if (version == 0) {
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'")) {
        if (!rs.next()) {
          return 0;
        }
      }
      try (Statement s = connection.createStatement();
          ResultSet rs = s.executeQuery("SELECT max(version) FROM schema_version")) {
        version = rs.next() ? rs.getInt(1) : 0;
      }
      if (version > 1) {
        return version; // not ours to convert: refused by the caller, the file left untouched
      }
      try (Statement s = connection.createStatement()) {
        s.execute("DROP TABLE schema_version");
        s.execute("PRAGMA user_version = " + version);
      }
      connection.commit();
    }
    return version;
  }
}
