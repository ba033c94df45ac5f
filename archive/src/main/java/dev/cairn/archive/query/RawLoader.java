package dev.cairn.archive.query;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.Layout;
import dev.cairn.archive.write.RowEncoder;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.DecodeSummary;
import dev.cairn.decode.EventDecoder;
import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.RuleSet;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Decodes raw CloudTrail files in any shape {@code cairn scan} reads (Cairn's own {@link
 * EventDecoder}: log files plain or gzip by magic, JSON lines, concatenated JSON, EventBridge
 * envelopes, CloudWatch Logs payloads, lookup-events output) into archive rows: chunks of
 * about {@code chunkRows} rows (cut between inputs), each handed to a {@link ChunkSink} as soon as it
 * is complete, so that the rows of a month of logs never sit in memory or on disk all at once.
 */
final class RawLoader {
  /** Rows per chunk by default: about 200 MB of rows. */
  static final int CHUNK_ROWS = 100_000;

  /** Takes a finished chunk of rows (and deletes it when done with it). Called by loader threads. */
  interface ChunkSink {
    void accept(Path chunk) throws IOException;
  }

  private final RuleSet rules;
  private final int chunkRows;
  private final RowEncoder encoder = new RowEncoder(Enricher.withAccounts(java.util.Map.of()), Layout.hive, List.of());
  private final EventDecoder decoder;
  private final int threads;
  /** Whether rows hold the record's text (a query that reads the record column needs it). */
  private final boolean records;

  RawLoader(RuleSet rules, int threads, int chunkRows, boolean records) {
    this.rules = rules;
    this.chunkRows = Math.max(1, chunkRows);
    this.threads = Math.max(1, threads);
    this.records = records;
    this.decoder = EventDecoder.create().withRecordFields(RowEncoder.recordFields().union(rules.fields()));
  }

  /** What was loaded: events, and the inputs that failed (each one line). */
  record Loaded(long events, List<String> problems) {}

  Loaded load(List<Path> inputs, Path work, Consumer<String> notes, ChunkSink sink)
      throws IOException, InterruptedException {
    Files.createDirectories(work);
    int n = Math.min(threads, Math.max(1, inputs.size()));
    List<List<Path>> shares = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      shares.add(new ArrayList<>());
    }
    AtomicLong chunks = new AtomicLong();
    for (int i = 0; i < inputs.size(); i++) {
      shares.get(i % n).add(inputs.get(i));
    }
    AtomicLong events = new AtomicLong();
    List<String> problems = java.util.Collections.synchronizedList(new ArrayList<>());
    ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
      Thread t = new Thread(r, "cairn-query-load");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<?>> work2 = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        List<Path> share = shares.get(i);
        work2.add(pool.submit(() -> {
          loadShare(share, () -> work.resolve("rows-" + chunks.getAndIncrement() + ".tsv"), sink, events,
              problems, notes);
          return null;
        }));
      }
      for (Future<?> f : work2) {
        f.get();
      }
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw cause instanceof IOException io ? io : new IOException(cause.toString(), cause);
    } finally {
      pool.shutdownNow();
    }
    return new Loaded(events.get(), List.copyOf(problems));
  }

  private void loadShare(List<Path> share, Supplier<Path> names, ChunkSink sink, AtomicLong events,
      List<String> problems, Consumer<String> notes) throws IOException {
    Instant now = Instant.now();
    Chunk chunk = null;
    try {
      for (Path input : share) {
        if (chunk == null) {
          chunk = new Chunk(names.get());
        }
        Chunk into = chunk;
        DecodeListener listener = new DecodeListener() {
          @Override
          public void onEvent(CloudTrailEvent event) {
            try {
              into.rows.write(event, rules.isEmpty() ? List.of() : rules.match(event), now);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
            into.count++;
            events.incrementAndGet();
          }

          @Override
          public void onSkipped(SkippedValue skipped) {}

          @Override
          public void onNote(String note) {
            notes.accept(input + ": " + note);
          }
        };
        try (InputStream in = Files.newInputStream(input)) {
          DecodeSummary summary = decoder.decode(in, input.toString(), listener);
          summary.error().ifPresent(error -> problems.add(error.describe()));
        } catch (IOException e) {
          problems.add(input + ": cannot be read: " + e.getMessage());
        }
        if (chunk.count >= chunkRows) {
          chunk.finish(sink);
          chunk = null;
        }
      }
      if (chunk != null) {
        chunk.finish(sink);
        chunk = null;
      }
    } finally {
      if (chunk != null) {
        chunk.abandon();
      }
    }
  }

  /** One file of rows being written. */
  private final class Chunk {
    final Path file;
    final OutputStream out;
    final RowEncoder.Rows rows;
    long count;

    Chunk(Path file) throws IOException {
      this.file = file;
      this.out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16);
      this.rows = encoder.rows(out, records);
    }

    void finish(ChunkSink sink) throws IOException {
      rows.close();
      out.close();
      if (count == 0) {
        Files.deleteIfExists(file);
      } else {
        sink.accept(file);
      }
    }

    void abandon() {
      try {
        rows.close();
        out.close();
        Files.deleteIfExists(file);
      } catch (IOException e) {
        // the work folder is deleted with the query anyway
      }
    }
  }
}
