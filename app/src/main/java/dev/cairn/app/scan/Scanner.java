package dev.cairn.app.scan;

import dev.cairn.app.cli.IoReason;
import dev.cairn.app.output.LineFormatter;
import dev.cairn.archive.write.ArchiveWriter;
import dev.cairn.runtime.Archiver;
import dev.cairn.runtime.Match;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.DecodeSummary;
import dev.cairn.decode.EventDecoder;
import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.event.RecordFields;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.text.Printable;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;

/**
 * Decodes inputs in parallel, matches every event against the rules, and writes lines in input
 * order. Problems with one input are reported on the error stream and the others go on.
 *
 * <p>Threads: {@code threads} workers take one input each. When there are fewer inputs than
 * workers (one large file, say), so cores would go idle, each worker has its input's gzip inflated
 * on a second thread (from a pool as large as the workers', so one is always free) while it parses
 * and matches. With more inputs, none is: switching for the last few inputs cost more than their
 * idle tail, as the JIT recompiles the JSON parser when the streams under it change type.
 */
final class Scanner {
  private static final int ARCHIVE_BATCH = 500;
  private final RuleSet rules;
  private final boolean listEvents;
  private final LineFormatter formatter;
  private final PrintWriter err;
  private final int threads;
  private final EventDecoder decoder;
  final ScanTotals totals = new ScanTotals();
  /** Where every event is archived too ({@code --archive}); null when not. */
  private final ArchiveWriter archive;

  Scanner(RuleSet rules, boolean listEvents, LineFormatter formatter, PrintWriter err, int threads) {
    this(rules, listEvents, formatter, err, threads, null);
  }

  Scanner(RuleSet rules, boolean listEvents, LineFormatter formatter, PrintWriter err, int threads,
      ArchiveWriter archive) {
    this.archive = archive;
    this.rules = rules;
    this.listEvents = listEvents;
    this.formatter = formatter;
    this.err = err;
    this.threads = threads;
    // Parse only what the rules read and lines print; the rest of a record is parsed only if asked for.
    RecordFields fields = (listEvents ? RecordFields.core() : rules.fields()).union(formatter.fieldsPrinted());
    this.decoder = EventDecoder.create()
        .withRecordFields(archive == null ? fields : fields.union(archive.recordFields()).union(rules.fields()));
  }

