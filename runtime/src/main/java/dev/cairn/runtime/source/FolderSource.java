package dev.cairn.runtime.source;

import dev.cairn.config.Config;
import dev.cairn.runtime.state.InputLedger;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.runtime.state.StateStoreException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches a local directory, recursively, for log files in any format the decoder reads, whatever
 * their names (Firehose objects have no extension). One {@link WorkItem} per file.
 *
 * <ul>
 *   <li><b>Once, across restarts:</b> the engine records each file's progress under its absolute
 *       path, with its size and modification time as the version; a file finished (or failed) is
 *       not offered again unless either changes (then it is read again, and matches already acted
 *       on are not repeated). A file half read when the process died is offered again and resumes.
 *   <li><b>Not half-written:</b> a file is offered only after its size and modification time were
 *       seen unchanged for the settle time (by the injected clock).
 *   <li><b>Ignored:</b> hidden files and directories ({@code .*}) and temporary files ({@code *.tmp},
 *       {@code *.part}), the names writers use before an atomic rename.
 *   <li><b>Failures:</b> poison (a file that cannot be decoded) is recorded as failed by the engine
 *       and not offered again until it changes. Any other failure (the processor threw, the file could
 *       not be opened) is retried after the retry delay, up to {@code maxAttempts} times in this
 *       process, then recorded as failed like poison: the folder's dead-letter. A failure while the
 *       source is closed (the engine stopping) is not recorded, so the next run retries.
 * </ul>
 *
 * <p><b>Finding files:</b> by file-system notifications ({@link WatchService}: inotify on Linux),
 * registered on every directory of the tree, plus a full walk at start and a slow safety rescan
 * ({@code rescanInterval}) for what notifications miss (network mounts, an overflowed
 * event queue). An idle inbox of tens of thousands of files then costs nearly nothing, where a walk
 * every quarter second cost a large share of a core. Where notifications are unavailable or run out
 * (the per-user inotify watch limit), or with {@code watch(false)}, the tree is walked every {@code
 * scanInterval} instead. Symbolic links to files and folders are followed (loops are
 * detected and skipped).
 *
 * <p>Settings, their defaults and ranges: {@link FolderConfig}.
 *
 * <p>Finding files is {@link FolderWatch}'s; this class is the life of each file found (seen,
 * settled, in flight, done, waiting for a retry, failed), one state machine behind one lock, with
 * its work item and public builder nested beside it: longer than most classes here for that reason.
 *
 * <p>Thread-safety: {@link #poll} may be called from several threads (checks are serialised);
 * work items may be completed or failed from any thread, also after {@link #close}.
 */
public final class FolderSource implements EventSource {
  private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);

  private final Path root;
  private final String keyPrefix;
  private final InputLedger ledger;
  private final InstantSource clock;
  private final Duration settleTime;
  private final Duration scanInterval;
  private final Duration rescanInterval;
  private final Duration retryDelay;
  private final int maxAttempts;
  private final CountDownLatch closed = new CountDownLatch(1);

  // Guarded by this.
  /** Version of each file whose reading is over (done or failed), by key. */
  private final Map<String, String> finished = new HashMap<>();
  private final Map<String, Observation> pending = new HashMap<>();
  private final Map<String, Observation> inFlight = new HashMap<>();
  private final Map<String, Retry> retries = new HashMap<>();
  private final FolderWatch watch;
  private Instant lastFullScan = Instant.MIN;
  private boolean fullScanRequested = true;
  /** Full scans so far, and the number of the last one that found nothing to do. */
  private long scans;
  private long quietScan = -1;
  /** The value of {@link #scans} when an item was last settled: a drain needs a quiet scan after it. */
  private long settledAt;

  /** A file's size and modification time, first seen so at {@code since}. */
  private record Observation(Path file, long size, long modifiedMillis, Instant since) {
    boolean same(long otherSize, long otherModified) {
      return size == otherSize && modifiedMillis == otherModified;
    }

    String version() {
      return size + ":" + modifiedMillis;
    }
  }

  /** A file that failed for a reason that may pass: retried from {@code notBefore}. */
  private record Retry(Observation observation, int attempts, Instant notBefore) {}

  private FolderSource(Builder builder, Config settings) {
    this.root = settings.get(FolderConfig.PATH);
    Path absolute = root.toAbsolutePath().normalize();
    this.keyPrefix = absolute.toString().endsWith(absolute.getFileSystem().getSeparator())
        ? absolute.toString() : absolute + absolute.getFileSystem().getSeparator();
    this.ledger = builder.store.inputs();
    this.clock = builder.clock;
    this.settleTime = settings.get(FolderConfig.SETTLE);
    this.scanInterval = settings.get(FolderConfig.SCAN_INTERVAL);
    this.rescanInterval = settings.get(FolderConfig.RESCAN_INTERVAL);
    this.retryDelay = settings.get(FolderConfig.RETRY_DELAY);
    this.maxAttempts = settings.get(FolderConfig.MAX_ATTEMPTS);
    for (InputState state : ledger.under(keyPrefix).values()) {
      if (state.finished()) {
        finished.put(state.key(), state.version().orElse(""));
      }
    }
    this.watch = new FolderWatch(root, settings.get(FolderConfig.WATCH), scanInterval);
  }

  /** A builder for a source watching {@code directory} (created if missing) with progress kept in {@code store}. */
  public static Builder builder(Path directory, StateStore store) {
    return new Builder(directory, store);
  }

  /** The watched directory. */
  public Path directory() {
    return root;
  }

  /**
   * The files and directories under the folder that could not be read for lack of permission
   * (warned about once each), e.g. for a batch job to fail on: their files were not handled.
   * Any thread.
   */
  public Set<Path> unreadable() {
    return watch.unreadable();
  }

  /** True while file-system notifications are used (false after falling back to walking the tree). */
  public synchronized boolean watching() {
    return watch.service() != null;
  }

  /** Full walks of the tree so far (the first one included): for tests of idle cost. */
  public synchronized long fullScans() {
    return scans;
  }

  /**
   * Offers files ready to be read; when there are none, waits up to {@code maxWait} for a
   * notification, a file to settle or a retry to come due, and looks once more.
   *
   * @throws IOException when the directory cannot be listed (it is missing or unreadable)
   */
  @Override
  public List<WorkItem> poll(Duration maxWait) throws IOException, InterruptedException {
    if (isClosed()) {
      return List.of();
    }
    List<WorkItem> ready = check();
    if (!ready.isEmpty() || maxWait.isZero() || maxWait.isNegative()) {
      return ready;
    }
    Duration wait = waitFor(maxWait);
    WatchService service;
    synchronized (this) {
      service = watch.service();
    }
    if (service == null) {
      if (closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
        return List.of();
      }
      return check();
    }
    WatchKey key;
    try {
      key = service.poll(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    } catch (ClosedWatchServiceException e) {
      return List.of();
    }
    if (isClosed()) {
      return List.of();
    }
    return key == null ? check() : check(key);
  }

  /** How long a poll may wait: until the next settle, retry or rescan is due, at most {@code maxWait}. */
  private synchronized Duration waitFor(Duration maxWait) {
    Instant now = clock.instant();
    Instant next = now.plus(maxWait);
    Duration interval = watch.service() != null ? rescanInterval : scanInterval;
    next = earlier(next, Instant.MIN.equals(lastFullScan) ? now : lastFullScan.plus(interval));
    for (Observation seen : pending.values()) {
      next = earlier(next, seen.since().plus(settleTime));
    }
    for (Retry retry : retries.values()) {
      next = earlier(next, retry.notBefore());
    }
    Duration wait = Duration.between(now, next);
    return wait.isNegative() ? Duration.ZERO : wait;
  }

  private static Instant earlier(Instant a, Instant b) {
    return b.isBefore(a) ? b : a;
  }

  /**
   * True once a full walk after the last settled item found nothing to offer and nothing waiting to
   * settle or retry, and nothing is in flight. When that walk is still to be made, asks the next poll
   * to make it.
   */
  @Override
  public synchronized boolean drained() {
    if (!inFlight.isEmpty() || !pending.isEmpty() || !retries.isEmpty()) {
      return false;
    }
    if (quietScan >= 0 && quietScan > settledAt) {
      return true;
    }
    fullScanRequested = true;
    return false;
  }

  @Override
  public void close() {
    closed.countDown();
    synchronized (this) {
      watch.close();
    }
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  // ---- looking for files --------------------------------------------------------------------

  /** {@link #check(WatchKey)} with no notification in hand (any queued ones are still handled). */
  private List<WorkItem> check() throws IOException {
    return check(null);
  }

  /**
   * Handles the notifications queued ({@code first}, if a poll received one, then any others), then
   * offers what is due: files whose settle time or retry delay has passed, and everything when a full
   * walk is due (at start, every rescan interval, or when asked for).
   */
  private synchronized List<WorkItem> check(WatchKey first) throws IOException {
    List<WorkItem> ready = new ArrayList<>();
    Instant now = clock.instant();
    if (!watch.notifications(first, found(now, ready, null))) {
      fullScanRequested = true;
    }
    // Without notifications every look is a walk; poll() spaces them by the scan interval.
    if (watch.service() == null || fullScanRequested || !lastFullScan.plus(rescanInterval).isAfter(now)) {
      walk(now, ready);
      return ready;
    }
    for (Observation seen : List.copyOf(pending.values())) {
      if (!seen.since().plus(settleTime).isAfter(now)) {
        restat(seen.file(), now, ready);
      }
    }
    for (Retry retry : List.copyOf(retries.values())) {
      if (!retry.notBefore().isAfter(now)) {
        restat(retry.observation().file(), now, ready);
      }
    }
    return ready;
  }

  /**
   * What a look reports goes to {@link #consider}; a deleted file stops waiting to settle or retry.
   * A full walk also collects the keys of the files present into {@code present} (when not null).
   */
  private FolderWatch.Found found(Instant now, List<WorkItem> ready, Set<String> present) {
    return new FolderWatch.Found() {
      @Override
      public void file(Path file, BasicFileAttributes attrs) {
        String key = key(file);
        if (present != null) {
          present.add(key);
        }
        consider(file, key, attrs.size(), attrs.lastModifiedTime().toMillis(), now, ready);
      }

      @Override
      public void deleted(Path file) {
        String gone = key(file);
        pending.remove(gone);
        retries.remove(gone);
      }
    };
  }

  private void restat(Path file, Instant now, List<WorkItem> ready) {
    String key = key(file);
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(file, BasicFileAttributes.class);
    } catch (IOException e) {
      pending.remove(key);
      retries.remove(key);
      return;
    }
    consider(file, key, attrs.size(), attrs.lastModifiedTime().toMillis(), now, ready);
  }

  /** Walks the whole tree (registering directories for notifications) and offers what is ready. */
  private void walk(Instant now, List<WorkItem> ready) throws IOException {
    Set<String> present = new HashSet<>();
    int before = ready.size();
    watch.walk(root, found(now, ready, present));
    pending.keySet().retainAll(present);
    retries.keySet().retainAll(present);
    scans++;
    lastFullScan = now;
    fullScanRequested = false;
    if (ready.size() == before && pending.isEmpty() && retries.isEmpty()) {
      quietScan = scans;
    }
  }

  /** Adds the file to {@code ready} if it should be read now. */
  private void consider(Path file, String key, long size, long modified, Instant now, List<WorkItem> ready) {
    if (inFlight.containsKey(key)) {
      return;
    }
    String done = finished.get(key);
    if (done != null && done.equals(size + ":" + modified)) {
      return;
    }
    Retry retry = retries.get(key);
    Observation seen;
    if (retry != null && retry.observation().same(size, modified)) {
      if (now.isBefore(retry.notBefore())) {
        return;
      }
      seen = retry.observation(); // settled before its first attempt and unchanged since
    } else if ((seen = pending.get(key)) == null || !seen.same(size, modified)) {
      seen = new Observation(file, size, modified, now);
      pending.put(key, seen);
      if (!settleTime.isZero()) {
        return;
      }
    } else if (Duration.between(seen.since(), now).compareTo(settleTime) < 0) {
      return;
    }
    pending.remove(key);
    inFlight.put(key, seen);
    ready.add(new FileItem(key, seen));
  }

  private static String key(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }

  // ---- settling -------------------------------------------------------------------------------

  /** The engine recorded the file as done; remember it so it is not offered again. */
  private synchronized void completed(FileItem item) {
    finished.put(item.key, item.observation.version());
    retries.remove(item.key);
    release(item);
  }

  private void failed(FileItem item, Throwable cause) {
    if (PoisonInputException.find(cause) != null) {
      synchronized (this) {
        // The engine recorded it as failed, with the reason.
        finished.put(item.key, item.observation.version());
        retries.remove(item.key);
        release(item);
      }
      return;
    }
    if (isClosed()) {
      // The engine is stopping: the next run offers the file again.
      synchronized (this) {
        release(item);
      }
      return;
    }
    int attempts;
    synchronized (this) {
      Retry previous = retries.get(item.key);
      attempts = previous != null && previous.observation().same(item.observation.size(), item.observation.modifiedMillis())
          ? previous.attempts() + 1 : 1;
      if (attempts < maxAttempts) {
        retries.put(item.key, new Retry(item.observation, attempts, clock.instant().plus(retryDelay)));
        release(item);
        LOG.info("{}: attempt {} of {} failed ({}); retrying in {}", item.observation.file(), attempts, maxAttempts, cause,
            retryDelay);
        return;
      }
    }
    String reason = "gave up after " + attempts + " attempts: " + cause;
    LOG.warn("{}: recorded as failed; it is not read again until it changes: {}", item.observation.file(), reason);
    try {
      ledger.fail(item.key, Optional.of(item.observation.version()), 0, reason, clock.instant());
    } catch (StateStoreException e) {
      LOG.warn("{}: could not record the failure ({}); it is retried after a restart", item.observation.file(),
          e.getMessage());
    } finally {
      synchronized (this) {
        finished.put(item.key, item.observation.version());
        retries.remove(item.key);
        release(item);
      }
    }
  }

  /** Caller holds the lock. */
  private void release(FileItem item) {
    inFlight.remove(item.key);
    settledAt = scans; // only a walk after this may say the folder is drained
  }

  /** One file, offered once. */
  private final class FileItem implements WorkItem, Input {
    private final String key;
    private final Observation observation;
    private final Map<String, String> attributes;

    FileItem(String key, Observation observation) {
      this.key = key;
      this.observation = observation;
      this.attributes = Map.of("path", key, "size", Long.toString(observation.size()),
          "modified", Instant.ofEpochMilli(observation.modifiedMillis()).toString());
    }

    @Override
    public String describe() {
      return observation.file().toString();
    }

    @Override
    public List<Input> inputs() {
      return List.of(this);
    }

    @Override
    public void completed() {
      FolderSource.this.completed(this);
    }

    @Override
    public void failed(Throwable cause) {
      FolderSource.this.failed(this, cause);
    }

    @Override
    public String name() {
      return observation.file().toString();
    }

    @Override
    public Map<String, String> attributes() {
      return attributes;
    }

    @Override
    public Optional<String> progressKey() {
      return Optional.of(key);
    }

    @Override
    public Optional<String> version() {
      return Optional.of(observation.version());
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(observation.file());
    }

    @Override
    public String toString() {
      return "file " + observation.file();
    }
  }

  /**
   * Builds a {@link FolderSource}; setters validate at once. Defaults and ranges are those declared
   * in {@link FolderConfig}.
   */
  public static final class Builder {
    private final StateStore store;
    private final Config.Builder settings = Config.builder(FolderConfig.DEF);
    private InstantSource clock = InstantSource.system();

    private Builder(Path directory, StateStore store) {
      settings.set(FolderConfig.PATH, Objects.requireNonNull(directory, "directory"));
      this.store = Objects.requireNonNull(store, "store");
    }

    /**
     * Applies the settings given in {@code folder}, a section of {@link FolderConfig#DEF} (such as
     * an entry of {@code sources.folders} in {@code cairn.yaml}), its path included; settings it
     * leaves out keep their current values.
     */
    public Builder configure(Config folder) {
      settings.setAll(folder);
      return this;
    }

    /** How long size and modification time must stay unchanged before a file is read ({@link FolderConfig#SETTLE}); zero reads at first sight. */
    public Builder settleTime(Duration settleTime) {
      settings.set(FolderConfig.SETTLE, settleTime);
      return this;
    }

    /** Time between walks of the tree when notifications are not used ({@link FolderConfig#SCAN_INTERVAL}). */
    public Builder scanInterval(Duration interval) {
      settings.set(FolderConfig.SCAN_INTERVAL, interval);
      return this;
    }

    /** Time between safety walks of the tree while notifications are used ({@link FolderConfig#RESCAN_INTERVAL}). */
    public Builder rescanInterval(Duration interval) {
      settings.set(FolderConfig.RESCAN_INTERVAL, interval);
      return this;
    }

    /**
     * Whether to use file-system notifications ({@link FolderConfig#WATCH}). Turn off for network
     * mounts whose changes by other hosts raise no notifications here; the tree is then walked
     * every {@link #scanInterval}.
     */
    public Builder watch(boolean watch) {
      settings.set(FolderConfig.WATCH, watch);
      return this;
    }

    /** Wait before a file whose handling failed (not poison) is offered again ({@link FolderConfig#RETRY_DELAY}). */
    public Builder retryDelay(Duration delay) {
      settings.set(FolderConfig.RETRY_DELAY, delay);
      return this;
    }

    /** Attempts in one process before a file that keeps failing is recorded as failed ({@link FolderConfig#MAX_ATTEMPTS}). */
    public Builder maxAttempts(int attempts) {
      settings.set(FolderConfig.MAX_ATTEMPTS, attempts);
      return this;
    }

    /** The clock for settle and retry times (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /**
     * Creates the directory if it is missing and builds the source.
     *
     * @throws java.io.UncheckedIOException when the directory cannot be created
     * @throws IllegalArgumentException when the path exists and is not a directory
     */
    public FolderSource build() {
      Config config = settings.build();
      Path directory = config.get(FolderConfig.PATH);
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new IllegalArgumentException("folder source " + directory + " is not a directory");
      }
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("folder source " + directory + ": cannot create it: " + e, e);
      }
      return new FolderSource(this, config);
    }
  }
}
