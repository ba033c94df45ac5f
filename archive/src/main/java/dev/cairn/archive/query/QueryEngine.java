package dev.cairn.archive.query;

import dev.cairn.archive.Column;
import dev.cairn.archive.DuckDb;
import dev.cairn.archive.S3Location;
import dev.cairn.match.RuleSet;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * SQL over CloudTrail events with embedded DuckDB: a view {@code events} with the archive's columns
 * ({@link Column}) over an archive's part files (local, or fetched from S3 into a cache), or a
 * table of the same shape loaded from raw CloudTrail files.
 *
 * <pre>{@code
 * try (QueryEngine q = QueryEngine.open(Files.createTempDirectory("cairn-query"), 2)) {
 *   q.archive(Path.of("/var/lib/cairn/archive"), Optional.of(Instant.now().minus(Duration.ofDays(7))), Optional.empty());
 *   q.run("SELECT actor, count(*) FROM events GROUP BY 1 ORDER BY 2 DESC LIMIT 10", ResultPrinter.table(out));
 * }
 * }</pre>
 *
 * <p>Columns come from the files only: DuckDB's guessing of partition values from {@code key=value}
 * directories is off, so {@code account=012345678901/} cannot turn the account into a number.
 *
 * <p>Time pruning: with {@code since}/{@code until}, only the part files of the hours in range are
 * read (or downloaded), and the view keeps only rows in range. Not thread-safe.
 */
public final class QueryEngine implements AutoCloseable {
  private static final DateTimeFormatter SQL_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSSSSS").withZone(ZoneOffset.UTC);

  private final Connection duck;
  private final Path work;
  private final int threads;

  private QueryEngine(Connection duck, Path work, int threads) {
    this.duck = duck;
    this.work = work;
    this.threads = threads;
  }

  /** A query engine with its temporary files (raw rows, spill) in {@code work}. */
  public static QueryEngine open(Path work, int threads) throws SQLException, IOException {
    Files.createDirectories(work);
    long memory = Math.max(256L << 20, Runtime.getRuntime().maxMemory());
    return new QueryEngine(DuckDb.open(work.resolve("spill"), memory, threads), work, threads);
  }

  /** Part files under a local archive root, for the range; returns how many. */
  public int archive(Path root, Optional<Instant> since, Optional<Instant> until) throws SQLException, IOException {
    List<Path> parts = new ArrayList<>();
    if (Files.exists(root)) {
      try (Stream<Path> walk = Files.walk(root)) {
        walk.filter(Files::isRegularFile)
            .filter(p -> ArchiveFiles.isPart(p.toString()))
            .filter(p -> ArchiveFiles.wanted(root.relativize(p).toString(), since, until))
            .sorted()
            .forEach(parts::add);
      } catch (UncheckedIOException e) {
        throw e.getCause();
      }
    } else {
      throw new IOException("no archive at " + root);
    }
    view(parts, since, until, Column.ALL);
    return parts.size();
  }

  /**
   * Part files of an archive in S3, for the range: listed, and only those of the hours in range
   * downloaded into {@code cache} (kept there: a later query over the same hours downloads nothing).
   */
  public S3Parts.Fetched archive(S3Client s3, S3Location location, Path cache, Optional<Instant> since,
      Optional<Instant> until) throws SQLException, IOException {
    S3Parts.Fetched fetched = S3Parts.fetch(s3, location, cache, since, until);
    view(fetched.files(), since, until, Column.ALL);
    return fetched;
  }

  private void view(List<Path> parts, Optional<Instant> since, Optional<Instant> until, List<Column> columns)
      throws SQLException {
    List<Path> parquet = parts.stream().filter(p -> p.toString().endsWith(".parquet")).toList();
    List<Path> json = parts.stream().filter(p -> p.toString().endsWith(".jsonl.gz")).toList();
    List<String> sources = new ArrayList<>();
    if (!parquet.isEmpty()) {
      sources.add("SELECT " + names(columns) + " FROM read_parquet(" + list(parquet) + ", union_by_name = true, hive_partitioning = false)");
    }
    if (!json.isEmpty()) {
      sources.add("SELECT " + names(columns) + " FROM read_json(" + list(json) + ", columns = " + Column.jsonColumns(false)
          + ", format = 'newline_delimited', maximum_object_size = " + Column.MAX_ROW_BYTES + ", hive_partitioning = false)");
    }
    try (Statement s = duck.createStatement()) {
      if (sources.isEmpty()) {
        s.execute("CREATE OR REPLACE TABLE events AS SELECT * FROM (SELECT " + typedNulls(columns) + ") WHERE false");
        return;
      }
      s.execute("CREATE OR REPLACE VIEW events AS SELECT * FROM (" + String.join(" UNION ALL BY NAME ", sources) + ")"
          + range(since, until));
    }
  }