  /** Scans every input; returns when all are done. */
  void scan(List<ScanInput> inputs, OrderedOutput output) throws InterruptedException {
    int workers = Math.max(1, Math.min(threads, inputs.size()));
    ExecutorService pool = Executors.newFixedThreadPool(workers, daemon("cairn-scan"));
    // Threads are made on first use: a scan that never hands off inflation starts none.
    ExecutorService inflating = Executors.newFixedThreadPool(workers, daemon("cairn-inflate"));
    EventDecoder chosen = inputs.size() < threads ? decoder.withDecompressionExecutor(inflating) : decoder;
    try {
      List<Future<?>> work = new ArrayList<>(inputs.size());
      for (ScanInput input : inputs) {
        OrderedOutput.Slot slot = output.newSlot();
        work.add(pool.submit(() -> scanOne(input, slot, chosen)));
      }
      for (Future<?> f : work) {
        f.get();
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("scan failed: " + e.getCause(), e.getCause());
    } finally {
      pool.shutdownNow();
      inflating.shutdownNow();
    }
  }

  private static ThreadFactory daemon(String name) {
    return r -> {
      Thread t = new Thread(r, name);
      t.setDaemon(true);
      return t;
    };
  }

  private void scanOne(ScanInput input, OrderedOutput.Slot slot, EventDecoder chosen) {
    FileListener listener = new FileListener(input.name(), slot);
    try (InputStream in = new CountingStream(input.open())) {
      DecodeSummary summary = chosen.decode(in, input.name(), listener);
      summary.error().ifPresent(error -> {
        totals.errors.incrementAndGet();
        report("error: " + error.describe());
      });
    } catch (IOException e) {
      totals.errors.incrementAndGet();
      report("error: " + input.name() + ": cannot be read: " + IoReason.of(e));
    } finally {
      listener.archiveRest();
      listener.flushCount();
      slot.close();
      totals.files.incrementAndGet();
      listener.reportSkipped();
    }
  }

  private void report(String message) {
    synchronized (err) {
      err.println(Printable.of("cairn: " + message));
    }
  }

  /** Receives one input's events on its scanning thread. */
  private final class FileListener implements DecodeListener {
    private final String file;
    private final OrderedOutput.Slot slot;
    private long skipped;
    private SkippedValue firstSkipped;
    private long invalid;
    private SkippedValue firstInvalid;
    /** Events not yet added to the shared total: adding each one would make the threads contend. */
    private int uncounted;
    private Archiver.Journal journal;
    private List<CloudTrailEvent> toArchive = new ArrayList<>();
    private List<Match> matched = new ArrayList<>();

    FileListener(String file, OrderedOutput.Slot slot) {
      this.file = file;
      this.slot = slot;
    }

    @Override
    public void onEvent(CloudTrailEvent event) {
      if (++uncounted == 1024) {
        flushCount();
      }
      if (archive != null) {
        toArchive.add(event);
        List<Rule> rulesHit = rules.isEmpty() ? List.of() : rules.match(event);
        if (!rulesHit.isEmpty()) {
          matched.add(new Match(event, rulesHit, file));
        }
        if (toArchive.size() == ARCHIVE_BATCH) {
          archiveBatch();
        }
      }
      if (listEvents) {
        slot.write(formatter.event(event, file));
        return;
      }
      List<Rule> hits = rules.match(event);
      if (!hits.isEmpty()) {
        totals.matches.addAndGet(hits.size());
        for (Rule rule : hits) {
          slot.write(formatter.match(rule, event, file));
        }
      }
    }

    @Override
    public void onSkipped(SkippedValue value) {
      totals.skipped.incrementAndGet();
      if (value.invalidJson()) {
        // Bad input, not merely JSON that is not an event: an error (exit 1), the lines after it still read.
        if (invalid++ == 0) {
          firstInvalid = value;
        }
        return;
      }
      if (skipped++ == 0) {
        firstSkipped = value;
      }
    }

    @Override
    public void onNote(String note) {
      report("note: " + file + ": " + note);
    }

    private void archiveBatch() {
      if (toArchive.isEmpty()) {
        return;
      }
      if (journal == null) {
        journal = archive.open(file, java.util.Optional.of(file));
      }
      journal.append(toArchive, matched);
      toArchive = new ArrayList<>();
      matched = new ArrayList<>();
    }

    /** The input's last events into the archive, and its journal recorded. */
    void archiveRest() {
      if (archive == null) {
        return;
      }
      try {
        archiveBatch();
        if (journal != null) {
          archive.commit(journal);
        }
      } catch (RuntimeException e) {
        totals.errors.incrementAndGet();
        report("error: " + file + ": cannot archive: " + e.getMessage());
      }
    }

    void flushCount() {
      totals.events.addAndGet(uncounted);
      uncounted = 0;
    }

    void reportSkipped() {
      if (invalid > 0) {
        totals.errors.incrementAndGet();
        report("error: " + file + ": " + invalid + (invalid == 1 ? " line was" : " lines were")
            + " skipped, the rest was read (first at line " + firstInvalid.line() + ": " + firstInvalid.reason() + ")");
      }
      if (skipped > 0) {
        report("note: " + file + ": " + skipped + (skipped == 1 ? " value was" : " values were")
            + " not an event (first at line " + firstSkipped.line() + ": " + firstSkipped.reason() + ")");
      }
    }
  }

  /** Counts bytes as they are read, for the progress line and --stats. */
  private final class CountingStream extends FilterInputStream {
    CountingStream(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        totals.bytesRead.incrementAndGet();
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        totals.bytesRead.addAndGet(n);
      }
      return n;
    }
  }
}
