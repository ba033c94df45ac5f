package dev.cairn.bench;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.Layout;
import dev.cairn.archive.write.RowEncoder;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * What archiving costs a worker per event: the row the archive's journal gets (the typed columns as
 * a small JSON object, the record's own text) written through a 64 KB buffer, as a journal segment
 * holds it, into a sink that keeps nothing. Events are decoded as {@code cairn run} decodes them with
 * the archive on (the fields rules and the columns read, the record kept as text), afresh before each
 * invocation. Microseconds per event, one thread, with bin/cairn's JIT flags. The journal's disk
 * writes and the DuckDB flush are not in it: {@code benchmarks/scripts/archive.sh} and bench-sqs's
 * {@code Cairn, archive on} measure those end to end.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmn64m", "-XX:FreqInlineSize=150", "-XX:InlineSmallCode=1000"})
public class ArchiveRowBenchmark {
  static final int EVENTS = 500;

  private byte[] records;
  private EventDecoder decoder;
  private RowEncoder encoder;
  private final List<Rule> matched = List.of(Rule.builder("cis-3.1-unauthorized-api-calls")
      .filter("{ $.errorCode = \"*UnauthorizedOperation\" }").build());
  private List<CloudTrailEvent> events;

  @Setup
  public void setUp() {
    records = Corpus.logFile(Corpus.trail(), EVENTS, false);
    decoder = EventDecoder.create().withRecordFields(RowEncoder.recordFields());
    encoder = new RowEncoder(Enricher.withAccounts(Map.of()), Layout.hive, List.of());
  }

  /** Fresh events, so that no parse or text an earlier invocation made is reused. */
  @Setup(Level.Invocation)
  public void decode() {
    List<CloudTrailEvent> fresh = new ArrayList<>(EVENTS);
    decoder.decode(new ByteArrayInputStream(records), "bench", fresh::add);
    events = fresh;
  }

  @Benchmark
  @OperationsPerInvocation(EVENTS)
  public void rows(Blackhole hole) throws IOException {
    Sink sink = new Sink();
    Instant now = Instant.now();
    try (RowEncoder.Rows rows = encoder.rows(sink)) {
      int i = 0;
      for (CloudTrailEvent event : events) {
        rows.write(event, i++ % 50 == 0 ? matched : List.of(), now); // some rows name a rule
      }
    }
    hole.consume(sink.bytes);
  }

  /** Counts bytes, keeps none; buffered in 64 KB like a journal segment, so each row is not a call per field. */
  private static final class Sink extends OutputStream {
    private final byte[] buffer = new byte[64 << 10];
    private int used;
    long bytes;

    @Override
    public void write(int b) {
      if (used == buffer.length) {
        used = 0;
      }
      buffer[used++] = (byte) b;
      bytes++;
    }

    @Override
    public void write(byte[] b, int off, int len) {
      while (len > 0) {
        if (used == buffer.length) {
          used = 0;
        }
        int n = Math.min(len, buffer.length - used);
        System.arraycopy(b, off, buffer, used, n);
        used += n;
        off += n;
        len -= n;
        bytes += n;
      }
    }
  }
}