  /**
   * Makes raw CloudTrail files (decoded by Cairn) the view {@code events}; {@code rules} fill the
   * rules column. The decoded rows go to zstd Parquet files in the work folder a chunk at a time
   * (about a tenth of the gzip input's size), so memory stays flat however many events there are.
   */
  public Raw raw(List<Path> inputs, RuleSet rules, Optional<Instant> since, Optional<Instant> until,
      Consumer<String> notes) throws SQLException, IOException, InterruptedException {
    return raw(inputs, rules, since, until, notes, true);
  }

  /**
   * {@link #raw(List, RuleSet, Optional, Optional, Consumer)}, with the record column only if {@code
   * records}: the record's text is most of a row, and copying it into the rows was about a third of
   * the work for a query that never reads it. Without it the view has no record column, so a
   * query that does read it fails instead of seeing NULLs. {@link #readsRecord} tells which a query
   * needs:
   *
   * <pre>{@code
   * q.raw(inputs, rules, since, until, notes, q.readsRecord(sql));
   * q.run(sql, printer);
   * }</pre>
   */
  public Raw raw(List<Path> inputs, RuleSet rules, Optional<Instant> since, Optional<Instant> until,
      Consumer<String> notes, boolean records) throws SQLException, IOException, InterruptedException {
    return raw(inputs, rules, since, until, notes, records, RawLoader.CHUNK_ROWS);
  }

  Raw raw(List<Path> inputs, RuleSet rules, Optional<Instant> since, Optional<Instant> until,
      Consumer<String> notes, boolean records, int chunkRows) throws SQLException, IOException, InterruptedException {
    List<Path> parts = new ArrayList<>();
    RawLoader.Loaded loaded = new RawLoader(rules, threads, chunkRows, records).load(inputs, work.resolve("raw"),
        notes, chunk -> parts(chunk, parts));
    // The parts are read as an archive's are.
    view(parts, since, until, records ? Column.ALL : Column.TYPED);
    return new Raw(loaded.events(), loaded.problems());
  }

  /**
   * Whether {@code sql} may read the record column: it names {@code record}, selects {@code *} or
   * {@code COLUMNS(…)}, refers to a column by position or to anything that is not a column (a whole
   * row, such as {@code e} in {@code SELECT e FROM events e}, or a lambda's parameter), or is not a
   * single SELECT DuckDB can parse. Decided from DuckDB's own parse tree; when in doubt, yes.
   */
  public boolean readsRecord(String sql) throws SQLException {
    return RecordUse.reads(duck, sql);
  }

  /** One chunk of rows as a Parquet file beside it, typed as the archive's; the chunk is deleted. */
  private void parts(Path chunk, List<Path> parts) throws IOException {
    Path part = chunk.resolveSibling(chunk.getFileName().toString().replace(".tsv", ".parquet"));
    synchronized (duck) { // one statement at a time on the connection; loader threads go on decoding
      try (Statement s = duck.createStatement()) {
        s.execute("COPY (SELECT " + Column.selectList() + " FROM " + Column.rowsSource(list(List.of(chunk)))
            + ") TO '" + DuckDb.literal(part.toAbsolutePath().toString()) + "' (FORMAT parquet, COMPRESSION zstd)");
      } catch (SQLException e) {
        throw new IOException("cannot convert the decoded rows of " + chunk.getFileName() + ": " + e.getMessage(), e);
      }
      parts.add(part);
    }
    Files.deleteIfExists(chunk);
  }

  /**
   * What {@link #raw} loaded.
   *
   * @param events events decoded
   * @param problems inputs that could not be read or decoded, one line each (the rest was loaded)
   */
  public record Raw(long events, List<String> problems) {}

  /**
   * Runs {@code sql} and hands the result to {@code printer}.
   *
   * @throws QueryException with one line (DuckDB's message and the position it points at)
   */
  public long run(String sql, ResultPrinter printer) throws QueryException, IOException {
    try (Statement s = duck.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      return printer.print(rs);
    } catch (SQLException e) {
      throw new QueryException(SqlErrors.oneLine(e.getMessage(), sql), e);
    }
  }

  private static String names(List<Column> columns) {
    return columns.stream().map(c -> '"' + c.name() + '"').collect(Collectors.joining(", "));
  }

  private static String typedNulls(List<Column> columns) {
    return columns.stream().map(c -> "CAST(NULL AS " + c.duckType() + ") AS \"" + c.name() + '"')
        .collect(Collectors.joining(", "));
  }

  private static String list(List<Path> files) {
    return files.stream().map(p -> "'" + DuckDb.literal(p.toAbsolutePath().toString()) + "'")
        .collect(Collectors.joining(", ", "[", "]"));
  }

  private static String range(Optional<Instant> since, Optional<Instant> until) {
    List<String> conditions = new ArrayList<>();
    since.ifPresent(t -> conditions.add("eventTime >= TIMESTAMP '" + SQL_TIME.format(t) + "'"));
    until.ifPresent(t -> conditions.add("eventTime < TIMESTAMP '" + SQL_TIME.format(t) + "'"));
    return conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
  }

  @Override
  public void close() throws SQLException {
    duck.close();
  }
}
