package dev.cairn.bench;

import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import java.io.ByteArrayInputStream;
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

/** Decoding throughput of one CloudTrail log file, in events per second (one thread). */
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

  private byte[] file;
  private final EventDecoder decoder = EventDecoder.create();

  @Setup
  public void setUp() {
    file = Corpus.logFile(Corpus.trail(), RECORDS, gzip);
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
