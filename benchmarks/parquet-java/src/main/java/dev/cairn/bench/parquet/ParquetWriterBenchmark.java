package dev.cairn.bench.parquet;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.Column;
import dev.cairn.archive.DuckDb;
import dev.cairn.archive.Layout;
import dev.cairn.archive.write.RowEncoder;
import dev.cairn.bench.Corpus;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Types;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Could another Parquet writer make the archive's flush cheaper? One flush's journal (32,000 rows of
 * the bundled trail's records, ~1.3 KB each, one hour: the archive's best case, copied straight) is
 * written as one zstd part two ways, microseconds per row, one thread each:
 *
 * <ul>
 *   <li>{@code duckdb}: what the archive does, DuckDB's {@code COPY} from the journal file (its
 *       tab-separated reader, {@code json_transform} of the typed columns) to Parquet, one DuckDB
 *       thread, 192 MB of memory;
 *   <li>{@code parquetJava}: Apache parquet-java 1.18.2 writing the same rows and columns (the typed
 *       columns read from the same journal with Jackson's streaming parser, the record's bytes
 *       passed as they are), parquet-java's defaults otherwise (dictionary for the typed columns,
 *       not for the record; zstd; 128 MB row groups).
 * </ul>
 *
 * <p>Built only with {@code -Pparquet-java} (Hadoop's client jars come with parquet-java's writer);
 * see docs/archive.md for the figures and the command.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 6, time = 2)
