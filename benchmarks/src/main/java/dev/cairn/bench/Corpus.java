package dev.cairn.bench;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.zip.GZIPOutputStream;

/**
 * In-memory log files for the JMH benchmarks, generated from the bundled example trail (public for
 * the benchmarks built in modules of their own, such as {@code benchmarks/parquet-java}).
 */
public final class Corpus {
  private static final ObjectMapper JSON = new ObjectMapper();

  private Corpus() {}

  /** The bundled example trail's records, seed 7; run from the repository root or set {@code -Dcairn.examples}. */
  public static SyntheticTrail trail() {
    try {
      return new SyntheticTrail(SyntheticTrail.readPool(Path.of(System.getProperty("cairn.examples", "examples"))), 7);
    } catch (IOException e) {
      throw new UncheckedIOException("run from the repository root, or set -Dcairn.examples=<dir>", e);
    }
  }

  /** A {@code {"Records":[...]}} file of {@code records} records, gzip or plain. */
  public static byte[] logFile(SyntheticTrail trail, int records, boolean gzip) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (var out = gzip ? new GZIPOutputStream(bytes) : bytes;
        JsonGenerator json = JSON.createGenerator(out)) {
      trail.writeRecords(json, Instant.parse("2023-07-10T12:00:00Z"), records);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }
}
