package dev.cairn.archive.write;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.archive.ArchiveSettings;
import dev.cairn.event.RecordFields;
import dev.cairn.runtime.Archiver;
import dev.cairn.runtime.state.ArchiveMark;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.StateStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The archive as the engine's {@link Archiver}: rows go to the journal with the inputs'
 * checkpoints, and a background thread ({@code cairn-archive-flush}) turns them into part files
 * when {@code flush.size} bytes are staged or the oldest staged row is {@code flush.interval} old.
 *
 * <pre>{@code
 * try (ArchiveWriter archive = ArchiveWriter.open(ArchiveSettings.to("/var/lib/cairn/archive"), store,
 *     Path.of(".cairn/archive"), Enricher.withAccounts(Map.of()), InstantSource.system())) {
 *   archive.start();   // carries out a flush a crash interrupted, then flushes what earlier runs staged
 *   CairnProcessor processor = CairnProcessor.builder().folder(inbox).stateStore(store)
 *       .archiver(archive).build();
 *   processor.runUntilDrained();
 * }                    // close(): the last flush
 * }</pre>
 *
 * <p>Threads: journals are used by the engine's workers; flushes run on the flush thread, or on
 * the caller of {@link #flushAll} and {@link #close}, one at a time.
 *
 * <p>A little past the usual size: the three ways a flush starts (the flush thread when due,
 * {@link #flushAll}, {@link #close}) share one lock, carry out a crashed flush's plan first, and
 * count into the same figures {@link #stats} reports; the flushing itself is {@code Flusher}'s.
 */
public final class ArchiveWriter implements Archiver, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ArchiveWriter.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final ArchiveSettings settings;
  private final StateStore store;
  private final RowEncoder encoder;
  private final InstantSource clock;
  private final Path journalDir;
  private final Segments segments;
  private final Target target;
  private final PartWriter writer;
  private final Flusher flusher;
  private final ReentrantLock flushLock = new ReentrantLock();
  private final ReentrantLock wake = new ReentrantLock();
  private final Condition due = wake.newCondition();
  private final AtomicLong rowsAppended = new AtomicLong();
  private final AtomicLong rowsJournaled = new AtomicLong();
  private final AtomicLong rowsFlushed = new AtomicLong();
  private final AtomicLong parts = new AtomicLong();
  private final AtomicLong bytes = new AtomicLong();
  private final AtomicLong flushes = new AtomicLong();
  private final AtomicLong failures = new AtomicLong();
  private volatile ArchiveListener listener = ArchiveListener.NONE;
  private volatile Instant lastFlush;
  private volatile boolean running;
  private volatile String lastError;
  private Thread thread;

  private ArchiveWriter(ArchiveSettings settings, StateStore store, Path staging, Enricher enricher, InstantSource clock,
      UnaryOperator<Target> targets) throws IOException, SQLException {
    this.settings = settings;
    this.store = store;
    this.clock = clock;
    this.encoder = new RowEncoder(enricher, settings.layout(), settings.partitionBy());
    this.journalDir = staging.resolve("journal");
    Path parts = staging.resolve("parts");
    Path spill = staging.resolve("spill");
    Files.createDirectories(journalDir);
    Files.createDirectories(parts);
    Files.createDirectories(spill);
    this.segments = new Segments(journalDir, Math.max(1L << 20, settings.flushSize() / 2));
    this.target = targets.apply(Target.open(settings.to(), settings.s3()));
    try {
      this.writer = new PartWriter(spill, Math.max(256L << 20, 3 * settings.flushSize()));
    } catch (SQLException e) {
      target.close();
      throw e;
    }
    this.flusher = new Flusher(settings, store.archive(), journalDir, parts, target, writer,
        store.archive().instanceId(), clock);
  }

  /**
   * Opens the archive: its staging folder (created if needed), its target, DuckDB. Call {@link
   * #start()} before the engine starts.
   *
   * @param store the engine's state store, which records the journal and the flushes
   * @param staging a local folder of this archive's own (the journal, parts being written, DuckDB's spill)
   * @param enricher names accounts and works out actors, as alerts do
   */
  public static ArchiveWriter open(ArchiveSettings settings, StateStore store, Path staging, Enricher enricher,
      InstantSource clock) throws IOException, SQLException {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(store, "store");
    return new ArchiveWriter(settings, store, staging, enricher, clock, UnaryOperator.identity());
  }

  /** For crash tests: the target wrapped, e.g. to stop the process between two parts of a flush. */
  static ArchiveWriter open(ArchiveSettings settings, StateStore store, Path staging, Enricher enricher,
      InstantSource clock, UnaryOperator<Target> targets) throws IOException, SQLException {
    return new ArchiveWriter(settings, store, staging, enricher, clock, targets);
  }

  /**
   * Tells {@code listener} of every flush from now on (call before {@link #start()} to hear of the
   * flush an earlier run did not finish too).
   */
  public void listen(ArchiveListener listener) {
    this.listener = Objects.requireNonNull(listener, "listener");
  }

  /**
   * Recovers what an earlier run left and starts the flush thread: a flush it was carrying out is
   * carried out again as planned; its journal segments are flushed; files no checkpoint covers are
   * deleted.
   *
   * @throws IOException when the staging folder cannot be read, or the interrupted flush fails
   */
  public void start() throws IOException, SQLException {
    flushLock.lock();
    try {
      Optional<dev.cairn.runtime.state.ArchiveLedger.Flush> pending = store.archive().pending();
      if (pending.isPresent()) {
        LOG.info("archive: carrying out flush {}, which an earlier run did not finish", pending.get().id());
        flushed(flusher.carryOut(pending.get()));
      }
      Map<String, Long> recorded = store.archive().segments();
      Instant now = clock.instant();
      recorded.forEach((name, length) -> segments.addLeftOver(name, length, now));
      try (Stream<Path> files = Files.list(journalDir)) {
        for (Path file : files.toList()) {
          if (!recorded.containsKey(file.getFileName().toString())) {
            Files.deleteIfExists(file); // appended by a reading that crashed before any checkpoint
          }
        }
      }
    } finally {
      flushLock.unlock();
    }
    running = true;
    thread = new Thread(this::loop, "cairn-archive-flush");
    thread.setDaemon(true);
    thread.start();
  }

  @Override
  public Journal open(String inputName, Optional<String> progressKey) {
    return new SegmentJournal(this, progressKey.isEmpty(), clock);
  }

  @Override
  public RecordFields recordFields() {
    return RowEncoder.recordFields();
  }

  /**
   * For callers without an engine ({@code cairn scan --archive}): stages the journal and records
   * its mark in a checkpoint of its own, then closes it.
   */
  public void commit(Journal journal) {
    try {
      Optional<ArchiveMark> mark = journal.stage();
      if (mark.isPresent()) {
        Instant now = clock.instant();
        store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, journal.actionKeys(),
            now.plus(dev.cairn.runtime.EngineConfig.DEDUP_WINDOW.defaultValue()), List.of(), now, mark));
        journal.committed();
      }
    } finally {
      journal.close();
    }
  }

  /** Flushes every committed row now, on the calling thread (waits for a flush in progress). */
  public void flushAll() throws IOException, SQLException {
    flushLock.lock();
    try {
      carryOutPending();
      while (true) {
        List<Segment> taken = segments.take(settings.flushSize(), true);
        if (taken.isEmpty()) {
          return;
        }
        flushTaken(taken);
      }
    } catch (IOException | SQLException | RuntimeException e) {
      failed(e);
      throw e;
    } finally {
      flushLock.unlock();
    }
  }

  /** Carries out the plan a failed flush recorded, if any (holding the flush lock). */
  private void carryOutPending() throws IOException, SQLException {
    Optional<dev.cairn.runtime.state.ArchiveLedger.Flush> pending = store.archive().pending();
    if (pending.isPresent()) {
      flushed(flusher.carryOut(pending.get()));
      segments.retainRecorded(store.archive().segments().keySet());
    }
  }

  private void flushTaken(List<Segment> taken) throws IOException, SQLException {
    ArchiveListener.Flushed done;
    try {
      done = flusher.flush(taken);
    } catch (IOException | SQLException | RuntimeException e) {
      // A plan may be recorded: it is carried out first next time. Otherwise the segments wait.
      segments.giveBack(taken);
      throw e;
    }
    segments.flushed(taken);
    flushed(done);
  }

  /** Counts a finished flush (null: nothing was written) and tells the listener. */
  private void flushed(ArchiveListener.Flushed done) {
    lastError = null;
    if (done == null) {
      return;
    }
    rowsFlushed.addAndGet(done.rows());
    parts.addAndGet(done.parts());
    bytes.addAndGet(done.bytes());
    flushes.incrementAndGet();
    lastFlush = done.at();
    try {
      listener.flushed(done);
    } catch (RuntimeException e) {
      LOG.warn("archive: a flush listener failed: {}", e.toString());
    }
  }

  private void failed(Exception e) {
    lastError = e.toString();
    failures.incrementAndGet();
    try {
      listener.flushFailed(target.describe(), e);
    } catch (RuntimeException ignored) {
      // Metrics only; the failure itself is logged by the caller.
    }
  }

  private void loop() {
    Duration backoff = Duration.ofSeconds(1);
    while (running) {
      try {
        awaitDue();
        if (!running) {
          return;
        }
        flushLock.lock();
        try {
          carryOutPending();
          // Only when due, as flush.size and flush.interval say: taking whatever is idle every second
          // made one small flush (and small part files) per second of reading.
          if (isOld() || segments.pendingBytes() >= settings.flushSize()) {
            List<Segment> taken = segments.take(settings.flushSize(), true);
            if (!taken.isEmpty()) {
              flushTaken(taken);
            }
          } else {
            segments.stopRotating();
          }
        } finally {
          flushLock.unlock();
        }
        backoff = Duration.ofSeconds(1);
      } catch (InterruptedException e) {
        return;
      } catch (Exception e) {
        failed(e);
        if (!running) {
          return; // close() flushes what is left
        }
        LOG.warn("archive: flush failed, retrying in {}s: {}", backoff.toSeconds(), e.toString());
        try {
          wake.lock();
          try {
            due.await(backoff.toMillis(), TimeUnit.MILLISECONDS);
          } finally {
            wake.unlock();
          }
        } catch (InterruptedException stop) {
          return;
        }
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  private boolean isOld() {
    Instant oldest = segments.oldestCommit();
    return oldest != null && Duration.between(oldest, clock.instant()).compareTo(settings.flushInterval()) >= 0;
  }

  /** Waits until enough rows are staged, the oldest is old enough, or a second passes. */
  // One timed wait that any signal ends early, spurious or not: the writer's loop re-checks everything.
  @SuppressWarnings("WaitNotInLoop")
  private void awaitDue() throws InterruptedException {
    wake.lock();
    try {
      if (segments.pendingBytes() < settings.flushSize() && !isOld()) {
        due.await(Math.min(1000, Math.max(10, settings.flushInterval().toMillis() / 4)), TimeUnit.MILLISECONDS);
      }
    } finally {
      wake.unlock();
    }
  }

  /** A journal committed {@code rows}: wake the flusher when a flush is due by size. */
  void committed(long rows) {
    rowsJournaled.addAndGet(rows);
    if (segments.pendingBytes() >= settings.flushSize()) {
      wakeUp();
    }
  }

  private void wakeUp() {
    wake.lock();
    try {
      due.signalAll();
    } finally {
      wake.unlock();
    }
  }

  void rowsAppended(int rows) {
    rowsAppended.addAndGet(rows);
  }

  ArchiveSettings settings() {
    return settings;
  }

  StateStore store() {
    return store;
  }

  Segments segments() {
    return segments;
  }

  RowEncoder encoder() {
    return encoder;
  }

  /** Counters since open, and what is staged now; any thread, without waiting for a flush. */
  public Stats stats() {
    long[] staged = segments.staged();
    return new Stats(rowsAppended.get(), rowsJournaled.get(), rowsFlushed.get(), parts.get(), bytes.get(),
        flushes.get(), failures.get(), staged[0], staged[1], Optional.ofNullable(segments.oldestCommit(true)),
        Optional.ofNullable(lastFlush), Optional.ofNullable(lastError));
  }

  /**
   * Counters since open, and what is staged now.
   *
   * @param rowsAppended rows appended to the journal (some may belong to readings that failed)
   * @param rowsJournaled rows committed to the journal with their inputs' checkpoints
   * @param rowsFlushed rows written to part files
   * @param parts part files committed
   * @param bytes bytes of the part files committed
   * @param flushes flushes finished
   * @param failures flushes that failed (each retry counts)
   * @param stagedRows committed rows not yet in the archive (a flush in progress included)
   * @param pendingBytes their bytes in the journal
   * @param oldestStaged when the oldest of them was committed
   * @param lastFlush when the last flush finished
   * @param lastError the last flush failure, if the last flush failed
   */
  public record Stats(long rowsAppended, long rowsJournaled, long rowsFlushed, long parts, long bytes, long flushes,
      long failures, long stagedRows, long pendingBytes, Optional<Instant> oldestStaged, Optional<Instant> lastFlush,
      Optional<String> lastError) {}

  /** Where parts go. */
  public String describe() {
    return target.describe();
  }

  /**
   * Stops the flush thread and flushes every committed row (call after the engine stopped). A
   * failing last flush is logged: its rows stay staged and are flushed by the next start.
   */
  @Override
  public void close() {
    running = false;
    if (thread != null) {
      // Not interrupted while it flushes: an interrupt closes the files DuckDB and the target are using.
      wakeUp();
      try {
        thread.join(TimeUnit.MINUTES.toMillis(5));
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(TimeUnit.SECONDS.toMillis(10));
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    try {
      flushAll();
    } catch (IOException | SQLException | RuntimeException e) {
      LOG.warn("archive: the last flush failed; its rows stay staged for the next start: {}", e.toString());
    } finally {
      segments.closeAll();
      writer.close();
      target.close();
    }
  }
}
