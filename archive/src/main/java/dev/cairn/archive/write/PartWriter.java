package dev.cairn.archive.write;

import dev.cairn.archive.Column;
import dev.cairn.archive.DuckDb;
import dev.cairn.archive.Format;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Turns journal segments into part files with DuckDB: reads the rows ({@link Column#rowsSource}),
 * and writes one file per partition directory (sorted by time when it holds more than one
 * row group).
 *
 * <p>One DuckDB connection, used by the flusher thread only.
 */
final class PartWriter implements AutoCloseable {
  /**
   * Journal segments of one JSON object per line, as Cairn wrote them before the tab-separated rows:
   * an upgrade may find some left over, and they are read as they were written.
   */
  static final String LEGACY = ".ndjson";

  /** DuckDB's default Parquet row group size, in rows. */
  static final long ROW_GROUP = 122_880;

  private final Connection duck;

  PartWriter(Path spill, long memoryLimit) throws SQLException {
    this.duck = DuckDb.open(spill, memoryLimit, 1);
  }

  /** One written part: its partition directory, the local file, its rows. */
  record Part(String directory, Path file, long rows) {}

  /**
   * Writes the rows of {@code segments} (whole files) as parts in {@code out}, one per partition.
   * {@code onlyPartition}, when the caller knows every row is of that one partition and that they fit
   * one row group: the rows are copied into its part straight from the journal, without staging
   * them in a table first and picking each partition's rows out of it (a third of a flush).
   */
  List<Part> write(List<Path> segments, Format format, Path out, Optional<String> onlyPartition)
      throws SQLException, java.io.IOException {
    Files.createDirectories(out);
    List<Part> parts = new ArrayList<>();
    if (segments.isEmpty()) {
      return parts;
    }
    Map<Boolean, List<Path>> byKind = segments.stream()
        .collect(Collectors.partitioningBy(p -> p.getFileName().toString().endsWith(LEGACY)));
    List<Path> rows = byKind.get(false);
    List<Path> legacy = byKind.get(true);
    if (onlyPartition.isPresent() && legacy.isEmpty()) {
      Path file = out.resolve("part-0" + format.suffix());
      try (Statement s = duck.createStatement()) {
        long count = s.executeUpdate(copy(Column.rowsSource(list(rows)), file, format));
        if (count > 0) {
          parts.add(new Part(onlyPartition.get(), file, count));
        }
      }
      return parts;
    }
    List<String> sources = new ArrayList<>();
    if (!rows.isEmpty()) {
      sources.add("SELECT * FROM " + Column.rowsSource(list(rows)));
    }
    if (!legacy.isEmpty()) {
      sources.add("SELECT * REPLACE (CAST(record AS VARCHAR) AS record) FROM read_json(" + list(legacy)
          + ", columns = " + Column.jsonColumns(true) + ", format = 'newline_delimited', maximum_object_size = "
          + Column.MAX_ROW_BYTES + ", hive_partitioning = false)");
    }
    try (Statement s = duck.createStatement()) {
      s.execute("CREATE OR REPLACE TEMP TABLE staged AS " + String.join(" UNION ALL BY NAME ", sources));
      List<String[]> partitions = new ArrayList<>();
      try (ResultSet rs = s.executeQuery("SELECT _p, count(*) FROM staged GROUP BY _p ORDER BY _p")) {
        while (rs.next()) {
          partitions.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
      int n = 0;
      for (String[] partition : partitions) {
        Path file = out.resolve("part-" + n++ + format.suffix());
        // Sorted by eventTime only when the part holds more than one Parquet row group: that is what
        // lets a reader skip row groups. A part of a 64 MB flush is one, and sorting its 2 KB rows
        // cost a fifth of the flush for nothing; it keeps the journal's order (one thread).
        String order = Long.parseLong(partition[1]) > ROW_GROUP ? " ORDER BY eventTime" : "";
        s.execute(copy("staged WHERE _p = '" + DuckDb.literal(partition[0]) + "'" + order, file, format));
        parts.add(new Part(partition[0], file, Long.parseLong(partition[1])));
      }
      s.execute("DROP TABLE staged");
    }
    return parts;
  }

  private static String list(List<Path> files) {
    return files.stream().map(p -> "'" + DuckDb.literal(p.toAbsolutePath().toString()) + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  /** The statement writing every column of the rows of {@code from} (what follows FROM) to the part {@code file}. */
  private static String copy(String from, Path file, Format format) {
    return "COPY (SELECT " + Column.selectList() + " FROM " + from + ") TO '"
        + DuckDb.literal(file.toAbsolutePath().toString()) + "' " + options(format);
  }

  private static String options(Format format) {
    return format == Format.PARQUET ? "(FORMAT parquet, COMPRESSION zstd)"
        : "(FORMAT json, COMPRESSION gzip, TIMESTAMPFORMAT '%Y-%m-%d %H:%M:%S.%g')";
  }

  @Override
  public void close() {
    try {
      duck.close();
    } catch (SQLException ignored) {
      // Closing at shutdown; nothing is left to lose.
    }
  }
}
