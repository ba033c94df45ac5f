package dev.cairn.archive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * Opens the embedded DuckDB the archive writes and queries with: an in-memory database that never
 * reaches the network. Its JSON and Parquet readers are linked into the driver's native library;
 * automatic installing and loading of other extensions is off, so a query that would need one (say
 * {@code s3://} paths, which need {@code httpfs}) fails at once with DuckDB's message instead of
 * downloading it, and the configuration is locked so SQL cannot turn that back on.
 */
public final class DuckDb {
  private DuckDb() {}

  /**
   * A new in-memory database.
   *
   * @param spill where DuckDB may spill what does not fit in {@code memoryLimitBytes}
   * @param threads DuckDB's worker threads
   */
  public static Connection open(Path spill, long memoryLimitBytes, int threads) throws SQLException {
    Properties p = new Properties();
    p.setProperty("autoinstall_known_extensions", "false");
    p.setProperty("autoload_known_extensions", "false");
    p.setProperty("allow_community_extensions", "false");
    Connection c = DriverManager.getConnection("jdbc:duckdb:", p);
    try (Statement s = c.createStatement()) {
      s.execute("SET memory_limit = '" + Math.max(64, memoryLimitBytes >> 20) + "MB'");
      s.execute("SET threads = " + Math.max(1, threads));
      if (spill != null) {
        s.execute("SET temp_directory = '" + literal(spill.toAbsolutePath().toString()) + "'");
      }
      s.execute("SET lock_configuration = true");
    } catch (SQLException e) {
      c.close();
      throw e;
    }
    return c;
  }

  /** {@code text} inside a single-quoted SQL string literal. */
  public static String literal(String text) {
    return text.replace("'", "''");
  }
}
