package dev.cairn.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** Reads back what an archive wrote, for assertions. */
public final class Duck implements AutoCloseable {
  private final Connection c;

  public Duck() throws SQLException {
    this.c = DuckDb.open(null, 256L << 20, 1);
  }

  /** Rows as lists of strings (null stays null). */
  public List<List<String>> rows(String sql) throws SQLException {
    List<List<String>> rows = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      ResultSetMetaData md = rs.getMetaData();
      while (rs.next()) {
        List<String> row = new ArrayList<>();
        for (int i = 1; i <= md.getColumnCount(); i++) {
          row.add(rs.getString(i));
        }
        rows.add(row);
      }
    }
    return rows;
  }

  /** The one value of a one-row, one-column query. */
  public String value(String sql) throws SQLException {
    return rows(sql).get(0).get(0);
  }

  /** {@code read_parquet} over every part under {@code root}. */
  public static String parquet(Path root) {
    return "read_parquet('" + DuckDb.literal(root.toAbsolutePath().toString()) + "/**/*.parquet', hive_partitioning = false)";
  }

  @Override
  public void close() throws SQLException {
    c.close();
  }
}
