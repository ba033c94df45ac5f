package dev.cairn.runtime.state;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The {@link MetricLog} in the SQLite store's tables: {@code metric_data} (one row per metric,
 * dimensions, minute and arrival minute, values added up on conflict), {@code metric_samples} (a few
 * per metric and minute) and {@code alarm_states}. Runs on the store's connection, under its
 * monitor, through its {@link SqliteStateStore#run}; {@link #insert} runs inside the checkpoint's
 * transaction.
 */
final class SqliteMetricLog implements MetricLog {
  private final SqliteStateStore store;
  private final SqliteOutbox outbox;

  SqliteMetricLog(SqliteStateStore store, SqliteOutbox outbox) {
    this.store = store;
    this.outbox = outbox;
  }

  /** Records a checkpoint's metric data (inside the caller's transaction). */
  void insert(MetricBatch batch) throws SQLException {
    if (!batch.datapoints().isEmpty()) {
      PreparedStatement p = store.statement("INSERT INTO metric_data(metric, dimensions, minute_millis, arrived_millis,"
          + " count, sum, min, max) VALUES(?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(metric, dimensions, minute_millis,"
          + " arrived_millis) DO UPDATE SET count = count + excluded.count, sum = sum + excluded.sum,"
          + " min = min(min, excluded.min), max = max(max, excluded.max)");
      for (Datapoint d : batch.datapoints()) {
        p.setString(1, d.metric());
        p.setString(2, d.dimensions());
        p.setLong(3, d.minute().toEpochMilli());
        p.setLong(4, d.arrived().toEpochMilli());
        p.setLong(5, d.count());
        p.setDouble(6, d.sum());
        p.setDouble(7, d.min());
        p.setDouble(8, d.max());
        p.addBatch();
      }
      p.executeBatch();
    }
    if (!batch.samples().isEmpty()) {
      // Room is checked per sample: the batch may hold several of one minute.
      PreparedStatement p = store.statement("INSERT INTO metric_samples(metric, id, minute_millis, arrived_millis, body)"
          + " SELECT ?, ?, ?, ?, ? WHERE (SELECT count(*) FROM metric_samples WHERE metric = ? AND minute_millis = ?) < "
          + SAMPLES_PER_MINUTE + " ON CONFLICT(metric, id) DO NOTHING");
      for (Sample s : batch.samples()) {
        p.setString(1, s.metric());
        p.setString(2, s.id());
        p.setLong(3, s.minute().toEpochMilli());
        p.setLong(4, s.arrived().toEpochMilli());
        p.setString(5, s.body());
        p.setString(6, s.metric());
        p.setLong(7, s.minute().toEpochMilli());
        p.executeUpdate();
      }
    }
  }

  @Override
  public List<Datapoint> datapoints(String metric, Instant from, Instant to, Instant arrivedBy) {
    synchronized (store) {
      return store.run("read datapoints of " + metric, () -> {
        PreparedStatement p = store.statement("SELECT dimensions, minute_millis, arrived_millis, count, sum, min, max"
            + " FROM metric_data WHERE metric = ? AND minute_millis >= ? AND minute_millis < ? AND arrived_millis <= ?");
        p.setString(1, metric);
        p.setLong(2, from.toEpochMilli());
        p.setLong(3, to.toEpochMilli());
        p.setLong(4, arrivedBy.toEpochMilli());
        List<Datapoint> found = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            found.add(new Datapoint(metric, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                Instant.ofEpochMilli(rs.getLong(3)), rs.getLong(4), rs.getDouble(5), rs.getDouble(6), rs.getDouble(7)));
          }
        }
        return found;
      });
    }
  }

  @Override
  public Map<String, Instant> lastArrivals(String metric, Instant after, Instant arrivedBy) {
    synchronized (store) {
      return store.run("read the latest arrivals of " + metric, () -> {
        PreparedStatement p = store.statement("SELECT dimensions, max(arrived_millis) FROM metric_data"
            + " WHERE metric = ? AND arrived_millis > ? AND arrived_millis <= ? GROUP BY dimensions");
        p.setString(1, metric);
        p.setLong(2, after.toEpochMilli());
        p.setLong(3, arrivedBy.toEpochMilli());
        Map<String, Instant> found = new TreeMap<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            found.put(rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)));
          }
        }
        return found;
      });
    }
  }

  @Override
  public List<Sample> samples(String metric, Instant from, Instant to, Instant arrivedBy, int limit) {
    synchronized (store) {
      return store.run("read samples of " + metric, () -> {
        PreparedStatement p = store.statement("SELECT id, minute_millis, arrived_millis, body FROM metric_samples"
            + " WHERE metric = ? AND minute_millis >= ? AND minute_millis < ? AND arrived_millis <= ?"
            + " ORDER BY minute_millis, id LIMIT ?");
        p.setString(1, metric);
        p.setLong(2, from.toEpochMilli());
        p.setLong(3, to.toEpochMilli());
        p.setLong(4, arrivedBy.toEpochMilli());
        p.setInt(5, limit);
        List<Sample> found = new ArrayList<>();
        try (ResultSet rs = p.executeQuery()) {
          while (rs.next()) {
            found.add(new Sample(metric, rs.getString(1), Instant.ofEpochMilli(rs.getLong(2)),
                Instant.ofEpochMilli(rs.getLong(3)), rs.getString(4)));
          }
        }
        return found;
      });
    }
  }

  @Override
  public Map<String, String> alarmStates() {
    synchronized (store) {
      return store.run("read alarm states", () -> {
        Map<String, String> states = new HashMap<>();
        try (ResultSet rs = store.statement("SELECT name, body FROM alarm_states").executeQuery()) {
          while (rs.next()) {
            states.put(rs.getString(1), rs.getString(2));
          }
        }
        return states;
      });
    }
  }

  @Override
  public void recordAlarms(Map<String, String> states, List<Outbox.NewAlert> alerts, Instant at) {
    synchronized (store) {
      store.run("record alarm states", () -> {
        PreparedStatement p = store.statement("INSERT INTO alarm_states(name, body, updated_millis) VALUES(?, ?, ?)"
            + " ON CONFLICT(name) DO UPDATE SET body = excluded.body, updated_millis = excluded.updated_millis");
        for (Map.Entry<String, String> e : states.entrySet()) {
          p.setString(1, e.getKey());
          p.setString(2, e.getValue());
          p.setLong(3, at.toEpochMilli());
          p.addBatch();
        }
        p.executeBatch();
        for (Outbox.NewAlert alert : alerts) {
          outbox.insert(alert, at);
        }
        return null;
      });
    }
  }

  @Override
  public int purge(Instant minute) {
    synchronized (store) {
      return store.run("purge old metric data", () -> {
        int gone = 0;
        for (String table : List.of("metric_data", "metric_samples")) {
          PreparedStatement p = store.statement("DELETE FROM " + table + " WHERE minute_millis < ?");
          p.setLong(1, minute.toEpochMilli());
          gone += p.executeUpdate();
        }
        return gone;
      });
    }
  }
}
