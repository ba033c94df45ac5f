package dev.cairn.runtime.source;

import dev.cairn.runtime.state.FileProgress;
import dev.cairn.runtime.state.StateStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
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
 *   <li><b>Once, across restarts:</b> a file is offered once; when it is completed its size and
 *       modification time are recorded in the {@link StateStore}, and it is not offered again
 *       unless either changes (then it is handled again; dedup drops the events already handled).
 *   <li><b>Not half-written:</b> a file is offered only after its size and modification time were
 *       seen unchanged for the settle time (default 1 s, by the injected clock) across scans.
 *   <li><b>Ignored:</b> hidden files and directories ({@code .*}) and temporary files ({@code *.tmp},
 *       {@code *.part}), the names writers use before an atomic rename.
 *   <li><b>Failures:</b> a file failed with a {@link PoisonInputException} (it cannot be decoded) is
 *       recorded as failed with the reason and not retried until it changes. Any other failure
 *       (the processor threw) is retried after the retry delay, up to {@code maxAttempts} times in
 *       this process, then recorded as failed like poison: the folder's dead-letter. A failure
 *       while the source is closed (the engine stopping) is not recorded, so the next run retries.
 * </ul>
 *
 * <p>Scanning polls the file tree (portable, and works on network and container mounts where
 * {@code WatchService} does not). Thread-safety: {@link #poll} may be called from several threads
 * (scans are serialised); work items may be completed or failed from any thread, also after
 * {@link #close}.
 */
public final class FolderSource implements EventSource {
  private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);

  /** Default time a file must stay unchanged before it is read. */
  public static final Duration DEFAULT_SETTLE_TIME = Duration.ofSeconds(1);

  private final Path root;
  private final String keyPrefix;
  private final StateStore store;
  private final InstantSource clock;
  private final Duration settleTime;
  private final Duration scanInterval;
  private final Duration retryDelay;
  private final int maxAttempts;
  private final CountDownLatch closed = new CountDownLatch(1);

  // Guarded by this.
  private final Map<String, FileProgress> finished;
  private final Map<String, Observation> pending = new HashMap<>();
  private final Map<String, Observation> inFlight = new HashMap<>();
  private final Map<String, Retry> retries = new HashMap<>();
  private boolean lastScanQuiet;

  /** A file's size and modification time, first seen so at {@code since}. */
  private record Observation(long size, long modifiedMillis, Instant since) {
    boolean same(long otherSize, long otherModified) {
      return size == otherSize && modifiedMillis == otherModified;
    }
  }

  /** A file that failed for a reason that may pass: retried from {@code notBefore}. */
  private record Retry(Observation observation, int attempts, Instant notBefore) {}

  private FolderSource(Builder builder) {
    this.root = builder.directory;
    Path absolute = root.toAbsolutePath().normalize();
    this.keyPrefix = absolute.toString().endsWith(absolute.getFileSystem().getSeparator())
        ? absolute.toString() : absolute + absolute.getFileSystem().getSeparator();
    this.store = builder.store;
    this.clock = builder.clock;
    this.settleTime = builder.settleTime;
    this.scanInterval = builder.scanInterval;
    this.retryDelay = builder.retryDelay;
    this.maxAttempts = builder.maxAttempts;
    this.finished = new HashMap<>(store.fileProgressUnder(keyPrefix));
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
   * Scans for files ready to be read; when there are none, waits up to {@code maxWait} (at most
   * the scan interval) and scans once more.
   *
   * @throws IOException when the directory cannot be listed (it is missing or unreadable)
   */
  @Override
  public List<WorkItem> poll(Duration maxWait) throws IOException, InterruptedException {
    if (isClosed()) {
      return List.of();
    }
    List<WorkItem> ready = scan();
    if (!ready.isEmpty() || maxWait.isZero() || maxWait.isNegative()) {
      return ready;
    }
    Duration wait = maxWait.compareTo(scanInterval) < 0 ? maxWait : scanInterval;
    if (closed.await(wait.toMillis(), TimeUnit.MILLISECONDS)) {
      return List.of();
    }
    return scan();
  }

  /** True once a scan found nothing to offer and nothing waiting to settle or retry, and nothing is in flight. */
  @Override
  public synchronized boolean drained() {
    return lastScanQuiet && inFlight.isEmpty();
  }

  @Override
  public void close() {
    closed.countDown();
  }

  private boolean isClosed() {
    return closed.getCount() == 0;
  }

  private synchronized List<WorkItem> scan() throws IOException {
    Instant now = clock.instant();
    List<WorkItem> ready = new ArrayList<>();
    Set<String> present = new HashSet<>();
    boolean[] waiting = {false};
    // Following links lets people link files or folders into the inbox; loops end up in visitFileFailed.
    Files.walkFileTree(root, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        return dir.equals(root) || !ignored(dir) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (!attrs.isRegularFile() || ignored(file)) {
          return FileVisitResult.CONTINUE;
        }
        String key = key(file);
        present.add(key);
        if (consider(file, key, attrs.size(), attrs.lastModifiedTime().toMillis(), now, ready)) {
          waiting[0] = true;
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (file.equals(root)) {
          throw e;
        }
        // Deleted or renamed between listing and reading its attributes: the next scan will tell.
        LOG.debug("cannot read attributes of {}: {}", file, e.toString());
        return FileVisitResult.CONTINUE;
      }
    });
    pending.keySet().retainAll(present);
    retries.keySet().retainAll(present);
    lastScanQuiet = ready.isEmpty() && !waiting[0];
    return ready;
  }

  /** Adds the file to {@code ready} if it should be read now; returns true if it is waiting (to settle or retry). */
  private boolean consider(Path file, String key, long size, long modified, Instant now, List<WorkItem> ready) {
    if (inFlight.containsKey(key)) {
      return false;
    }
    FileProgress done = finished.get(key);
    if (done != null && done.matches(size, modified)) {
      return false;
    }
    Retry retry = retries.get(key);
    Observation seen;
    if (retry != null && retry.observation().same(size, modified)) {
      if (now.isBefore(retry.notBefore())) {
        return true;
      }
      seen = retry.observation(); // settled before its first attempt and unchanged since
    } else if ((seen = pending.get(key)) == null || !seen.same(size, modified)) {
      seen = new Observation(size, modified, now);
      pending.put(key, seen);
      if (!settleTime.isZero()) {
        return true;
      }
    } else if (Duration.between(seen.since(), now).compareTo(settleTime) < 0) {
      return true;
    }
    pending.remove(key);
    inFlight.put(key, seen);
    ready.add(new FileItem(file, key, seen));
    return false;
  }

  private static boolean ignored(Path path) {
    Path name = path.getFileName();
    if (name == null) {
      return false;
    }
    String text = name.toString();
    String lower = text.toLowerCase(Locale.ROOT);
    return text.startsWith(".") || lower.endsWith(".tmp") || lower.endsWith(".part");
  }

  private static String key(Path file) {
    return file.toAbsolutePath().normalize().toString();
  }

  // ---- settling -------------------------------------------------------------------------------

  private void completed(FileItem item) {
    record(item, FileProgress.done(item.key, item.observation.size(), item.observation.modifiedMillis()));
  }

  /** Records the file's outcome durably, then forgets it as in flight whatever the store did. */
  private void record(FileItem item, FileProgress progress) {
    try {
      store.recordFile(progress);
    } finally {
      synchronized (this) {
        finished.put(item.key, progress);
        retries.remove(item.key);
        release(item);
      }
    }
  }

  private void failed(FileItem item, Throwable cause) {
    PoisonInputException poison = PoisonInputException.find(cause);
    String reason;
    if (poison != null) {
      reason = poison.reason();
    } else if (isClosed()) {
      // The engine is stopping: the next run offers the file again.
      synchronized (this) {
        release(item);
      }
      return;
    } else {
      int attempts;
      synchronized (this) {
        Retry previous = retries.get(item.key);
        attempts = previous != null && previous.observation().same(item.observation.size(), item.observation.modifiedMillis())
            ? previous.attempts() + 1 : 1;
        if (attempts < maxAttempts) {
          retries.put(item.key, new Retry(item.observation, attempts, clock.instant().plus(retryDelay)));
          release(item);
          LOG.info("{}: attempt {} of {} failed ({}); retrying in {}", item.file, attempts, maxAttempts, cause, retryDelay);
          return;
        }
      }
      reason = "gave up after " + attempts + " attempts: " + cause;
    }
    FileProgress progress = FileProgress.failed(item.key, item.observation.size(), item.observation.modifiedMillis(), reason);
    LOG.warn("{}: recorded as failed; it is not read again until it changes: {}", item.file, reason);
    record(item, progress);
  }

  /** Caller holds the lock. */
  private void release(FileItem item) {
    inFlight.remove(item.key);
    // Something changed since the last scan; only a new scan may say the folder is drained.
    lastScanQuiet = false;
  }

  /** One file, offered once. */
  private final class FileItem implements WorkItem, Input {
    private final Path file;
    private final String key;
    private final Observation observation;
    private final Map<String, String> attributes;

    FileItem(Path file, String key, Observation observation) {
      this.file = file;
      this.key = key;
      this.observation = observation;
      this.attributes = Map.of("path", key, "size", Long.toString(observation.size()),
          "modified", Instant.ofEpochMilli(observation.modifiedMillis()).toString());
    }

    @Override
    public String describe() {
      return file.toString();
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
      return file.toString();
    }

    @Override
    public Map<String, String> attributes() {
      return attributes;
    }

    @Override
    public InputStream open() throws IOException {
      return Files.newInputStream(file);
    }

    @Override
    public String toString() {
      return "file " + file;
    }
  }

  /** Builds a {@link FolderSource}; setters validate at once. */
  public static final class Builder {
    private final Path directory;
    private final StateStore store;
    private Duration settleTime = DEFAULT_SETTLE_TIME;
    private Duration scanInterval = Duration.ofMillis(250);
    private Duration retryDelay = Duration.ofSeconds(5);
    private int maxAttempts = 3;
    private InstantSource clock = InstantSource.system();

    private Builder(Path directory, StateStore store) {
      this.directory = Objects.requireNonNull(directory, "directory");
      this.store = Objects.requireNonNull(store, "store");
    }

    /** How long size and modification time must stay unchanged before a file is read (default 1 s); zero reads at first sight. */
    public Builder settleTime(Duration settleTime) {
      this.settleTime = nonNegative(settleTime, "settleTime");
      return this;
    }

    /** Time between scans while idle (default 250 ms). */
    public Builder scanInterval(Duration interval) {
      this.scanInterval = nonNegative(interval, "scanInterval");
      if (interval.isZero()) {
        throw new IllegalArgumentException("scanInterval must be positive, got " + interval);
      }
      return this;
    }

    /** Wait before a file whose handling failed (not poison) is offered again (default 5 s). */
    public Builder retryDelay(Duration delay) {
      this.retryDelay = nonNegative(delay, "retryDelay");
      return this;
    }

    /** Attempts in one process before a file that keeps failing is recorded as failed (default 3). */
    public Builder maxAttempts(int attempts) {
      if (attempts < 1) {
        throw new IllegalArgumentException("maxAttempts must be at least 1, got " + attempts);
      }
      this.maxAttempts = attempts;
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
      if (Files.exists(directory) && !Files.isDirectory(directory)) {
        throw new IllegalArgumentException("folder source " + directory + " is not a directory");
      }
      try {
        Files.createDirectories(directory);
      } catch (IOException e) {
        throw new java.io.UncheckedIOException("folder source " + directory + ": cannot create it: " + e, e);
      }
      return new FolderSource(this);
    }

    private static Duration nonNegative(Duration value, String name) {
      Objects.requireNonNull(value, name);
      if (value.isNegative()) {
        throw new IllegalArgumentException(name + " must not be negative, got " + value);
      }
      return value;
    }
  }
}
