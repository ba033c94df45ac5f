package dev.cairn.runtime.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;

/**
 * {@link ArchiveLedger} on {@link SqliteStateStore}'s connection (tables of migration 5); every call
 * is serialised on the store, as its own are.
 */
final class SqliteArchiveLedger implements ArchiveLedger {
  private final SqliteStateStore store;

  SqliteArchiveLedger(SqliteStateStore store) {
    this.store = store;
  }

  /** Records a mark; called inside a checkpoint's transaction. */
  void mark(ArchiveMark mark, Instant at) throws java.sql.SQLException {
    PreparedStatement p = store.statement("INSERT INTO archive_segments(name, length, updated_millis) VALUES(?, ?, ?)"
        + " ON CONFLICT(name) DO UPDATE SET length = excluded.length, updated_millis = excluded.updated_millis");
    p.setString(1, mark.segment());
    p.setLong(2, mark.length());
    p.setLong(3, at.toEpochMilli());
    p.executeUpdate();
  }

  @Override
  public Map<String, Long> segments() {
    synchronized (store) {
      return store.run("read the archive's segments", () -> {
        Map<String, Long> found = new LinkedHashMap<>();
        try (ResultSet rs = store.statement("SELECT name, length FROM archive_segments ORDER BY name").executeQuery()) {
          while (rs.next()) {
            found.put(rs.getString(1), rs.getLong(2));
          }
        }
        return found;
      });
    }
  }

  @Override
  public void forget(Collection<String> segments) {
    synchronized (store) {
      store.run("forget archive segments", () -> {
        delete(segments);
        return null;
      });
    }
  }

  private void delete(Collection<String> segments) throws java.sql.SQLException {
    PreparedStatement p = store.statement("DELETE FROM archive_segments WHERE name = ?");
    for (String name : segments) {
      p.setString(1, name);
      p.addBatch();
    }
    p.executeBatch();
  }

  @Override
  public long plan(String plan, Instant at) {
    Objects.requireNonNull(plan, "plan");
    synchronized (store) {
      Optional<Flush> pending = pending();
      if (pending.isPresent()) {
        throw new IllegalStateException("archive flush " + pending.get().id() + " is still pending");
      }
      // Rows are never deleted, so the rowid SQLite picks (one past the largest) only grows.
      return store.run("record an archive flush plan", () -> {
        PreparedStatement p = store.statement(
            "INSERT INTO archive_flushes(plan, status, created_millis) VALUES(?, 'PLANNED', ?)");
        p.setString(1, plan);
        p.setLong(2, at.toEpochMilli());
        p.executeUpdate();
        try (ResultSet rs = store.statement("SELECT last_insert_rowid()").executeQuery()) {
          rs.next();
          return rs.getLong(1);
        }
      });
    }
  }

  @Override
  public Optional<Flush> pending() {
    synchronized (store) {
      return store.run("read the pending archive flush", () -> {
        try (ResultSet rs = store.statement("SELECT id, plan FROM archive_flushes WHERE status = 'PLANNED'"
            + " ORDER BY id LIMIT 1").executeQuery()) {
          return rs.next() ? Optional.of(new Flush(rs.getLong(1), rs.getString(2))) : Optional.empty();
        }
      });
    }
  }

  @Override
  public void finish(long id, Collection<String> segments, String outcome, Instant at) {
    synchronized (store) {
      store.run("record that archive flush " + id + " finished", () -> {
        PreparedStatement p = store.statement("UPDATE archive_flushes SET status = 'DONE', outcome = ?,"
            + " finished_millis = ? WHERE id = ? AND status = 'PLANNED'");
        p.setString(1, outcome);
        p.setLong(2, at.toEpochMilli());
        p.setLong(3, id);
        if (p.executeUpdate() != 1) {
          throw new IllegalStateException("archive flush " + id + " is not pending");
        }
        delete(segments);
        return null;
      });
    }
  }

  @Override
  public String instanceId() {
    synchronized (store) {
      return store.run("read the archive instance id", () -> {
        try (ResultSet rs = store.statement("SELECT value FROM archive_meta WHERE key = 'instance'").executeQuery()) {
          if (rs.next()) {
            return rs.getString(1);
          }
        }
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PreparedStatement p = store.statement("INSERT INTO archive_meta(key, value) VALUES('instance', ?)");
        p.setString(1, id);
        p.executeUpdate();
        return id;
      });
    }
  }
}
