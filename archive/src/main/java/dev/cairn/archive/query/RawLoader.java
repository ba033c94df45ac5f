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

/**
 * Decodes raw CloudTrail files in any shape {@code cairn scan} reads (Cairn's own {@link
 * EventDecoder}: log files plain or gzip by magic, JSON lines, concatenated JSON, EventBridge
 * envelopes, CloudWatch Logs payloads, lookup-events output) into archive rows, one JSON-lines file
 * per thread, for DuckDB to load.
 */
final class RawLoader {
  private final RuleSet rules;
  private final RowEncoder encoder = new RowEncoder(Enricher.withAccounts(java.util.Map.of()), Layout.hive, List.of());
  private final EventDecoder decoder;
  private final int threads;

  RawLoader(RuleSet rules, int threads) {
    this.rules = rules;
    this.threads = Math.max(1, threads);
    this.decoder = EventDecoder.create().withRecordFields(RowEncoder.recordFields().union(rules.fields()));
  }

  /** What was loaded: the row files, events, and the inputs that failed (each one line). */
  record Loaded(List<Path> files, long events, List<String> problems) {}

  Loaded load(List<Path> inputs, Path work, Consumer<String> notes) throws IOException, InterruptedException {
    Files.createDirectories(work);
    int n = Math.min(threads, Math.max(1, inputs.size()));
    List<Path> outputs = new ArrayList<>();
    List<List<Path>> shares = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      outputs.add(work.resolve("rows-" + i + ".ndjson"));
      shares.add(new ArrayList<>());
    }
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
        Path out = outputs.get(i);
        List<Path> share = shares.get(i);
        work2.add(pool.submit(() -> {
          loadShare(share, out, events, problems, notes);
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
    return new Loaded(outputs, events.get(), List.copyOf(problems));
  }

  private void loadShare(List<Path> share, Path out, AtomicLong events, List<String> problems, Consumer<String> notes)
      throws IOException {
    Instant now = Instant.now();
    try (OutputStream file = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16);
        RowEncoder.Rows rows = encoder.rows(file)) {
      for (Path input : share) {
        DecodeListener listener = new DecodeListener() {
          @Override
          public void onEvent(CloudTrailEvent event) {
            try {
              rows.write(event, rules.isEmpty() ? List.of() : rules.match(event), now);
            } catch (IOException e) {
              throw new UncheckedIOException(e);
            }
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
      }
    }
  }
}
