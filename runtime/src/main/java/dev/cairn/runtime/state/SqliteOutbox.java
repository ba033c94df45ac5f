package dev.cairn.runtime.state;

import dev.cairn.runtime.state.Outbox.AlertRecord;
import dev.cairn.runtime.state.Outbox.DeliveryRecord;
import dev.cairn.runtime.state.Outbox.DeliveryStatus;
import dev.cairn.runtime.state.Outbox.NewAlert;
import dev.cairn.runtime.state.Outbox.OpenGroup;
import dev.cairn.runtime.state.Outbox.PendingDelivery;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The {@link Outbox} in the SQLite store's tables: {@code alerts}, {@code deliveries} (one row per
 * alert and channel) and {@code alert_groups} (open groups). Runs on the store's connection, under
 * its monitor, through its {@link SqliteStateStore#run}; {@link #insert} runs inside the checkpoint's
 * transaction.
 */
final class SqliteOutbox implements Outbox {
  /** Channel names are configuration keys: a newline never occurs in one. */
  private static final String SEPARATOR = "\n";

  /**
   * The next deliveries due to a channel: read in the order of the {@code deliveries_due} index
   * (migration 6), so a backlog costs no sort.
   */
  static final String DUE = "SELECT d.alert_id, d.channel, a.body, d.attempts, d.queued_millis"
      + " FROM deliveries d JOIN alerts a ON a.id = d.alert_id WHERE d.status = 'PENDING' AND d.channel = ?"
      + " AND d.next_millis <= ? ORDER BY d.next_millis, d.queued_millis LIMIT ?";

  private final SqliteStateStore store;

  private record AlertRow(String id, String rule, long created, String body, String group, boolean member) {}

  private record GroupRow(String key, String firstAlert, long opened, long closes, String channels) {}

  SqliteOutbox(SqliteStateStore store) {
    this.store = store;
  }

  /**
   * Records an alert (inside the caller's transaction): a grouped alert whose group is open becomes
   * a member; otherwise the alert gets one pending delivery per channel and, when grouped, opens its
   * group. An id recorded before is left as it is.
   */
  void insert(NewAlert alert, Instant now) throws SQLException {
    if (alert.grouping().isEmpty()) {
      // One statement instead of a look-up and an insert: an alert recorded before is left as it is.
      if (insertAlert(alert, null, false, "ON CONFLICT(id) DO NOTHING")) {
        insertDeliveries(alert, now);
      }
      return;
    }
    if (exists(alert.id())) {
      return;
    }
    Outbox.Grouping grouping = alert.grouping().get();
    PreparedStatement open = store.statement("SELECT closes_millis FROM alert_groups WHERE key = ?");
    open.setString(1, grouping.key());
    boolean isOpen;
    try (ResultSet rs = open.executeQuery()) {
      isOpen = rs.next() && rs.getLong(1) > now.toEpochMilli();
    }
    if (isOpen) {
      insertAlert(alert, grouping.key(), true);
      return;
    }
    PreparedStatement group = store.statement("INSERT INTO alert_groups(key, first_alert, opened_millis, closes_millis,"
        + " channels) VALUES(?, ?, ?, ?, ?) ON CONFLICT(key) DO UPDATE SET first_alert = excluded.first_alert,"
        + " opened_millis = excluded.opened_millis, closes_millis = excluded.closes_millis, channels = excluded.channels");
    group.setString(1, grouping.key());
    group.setString(2, alert.id());
    group.setLong(3, now.toEpochMilli());
    group.setLong(4, now.plus(grouping.window()).toEpochMilli());
    group.setString(5, String.join(SEPARATOR, alert.channels()));
    group.executeUpdate();
    insertAlert(alert, grouping.key(), false);
    insertDeliveries(alert, now);
  }

  private boolean exists(String id) throws SQLException {
    PreparedStatement p = store.statement("SELECT 1 FROM alerts WHERE id = ?");
    p.setString(1, id);
    try (ResultSet rs = p.executeQuery()) {
      return rs.next();
    }
  }

  private void insertAlert(NewAlert alert, String group, boolean member) throws SQLException {
    insertAlert(alert, group, member, "");
  }

  /** True when the row was inserted (false: {@code conflict} said to leave an existing one alone). */
  private boolean insertAlert(NewAlert alert, String group, boolean member, String conflict) throws SQLException {
    PreparedStatement p = store.statement(
        "INSERT INTO alerts(id, rule, created_millis, body, group_key, member) VALUES(?, ?, ?, ?, ?, ?)"
            + (conflict.isEmpty() ? "" : " " + conflict));
    p.setString(1, alert.id());
    p.setString(2, alert.rule());
    p.setLong(3, alert.created().toEpochMilli());
    p.setString(4, alert.body());
    p.setString(5, group);
    p.setInt(6, member ? 1 : 0);
    return p.executeUpdate() > 0;
  }

  private void insertDeliveries(NewAlert alert, Instant now) throws SQLException {
    PreparedStatement p = store.statement("INSERT INTO deliveries(alert_id, channel, status, attempts, next_millis,"
        + " last_error, queued_millis, updated_millis) VALUES(?, ?, 'PENDING', 0, ?, NULL, ?, ?)"
        + " ON CONFLICT(alert_id, channel) DO NOTHING");
    boolean one = alert.channels().size() == 1; // the usual case: no batch to assemble
    for (String channel : alert.channels()) {
      p.setString(1, alert.id());
      p.setString(2, channel);
      p.setLong(3, now.toEpochMilli());
      p.setLong(4, now.toEpochMilli());
      p.setLong(5, now.toEpochMilli());
      if (one) {
        p.executeUpdate();
      } else {
        p.addBatch();
      }
    }
    if (!one) {
      p.executeBatch();
    }
  }

  @Override
  public List<PendingDelivery> due(String channel, Instant now, int limit) {
    synchronized (store) {
      return store.run("read deliveries due to " + channel, () -> {
        PreparedStatement p = store.statement(DUE);
        p.setString(1, channel);
        p.setLong(2, now.toEpochMilli());
        p.setInt(3, limit);
        List<PendingDelivery> due = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            due.add(new PendingDelivery(rs.getString(1), rs.getString(2), rs.getString(3), rs.getInt(4),
                Instant.ofEpochMilli(rs.getLong(5))));
          }
        }
        return due;
      });
    }
  }

  @Override
  public Optional<Instant> nextDue(String channel) {
    synchronized (store) {
      return store.run("read when the next delivery to " + channel + " is due", () -> {
        PreparedStatement p = store.statement(
            "SELECT min(next_millis) FROM deliveries WHERE status = 'PENDING' AND channel = ?");
        p.setString(1, channel);
        try (ResultSet rs = p.executeQuery()) {
          long next = rs.next() ? rs.getLong(1) : 0;
          return rs.wasNull() ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(next));
        }
      });
    }
  }

  @Override
  public boolean anyPending() {
    synchronized (store) {
      return store.run("look for pending deliveries", () -> {
        PreparedStatement p = store.statement("SELECT 1 FROM deliveries WHERE status = 'PENDING' LIMIT 1");
        try (ResultSet rs = p.executeQuery()) {
          return rs.next();
        }
      });
    }
  }

  @Override
  public void delivered(String alertId, String channel, int attempts, Instant at) {
    update(alertId, channel, DeliveryStatus.DELIVERED, attempts, null, null, at);
  }

  @Override
  public void retryAt(String alertId, String channel, int attempts, Instant next, String error, Instant at) {
    update(alertId, channel, DeliveryStatus.PENDING, attempts, next, error, at);
  }

  @Override
  public void dead(String alertId, String channel, int attempts, String error, Instant at) {
    update(alertId, channel, DeliveryStatus.DEAD, attempts, null, error, at);
  }

  @Override
  public void delivered(Map<String, Integer> attemptsByAlert, String channel, Instant at) {
    synchronized (store) {
      store.run("record " + attemptsByAlert.size() + " deliveries to " + channel, () -> {
        for (Map.Entry<String, Integer> delivered : attemptsByAlert.entrySet()) {
          setOutcome(delivered.getKey(), channel, DeliveryStatus.DELIVERED, delivered.getValue(), null, null, at);
        }
        return null;
      });
    }
  }

  private void update(String alertId, String channel, DeliveryStatus status, int attempts, Instant next, String error,
      Instant at) {
    synchronized (store) {
      store.run("record the delivery of " + alertId + " to " + channel, () -> {
        setOutcome(alertId, channel, status, attempts, next, error, at);
        return null;
      });
    }
  }

  /** Sets a delivery's outcome, in the caller's transaction. */
  private void setOutcome(String alertId, String channel, DeliveryStatus status, int attempts, Instant next, String error,
      Instant at) throws SQLException {
    PreparedStatement p = store.statement("UPDATE deliveries SET status = ?, attempts = ?, next_millis = ?,"
        + " last_error = coalesce(?, last_error), updated_millis = ? WHERE alert_id = ? AND channel = ?");
    p.setString(1, status.name());
    p.setInt(2, attempts);
    if (next == null) {
      p.setNull(3, Types.INTEGER);
    } else {
      p.setLong(3, next.toEpochMilli());
    }
    p.setString(4, error);
    p.setLong(5, at.toEpochMilli());
    p.setString(6, alertId);
    p.setString(7, channel);
    p.executeUpdate();
  }

  @Override
  public int requeueDead(Collection<String> alertIds, Instant at) {
    synchronized (store) {
      return store.run("requeue dead deliveries", () -> {
        PreparedStatement p = store.statement("UPDATE deliveries SET status = 'PENDING', attempts = 0,"
            + " next_millis = ?, updated_millis = ? WHERE alert_id = ? AND status = 'DEAD'");
        int n = 0;
        for (String id : alertIds) {
          p.setLong(1, at.toEpochMilli());
          p.setLong(2, at.toEpochMilli());
          p.setString(3, id);
          n += p.executeUpdate();
        }
        return n;
      });
    }
  }

  @Override
  public int requeueAllDead(Instant at) {
    synchronized (store) {
      return store.run("requeue dead deliveries", () -> {
        PreparedStatement p = store.statement("UPDATE deliveries SET status = 'PENDING', attempts = 0,"
            + " next_millis = ?, updated_millis = ? WHERE status = 'DEAD'");
        p.setLong(1, at.toEpochMilli());
        p.setLong(2, at.toEpochMilli());
        return p.executeUpdate();
      });
    }
  }

  @Override
  public List<OpenGroup> groupsEndedBy(Instant now) {
    synchronized (store) {
      return store.run("read alert groups whose window ended", () -> {
        PreparedStatement p = store.statement("SELECT key, first_alert, opened_millis, closes_millis, channels"
            + " FROM alert_groups WHERE closes_millis <= ? ORDER BY closes_millis");
        p.setLong(1, now.toEpochMilli());
        List<GroupRow> rows = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            rows.add(new GroupRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getLong(4), rs.getString(5)));
          }
        }
        PreparedStatement members = store.statement(
            "SELECT body FROM alerts WHERE group_key = ? AND member = 1 AND created_millis >= ? ORDER BY created_millis");
        List<OpenGroup> groups = new ArrayList<>();
        for (GroupRow row : rows) {
          members.setString(1, row.key());
          members.setLong(2, row.opened());
          List<String> bodies = new ArrayList<>();
          try (ResultSet rs = members.executeQuery()) {
            while (rs.next()) {
              bodies.add(rs.getString(1));
            }
          }
          groups.add(new OpenGroup(row.key(), row.firstAlert(), Instant.ofEpochMilli(row.opened()),
              Instant.ofEpochMilli(row.closes()), List.of(row.channels().split(SEPARATOR)), bodies));
        }
        return groups;
      });
    }
  }

  @Override
  public void closeGroup(String key, Optional<NewAlert> digest, Instant at) {
    synchronized (store) {
      store.run("close alert group " + key, () -> {
        if (digest.isPresent() && !exists(digest.get().id())) {
          insertAlert(digest.get(), key, false);
          insertDeliveries(digest.get(), at);
        }
        PreparedStatement p = store.statement("DELETE FROM alert_groups WHERE key = ?");
        p.setString(1, key);
        p.executeUpdate();
        return null;
      });
    }
  }

  @Override
  public List<AlertRecord> alerts(Instant since, boolean deadOnly, int limit) {
    synchronized (store) {
      return store.run("list alerts", () -> {
        PreparedStatement p = store.statement("SELECT id, rule, created_millis, body, group_key, member FROM alerts a"
            + " WHERE created_millis >= ? AND (? = 0 OR EXISTS (SELECT 1 FROM deliveries d"
            + " WHERE d.alert_id = a.id AND d.status = 'DEAD')) ORDER BY created_millis DESC, id LIMIT ?");
        p.setLong(1, since.toEpochMilli());
        p.setInt(2, deadOnly ? 1 : 0);
        p.setInt(3, limit);
        List<AlertRow> rows = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            rows.add(new AlertRow(rs.getString(1), rs.getString(2), rs.getLong(3), rs.getString(4), rs.getString(5),
                rs.getInt(6) == 1));
          }
        }
        PreparedStatement d = store.statement("SELECT channel, status, attempts, next_millis, last_error, updated_millis"
            + " FROM deliveries WHERE alert_id = ? ORDER BY channel");
        List<AlertRecord> alerts = new ArrayList<>();
        for (AlertRow row : rows) {
          d.setString(1, row.id());
          List<DeliveryRecord> deliveries = new ArrayList<>();
          try (ResultSet rs = d.executeQuery()) {
            while (rs.next()) {
              long next = rs.getLong(4);
              Optional<Instant> nextAt = rs.wasNull() ? Optional.empty() : Optional.of(Instant.ofEpochMilli(next));
              deliveries.add(new DeliveryRecord(rs.getString(1), DeliveryStatus.valueOf(rs.getString(2)), rs.getInt(3),
                  nextAt, Optional.ofNullable(rs.getString(5)), Instant.ofEpochMilli(rs.getLong(6))));
            }
          }
          alerts.add(new AlertRecord(row.id(), row.rule(), Instant.ofEpochMilli(row.created()), row.body(),
              Optional.ofNullable(row.group()), row.member(), deliveries));
        }
        return alerts;
      });
    }
  }

  @Override
  public long pending(String channel) {
    synchronized (store) {
      return store.run("count deliveries pending to " + channel, () -> {
        PreparedStatement p = store.statement("SELECT count(*) FROM deliveries WHERE status = 'PENDING' AND channel = ?");
        p.setString(1, channel);
        try (ResultSet rs = p.executeQuery()) {
          return rs.next() ? rs.getLong(1) : 0L;
        }
      });
    }
  }

  @Override
  public Map<DeliveryStatus, Long> counts() {
    synchronized (store) {
      return store.run("count deliveries", () -> {
        Map<DeliveryStatus, Long> counts = new EnumMap<>(DeliveryStatus.class);
        for (DeliveryStatus status : DeliveryStatus.values()) {
          counts.put(status, 0L);
        }
        PreparedStatement p = store.statement("SELECT status, count(*) FROM deliveries GROUP BY status");
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            counts.put(DeliveryStatus.valueOf(rs.getString(1)), rs.getLong(2));
          }
        }
        return counts;
      });
    }
  }
}