@Measurement(iterations = 8, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class ParquetWriterBenchmark {
  static final int ROWS = 32_000;
  private static final JsonFactory JSON = new JsonFactory();
  private static final MessageType SCHEMA = schema();

  private Path dir;
  private Path journal;
  private Connection duck;
  private int part;

  @Setup
  public void setUp() throws IOException, SQLException {
    dir = Files.createTempDirectory("cairn-parquet-bench");
    journal = dir.resolve("journal.tsv");
    List<CloudTrailEvent> events = new ArrayList<>(ROWS);
    EventDecoder.create().withRecordFields(RowEncoder.recordFields())
        .decode(new ByteArrayInputStream(Corpus.logFile(Corpus.trail(), ROWS, false)), "bench", events::add);
    RowEncoder encoder = new RowEncoder(Enricher.withAccounts(Map.of()), Layout.hive, List.of());
    try (OutputStream out = Files.newOutputStream(journal); RowEncoder.Rows rows = encoder.rows(out)) {
      Instant now = Instant.now();
      for (CloudTrailEvent e : events) {
        rows.write(e, List.of(), now);
      }
    }
    duck = DuckDb.open(dir.resolve("spill"), 192L << 20, 1);
    checkSameRows();
  }

  @TearDown
  public void tearDown() throws IOException, SQLException {
    duck.close();
    try (Stream<Path> files = Files.walk(dir)) {
      for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }

  private Path nextPart() throws IOException {
    Files.deleteIfExists(dir.resolve("part-" + (part - 1) + ".parquet"));
    return dir.resolve("part-" + part++ + ".parquet");
  }

  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long duckdb() throws IOException, SQLException {
    Path out = nextPart();
    try (Statement s = duck.createStatement()) {
      return s.executeUpdate("COPY (SELECT " + Column.selectList() + " FROM " + Column.rowsSource("['"
          + DuckDb.literal(journal.toString()) + "']") + ") TO '" + DuckDb.literal(out.toString())
          + "' (FORMAT parquet, COMPRESSION zstd)");
    }
  }

  /** Reads the journal file afresh each time, as a flush would. */
  @Benchmark
  @OperationsPerInvocation(ROWS)
  public long parquetJava() throws IOException {
    Path out = nextPart();
    byte[] bytes = Files.readAllBytes(journal);
    long rows = 0;
    try (ParquetWriter<Row> writer = new Builder(new LocalOutputFile(out)).withConf(new PlainParquetConfiguration())
        .withCompressionCodec(CompressionCodecName.ZSTD).withDictionaryEncoding(Column.RECORD, false).build()) {
      Row row = new Row();
      for (int pos = 0; pos < bytes.length; ) {
        int end = pos;
        while (bytes[end] != '\n') {
          end++;
        }
        int tab = pos;
        while (bytes[tab] != '\t') {
          tab++;
        }
        row.read(bytes, pos, tab, end);
        writer.write(row);
        rows++;
        pos = end + 1;
      }
    }
    return rows;
  }

  /** Both writers' parts hold the same rows: a fingerprint of each column, read back by DuckDB. */
  private void checkSameRows() throws IOException, SQLException {
    duckdb();
    Path a = Files.move(dir.resolve("part-" + (part - 1) + ".parquet"), dir.resolve("check-duckdb.parquet"));
    parquetJava();
    Path b = Files.move(dir.resolve("part-" + (part - 1) + ".parquet"), dir.resolve("check-parquet-java.parquet"));
    StringBuilder select = new StringBuilder("count(*)");
    for (Column c : Column.ALL) {
      String value = c.duckType().equals("TIMESTAMP") ? "epoch_ms(\"" + c.name() + "\")" : '"' + c.name() + '"';
      select.append(", sum(hash(").append(value).append("))");
    }
    List<String> prints = new ArrayList<>();
    try (Statement s = duck.createStatement()) {
      for (Path file : List.of(a, b)) {
        try (var rs = s.executeQuery("SELECT " + select + " FROM read_parquet('" + DuckDb.literal(file.toString()) + "')")) {
          rs.next();
          StringBuilder print = new StringBuilder();
          for (int i = 1; i <= Column.ALL.size() + 1; i++) {
            print.append(rs.getString(i)).append(' ');
          }
          prints.add(print.toString());
        }
      }
    }
    if (!prints.get(0).equals(prints.get(1)) || !prints.get(0).startsWith(ROWS + " ")) {
      throw new IllegalStateException("the two parts differ: " + prints);
    }
    System.out.printf("%n%d rows, %d journal bytes; part bytes: duckdb %d, parquet-java %d%n", ROWS, Files.size(journal),
        Files.size(a), Files.size(b));
  }

  private static MessageType schema() {
    Types.MessageTypeBuilder b = Types.buildMessage();
    for (Column c : Column.ALL) {
      switch (c.duckType()) {
        case "TIMESTAMP" -> b.optional(PrimitiveTypeName.INT64)
            .as(LogicalTypeAnnotation.timestampType(true, LogicalTypeAnnotation.TimeUnit.MILLIS)).named(c.name());
        case "BOOLEAN" -> b.optional(PrimitiveTypeName.BOOLEAN).named(c.name());
        case "VARCHAR[]" -> b.optionalList().optionalElement(PrimitiveTypeName.BINARY)
            .as(LogicalTypeAnnotation.stringType()).named(c.name());
        default -> b.optional(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType()).named(c.name());
      }
    }
    return b.named("events");
  }

  /** One journal line's values; reused. Field i is column i of {@link Column#ALL}. */
  static final class Row {
    private static final Map<String, Integer> INDEX = new HashMap<>();
    private static final int RECORD = Column.ALL.size() - 1;

    static {
      for (int i = 0; i < Column.ALL.size(); i++) {
        INDEX.put(Column.ALL.get(i).name(), i);
      }
    }

    final Object[] values = new Object[Column.ALL.size()];
    private byte[] bytes;
    private int recordStart;
    private int recordEnd;

    void read(byte[] line, int start, int tab, int end) throws IOException {
      Arrays.fill(values, null);
      try (JsonParser p = JSON.createParser(line, start, tab - start)) {
        p.nextToken();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
          Integer i = INDEX.get(p.currentName());
          JsonToken value = p.nextToken();
          if (i == null || value == JsonToken.VALUE_NULL) {
            p.skipChildren();
          } else if (value == JsonToken.START_ARRAY) {
            List<String> list = new ArrayList<>();
            while (p.nextToken() != JsonToken.END_ARRAY) {
              list.add(p.getText());
            }
            values[i] = list;
          } else if (value == JsonToken.VALUE_TRUE || value == JsonToken.VALUE_FALSE) {
            values[i] = p.getBooleanValue();
          } else if (Column.ALL.get(i).duckType().equals("TIMESTAMP")) {
            values[i] = millis(p.getText());
          } else {
            values[i] = p.getText();
          }
        }
      }
      bytes = line;
      recordStart = tab + 1;
      recordEnd = end;
    }

    /** {@code yyyy-MM-dd HH:mm:ss.SSS}, UTC, as the row writer formats it. */
    private static long millis(String t) {
      long day = LocalDate.of(Integer.parseInt(t, 0, 4, 10), Integer.parseInt(t, 5, 7, 10),
          Integer.parseInt(t, 8, 10, 10)).toEpochDay();
      return ((day * 24 + Integer.parseInt(t, 11, 13, 10)) * 60 + Integer.parseInt(t, 14, 16, 10)) * 60_000L
          + Integer.parseInt(t, 17, 19, 10) * 1000L + Integer.parseInt(t, 20, 23, 10);
    }
  }

  private static final class Support extends WriteSupport<Row> {
    private RecordConsumer out;

    @Override
    @SuppressWarnings("deprecation") // abstract in WriteSupport; never called with PlainParquetConfiguration
    public WriteContext init(org.apache.hadoop.conf.Configuration configuration) {
      return new WriteContext(SCHEMA, Map.of());
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
      return new WriteContext(SCHEMA, Map.of());
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
      out = recordConsumer;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void write(Row row) {
      out.startMessage();
      for (int i = 0; i < Column.ALL.size(); i++) {
        String name = Column.ALL.get(i).name();
        Object v = row.values[i];
        if (i == Row.RECORD) {
          out.startField(name, i);
          out.addBinary(Binary.fromConstantByteArray(row.bytes, row.recordStart, row.recordEnd - row.recordStart));
          out.endField(name, i);
        } else if (v instanceof List<?> list) {
          out.startField(name, i);
          out.startGroup();
          if (!list.isEmpty()) {
            out.startField("list", 0);
            for (String rule : (List<String>) list) {
              out.startGroup();
              out.startField("element", 0);
              out.addBinary(Binary.fromString(rule));
              out.endField("element", 0);
              out.endGroup();
            }
            out.endField("list", 0);
          }
          out.endGroup();
          out.endField(name, i);
        } else if (v != null) {
          out.startField(name, i);
          if (v instanceof Long l) {
            out.addLong(l);
          } else if (v instanceof Boolean bool) {
            out.addBoolean(bool);
          } else {
            out.addBinary(Binary.fromString((String) v));
          }
          out.endField(name, i);
        }
      }
      out.endMessage();
    }
  }

  private static final class Builder extends ParquetWriter.Builder<Row, Builder> {
    Builder(OutputFile file) {
      super(file);
    }

    @Override
    protected Builder self() {
      return this;
    }

    @Override
    @SuppressWarnings("deprecation") // abstract in ParquetWriter.Builder; the other overload is used
    protected WriteSupport<Row> getWriteSupport(org.apache.hadoop.conf.Configuration configuration) {
      return new Support();
    }

    @Override
    protected WriteSupport<Row> getWriteSupport(ParquetConfiguration configuration) {
      return new Support();
    }
  }
}
