package dev.cairn.bench;

import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.RuleSet;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Decoding throughput of one CloudTrail log file, in events per second (one thread): records parsed
 * whole, or only the fields the CIS pack reads (what {@code cairn scan} and {@code cairn run} do).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC"})
public class DecodeBenchmark {
  static final int RECORDS = 10_000;

  @Param({"true", "false"})
  boolean gzip;

  @Param({"whole", "cis"})
  String fields;

  private byte[] file;
  private EventDecoder decoder;

  @Setup
  public void setUp() throws InvalidRulesException {
    file = Corpus.logFile(Corpus.trail(), RECORDS, gzip);
    decoder = EventDecoder.create().withRecordFields(fields.equals("whole") ? RecordFields.ALL
        : RuleSet.load(List.of(Path.of("rules/cis-aws-foundations.yaml"))).fields());
  }

  @Benchmark
  @OperationsPerInvocation(RECORDS)
  public long decode(Blackhole hole) {
    long[] count = new long[1];
    decoder.decode(new ByteArrayInputStream(file), "bench", new DecodeListener() {
      @Override
      public void onEvent(CloudTrailEvent event) {
        hole.consume(event);
        count[0]++;
      }
    });
    return count[0];
  }
}
