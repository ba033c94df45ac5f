package dev.cairn.runtime;

import dev.cairn.config.Config;
import dev.cairn.event.RecordFields;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.source.EventSource;
import dev.cairn.runtime.source.FolderConfig;
import dev.cairn.runtime.source.FolderSource;
import dev.cairn.runtime.state.StateStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;

/**
 * Cairn's engine as a library: reads CloudTrail events from a source (a watched folder, an SQS
 * queue), filters them, matches them against rules and hands the matches (or every event) to your
 * code in batches, at least once across crashes and restarts. It replaces AWS's CloudTrail
 * Processing Library.
 *
 * <pre>{@code
 * CairnProcessor processor = CairnProcessor.builder()
 *     .folder(Path.of("inbox"))
 *     .stateFile(Path.of(".cairn/state.db"))
 *     .rules(RuleSet.load(List.of(Path.of("rules/cis-aws-foundations.yaml"))))
 *     .matchHandler(matches -> matches.forEach(m ->
 *         System.out.println(m.rules().get(0).id() + " " + m.event().eventName() + " from " + m.input())))
 *     .build();
 * processor.start();          // returns at once; work happens on background threads
 * ...
 * processor.stop();           // or: processor.runUntilDrained() for a batch job
 * }</pre>
 *
 * <h2>Callbacks</h2>
 *
 * <table>
 *   <caption>Who calls what</caption>
 *   <tr><th>callback</th><th>thread</th><th>a thrown exception</th></tr>
 *   <tr><td>{@link SourceFilter}</td><td>worker, once per input, before opening</td><td>fails the item (redelivered)</td></tr>
 *   <tr><td>{@link EventFilter}</td><td>worker, once per event</td><td>fails the item (redelivered)</td></tr>
 *   <tr><td>{@link EventsProcessor}</td><td>worker, batches of 1..{@code batchSize} events of one input</td><td>fails the item (redelivered)</td></tr>
 *   <tr><td>{@link MatchHandler}</td><td>worker, the matches of one batch</td><td>fails the item (redelivered)</td></tr>
 *   <tr><td>{@link Archiver}</td><td>worker, each batch and checkpoint of one input</td><td>fails the item (redelivered)</td></tr>
 *   <tr><td>{@link ProgressReporter}</td><td>worker, per item and input</td><td>logged and counted, ignored</td></tr>
 *   <tr><td>{@link ExceptionHandler}</td><td>worker; poller for poll failures; the {@code stop()} caller for items it abandons</td><td>logged and counted, ignored</td></tr>
 *   <tr><td>{@link PipelineListener}</td><td>worker, or poller for {@code itemReceived}</td><td>logged and counted, ignored</td></tr>
 * </table>
 *
 * <p>Workers run concurrently, so every callback must be thread-safe; each work item (an SQS
 * message, a file) is handled entirely by one worker, so one input's batches arrive in order.
 *
 * <h2>What is guaranteed</h2>
 *
 * <ul>
 *   <li><b>At least once.</b> A work item is acknowledged (the SQS message deleted, the file recorded
 *       as done) only after every event of every input was handled; after a crash at any point,
 *       every event is handled on a later run.
 *   <li><b>Progress per input, not per event.</b> The state store records how far each input was
 *       read; an input delivered again is skipped if finished, or read on from its last checkpoint.
 *       A checkpoint follows every batch in which something was acted on, so after a crash at most
 *       the batch in progress on each worker is handed over again.
 *   <li><b>Matches once.</b> The key of every (rule, eventID) handed to the {@link MatchHandler} is
 *       recorded with the checkpoint, so the same match in another object (or a changed object)
 *       within the dedup window ({@link EngineConfig#DEDUP_WINDOW}) is not handed over again. Not
 *       guaranteed: a match handed over in the moment between the handler returning and its
 *       checkpoint being written (a {@code kill -9} exactly then) is handed over again after the
 *       restart.
 *   <li><b>Repeats across objects.</b> Events whose eventID was handled moments before in another
 *       input are dropped by an in-memory window of recent ids ({@link
 *       EngineConfig#RECENT_EVENT_IDS}); an older repeat that matched no rule reaches an {@link
 *       EventsProcessor} again.
 *   <li><b>Failures.</b> A poison input (corrupt gzip, invalid JSON, a value over the size limit) is
 *       logged with its name and reason, recorded as failed, and never stops the engine. An input
 *       whose reading was cut short {@code maxInterruptions} times in a row without getting further
 *       (the process died while reading it) is given up on the same way. A state store that fails (a full disk) is waited for with
 *       backoff, never blamed on the input ({@link #health()} says {@code DEGRADED}). A worker that
 *       dies of an {@link Error} stops the engine ({@link #health()} says {@code FAILED}, {@link
 *       #failure()} says why), so the process can exit and be restarted.
 * </ul>
 *
 * <p>Lifecycle: {@link #start()} once; {@link #stop()} from any thread (idempotent), or {@link
 * #runUntilDrained()}. A processor cannot be restarted; build a new one.
 *
 * <p>Longer than most classes here because its nested {@link Builder} is the library's whole
 * configuration surface, documented option by option; the engine itself is in {@code Pipeline},
 * {@code Poller}, {@code Worker} and {@code InputReader}.
 */
public final class CairnProcessor implements AutoCloseable {

  /** Marker for "no thread factory given": named daemon threads. */
  static final ThreadFactory DEFAULT_THREADS = runnable -> {
    Thread thread = new Thread(runnable);
    // Daemon, so a processor callback that ignores interruption cannot keep the JVM alive after stop.
    thread.setDaemon(true);
    return thread;
  };

  /**
   * How often {@link #runUntilDrained()} asks whether the source is drained while nothing is in
   * flight; an SQS source answers with an API call, so not much more often than this.
   */
  private static final Duration DRAIN_CHECK = Duration.ofMillis(100);

  /** Poll wait when neither the user nor the source chose one: a folder scan comes back this often. */
  private static final Duration DEFAULT_POLL_WAIT = Duration.ofMillis(500);

  private final Pipeline pipeline;
  private final Settings settings;

  private CairnProcessor(Settings settings) {
    this.settings = settings;
    this.pipeline = new Pipeline(settings);
  }

  /**
   * A builder; a source ({@link Builder#source} or {@link Builder#folder}) and something to hand
   * events to ({@link Builder#eventsProcessor}, or {@link Builder#rules} with {@link
   * Builder#matchHandler}) are required.
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Starts polling and processing on background threads and returns at once.
   *
   * @throws IllegalStateException when already started or stopped
   */
  public void start() {
    pipeline.start();
  }

  /**
   * Stops, waiting up to the configured stop timeout (default 30 s) for items in progress: see
   * {@link #stop(Duration)}.
   */
  public void stop() {
    stop(settings.stopTimeout());
  }

  /**
   * Stops: no more polling; items queued but not started are failed at once (left for
   * redelivery); items in progress may finish within {@code timeout}, after which they are failed
   * and their workers interrupted; then the source and (when built with {@link
   * Builder#stateFile}) the state store are closed. Safe to call from any thread and more than
   * once (later calls wait for the first). Nothing unfinished is ever acknowledged.
   *
   * @return true when every item in progress finished within the timeout
   */
  public boolean stop(Duration timeout) {
    requirePositiveOrZero(timeout, "timeout");
    return pipeline.stop(timeout);
  }

  /** Same as {@link #stop()}. */
  @Override
  public void close() {
    stop();
  }

  /**
   * Starts (if not started), processes until the source is drained (a folder with nothing new, a
   * queue that is empty) and nothing is in flight, then stops and returns statistics. Returns
   * early if another thread calls {@link #stop()}.
   *
   * @throws InterruptedException when the calling thread is interrupted; the processor is stopped
   *     first
   */
  public Stats runUntilDrained() throws InterruptedException {
    try {
      return runUntilDrained(Duration.ofDays(36_500));
    } catch (TimeoutException e) {
      throw new AssertionError("no timeout", e);
    }
  }

  /**
   * Like {@link #runUntilDrained()}, but gives up after {@code timeout}: then the processor is
   * stopped (work in progress left for redelivery) and a {@link TimeoutException} says what was
   * left, e.g. messages in flight elsewhere that have not come back yet.
   *
   * @throws TimeoutException when the source was not drained in time
   * @throws InterruptedException when the calling thread is interrupted; the processor is stopped
   *     first
   */
  public Stats runUntilDrained(Duration timeout) throws InterruptedException, TimeoutException {
    requirePositive(timeout, "timeout");
    try {
      pipeline.runUntilDrained(DRAIN_CHECK, timeout);
    } catch (InterruptedException e) {
      pipeline.stop(settings.stopTimeout());
      throw e;
    }
    return stats();
  }

  /**
   * How the engine is doing: {@code OK}; {@code DEGRADED} while it waits for a failing state store;
   * {@code FAILED} when not running (not started, stopped, or a worker died). Cheap; any thread.
   */
  public Health health() {
    return pipeline.health();
  }

  /** Why the engine stopped on its own: the {@link Error} a worker died of, if one did. */
  public Optional<Throwable> failure() {
    return pipeline.failure();
  }

  /**
   * The cause, when polling the source has failed without a break for at least {@code atLeast}
   * (an SQS endpoint that cannot be reached, credentials that are refused); empty while polls work.
   * A batch job can give up on it instead of waiting out its timeout.
   */
  public Optional<String> pollingFailure(Duration atLeast) {
    return pipeline.pollTrouble.failingFor(atLeast, settings.clock().instant());
  }

  /** Blocks until this processor has stopped (for a main thread that only waits for SIGTERM). */
  public void awaitStopped() throws InterruptedException {
    pipeline.awaitStopped();
  }

  /** True between {@link #start()} and {@link #stop()}. */
  public boolean isRunning() {
    return pipeline.running();
  }

  /** For engine tests. */
  Pipeline pipeline() {
    return pipeline;
  }

  /** Counters since start. Cheap; callable from any thread. */
  public Stats stats() {
    Settlement items = pipeline.settlement;
    return new Stats(items.itemsReceived.sum(), items.itemsCompleted.sum(), items.itemsFailed.sum(),
        items.inFlight().size(), pipeline.eventsIn.sum(), pipeline.eventsProcessed.sum(), pipeline.dedupHits.sum(),
        pipeline.matchesSuppressed.sum(), pipeline.decodeErrors.sum(), pipeline.callbackFailures());
  }

  /**
   * Counters since start.
   *
   * @param itemsReceived work items received from the source
   * @param itemsCompleted work items fully handled and acknowledged
   * @param itemsFailed work items failed (left for redelivery), poison included
   * @param inFlight work items received and not yet settled
   * @param eventsIn events decoded, before filtering and dedup (events an earlier attempt handled,
   *     skipped on resume, are not counted)
   * @param eventsProcessed events handled: handed to the events processor and matched against the
   *     rules, which returned normally
   * @param dedupHits events dropped as repeats of events handled moments before in another input
   * @param matchesSuppressed matches not handed over again because they were acted on before
   * @param decodeErrors inputs given up on: they could not be decoded (poison), or reading them was
   *     cut short too often
   * @param listenerFailures exceptions thrown (and ignored) by the listener, progress reporter or
   *     exception handler
   */
  public record Stats(long itemsReceived, long itemsCompleted, long itemsFailed, int inFlight, long eventsIn,
      long eventsProcessed, long dedupHits, long matchesSuppressed, long decodeErrors, long listenerFailures) {}

  private static void requirePositiveOrZero(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative()) {
      throw new IllegalArgumentException(name + " must not be negative, got " + value);
    }
  }

  private static void requirePositive(Duration value, String name) {
    Objects.requireNonNull(value, name);
    if (value.isNegative() || value.isZero()) {
      throw new IllegalArgumentException(name + " must be positive, got " + value);
    }
  }

  private static int requirePositive(int value, String name) {
    if (value < 1) {
      throw new IllegalArgumentException(name + " must be at least 1, got " + value);
    }
    return value;
  }

  /** The rules and the measurer's in one set, matched in one pass. */
  private static RuleSet withMeasured(RuleSet rules, Measurer measurer, StateStore store, boolean ownsStore) {
    if (measurer == null || measurer.rules().isEmpty()) {
      return rules;
    }
    List<Rule> all = new ArrayList<>(rules.rules());
    all.addAll(measurer.rules().rules());
    try {
      return RuleSet.of(all);
    } catch (InvalidRulesException e) {
      if (ownsStore) {
        store.close();
      }
      throw new IllegalStateException("the measurer's rules do not go with the rules: " + e.getMessage(), e);
    }
  }

  /**
   * Builds a {@link CairnProcessor}. Setters validate at once and throw {@link
   * IllegalArgumentException} (or {@link NullPointerException}) naming the setting; conflicting
   * settings ({@code source} and {@code folder}, {@code stateStore} and {@code stateFile}) are
   * rejected when the second is set. The defaults and ranges of the settings that are also config
   * keys are declared in {@link EngineConfig}.
   */
  public static final class Builder {
    private EventSource source;
    private Path folder;
    private Duration settleTime; // null: the folder source's default
    private StateStore stateStore;
    private Path stateFile;
    private EventsProcessor eventsProcessor;
    private RuleSet rules;
    private MatchHandler matchHandler;
    private Alerter alerter;
    private Measurer measurer;
    private Archiver archiver;
    private RuleSet exclude = RuleSet.empty();
    private EventFilter eventFilter = EventFilter.ALL;
    private SourceFilter sourceFilter = SourceFilter.ALL;
    private ProgressReporter progressReporter = ProgressReporter.NONE;
    private ExceptionHandler exceptionHandler = failure -> {};
    private PipelineListener listener = PipelineListener.NONE;
    private final Config.Builder engine = Config.builder(EngineConfig.DEF);
    private int pollers; // 0: the source's suggestion, else 1
    private Duration pollWait; // null: the source's suggestion, else 500 ms
    private Duration stopTimeout = Duration.ofSeconds(30);
    private Duration maxBackoff = Duration.ofSeconds(30);
    private Duration purgeInterval = Duration.ofMinutes(10);
    private InstantSource clock = InstantSource.system();
    private ThreadFactory threadFactory = DEFAULT_THREADS;
    private Decoder decoder;
    private RecordFields recordFields; // null: what the rules read, or whole records

    private Builder() {}

    /** Where work comes from, e.g. an SQS source from the {@code aws} module. Closed on stop. */
    public Builder source(EventSource source) {
      if (folder != null) {
        throw new IllegalStateException("folder was already set to " + folder + "; set either source or folder");
      }
      this.source = Objects.requireNonNull(source, "source");
      return this;
    }

    /**
     * Watch {@code directory} (recursively) with a {@link FolderSource} that keeps its progress in
     * this processor's state store. For more control build the {@link FolderSource} yourself.
     */
    public Builder folder(Path directory) {
      if (source != null) {
        throw new IllegalStateException("source was already set to " + source + "; set either source or folder");
      }
      this.folder = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /**
     * With {@link #folder}: how long a file's size and modification time must stay unchanged before
     * it is read ({@link FolderConfig#SETTLE}).
     */
    public Builder settleTime(Duration settleTime) {
      this.settleTime = FolderConfig.SETTLE.require(settleTime);
      return this;
    }

    /**
     * Applies the engine settings given in {@code config}: a section holding the keys of {@link
     * EngineConfig#DEF} (in {@code cairn.yaml}, the top level). Settings it leaves out keep their
     * current values, whose defaults are the declared ones too.
     */
    public Builder configure(Config config) {
      engine.setAll(config);
      return this;
    }

    /** The state store to use; the caller keeps ownership and closes it after stopping. Default: in memory. */
    public Builder stateStore(StateStore store) {
      if (stateFile != null) {
        throw new IllegalStateException("stateFile was already set to " + stateFile + "; set either stateStore or stateFile");
      }
      this.stateStore = Objects.requireNonNull(store, "store");
      return this;
    }

    /** Open (creating if needed) the state store in {@code file} at build time; the processor closes it on stop. */
    public Builder stateFile(Path file) {
      if (stateStore != null) {
        throw new IllegalStateException("stateStore was already set to " + stateStore + "; set either stateStore or stateFile");
      }
      this.stateFile = Objects.requireNonNull(file, "file");
      return this;
    }

    /**
     * Receives every event (after the filters, without repeats). Needed unless rules and a match
     * handler are set; both may be. See {@link EventsProcessor} for the contract.
     */
    public Builder eventsProcessor(EventsProcessor processor) {
      this.eventsProcessor = Objects.requireNonNull(processor, "eventsProcessor");
      return this;
    }

    /**
     * Matches every event against {@code rules}; the matches go to the {@link #matchHandler}, which
     * must be set too. Unless {@link #recordFields} is set, decoding then parses only the fields the
     * rules read.
     */
    public Builder rules(RuleSet rules) {
      this.rules = Objects.requireNonNull(rules, "rules");
      return this;
    }

    /** Acts on the events that matched the {@link #rules}. See {@link MatchHandler} for the contract. */
    public Builder matchHandler(MatchHandler handler) {
      this.matchHandler = Objects.requireNonNull(handler, "matchHandler");
      return this;
    }

    /**
     * Turns the events that matched the {@link #rules} into alerts, recorded in the state store's
     * outbox with the checkpoint that handles their events. See {@link Alerter}.
     */
    public Builder alerter(Alerter alerter) {
      this.alerter = Objects.requireNonNull(alerter, "alerter");
      return this;
    }

    /**
     * Turns the events that match the measurer's own rules into metric data, recorded in the state
     * store with the checkpoint that handles their events, each (rule, event) once. See {@link
     * Measurer}. Its rules are matched together with the {@link #rules} (which may then be left
     * out); their matches reach neither the match handler nor the alerter.
     */
    public Builder measurer(Measurer measurer) {
      this.measurer = Objects.requireNonNull(measurer, "measurer");
      return this;
    }

    /**
     * Keeps every handled event in an archive, written down with the checkpoints of the inputs they
     * come from (see {@link Archiver}); with {@link #rules}, each row names the rules it matched.
     * Rules need no match handler when there is an archiver.
     */
    public Builder archiver(Archiver archiver) {
      this.archiver = Objects.requireNonNull(archiver, "archiver");
      return this;
    }

    /**
     * Drops the events any of these rules match, before the {@link #rules} see them (the classic
     * "drop Describe*, Get*" noise filter, written in either rule language); counted as filtered.
     * Decoding parses the fields they read too.
     */
    public Builder exclude(RuleSet rules) {
      this.exclude = Objects.requireNonNull(rules, "exclude");
      return this;
    }

    /** Which events reach the processor (default: all). */
    public Builder eventFilter(EventFilter filter) {
      this.eventFilter = Objects.requireNonNull(filter, "eventFilter");
      return this;
    }

    /** Which inputs are read at all (default: all). */
    public Builder sourceFilter(SourceFilter filter) {
      this.sourceFilter = Objects.requireNonNull(filter, "sourceFilter");
      return this;
    }

    /** Told when items and inputs start and finish (default: nothing). */
    public Builder progressReporter(ProgressReporter reporter) {
      this.progressReporter = Objects.requireNonNull(reporter, "progressReporter");
      return this;
    }

    /** Told about every failure, which the engine has already logged (default: nothing more). */
    public Builder exceptionHandler(ExceptionHandler handler) {
      this.exceptionHandler = Objects.requireNonNull(handler, "exceptionHandler");
      return this;
    }

    /** Observability hook for metrics (default: {@link PipelineListener#NONE}). */
    public Builder listener(PipelineListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * How long a match, once acted on, is remembered (by rule and eventID) so that it is not handed
     * over again ({@link EngineConfig#DEDUP_WINDOW}); zero remembers none.
     */
    public Builder dedupWindow(Duration window) {
      engine.set(EngineConfig.DEDUP_WINDOW, window);
      return this;
    }

    /**
     * How many of the latest handled eventIDs are kept in memory to drop repeats of an event in
     * another input ({@link EngineConfig#RECENT_EVENT_IDS}, 32 bytes each); zero turns it off.
     */
    public Builder recentEventIds(int count) {
      engine.set(EngineConfig.RECENT_EVENT_IDS, count);
      return this;
    }

    /**
     * Remote inputs (S3 objects) downloaded ahead of the workers at once ({@link
     * EngineConfig#DOWNLOADS}), so network latency overlaps with decoding; zero downloads each on
     * the worker that decodes it.
     */
    public Builder downloads(int count) {
      engine.set(EngineConfig.DOWNLOADS, count);
      return this;
    }

    /**
     * Most bytes downloaded ahead and not yet decoded, across all downloads ({@link
     * EngineConfig#DOWNLOAD_BUFFER}). An object larger than what is free streams from its
     * connection as the worker decodes it.
     */
    public Builder downloadBuffer(long bytes) {
      engine.set(EngineConfig.DOWNLOAD_BUFFER, bytes);
      return this;
    }

    /**
     * An input whose reading was cut short this many times in a row without getting further (the
     * process died while reading it, e.g. out of memory) is given up on as poison instead of being read again ({@link
     * EngineConfig#MAX_INTERRUPTIONS}).
     */
    public Builder maxInterruptions(int count) {
      engine.set(EngineConfig.MAX_INTERRUPTIONS, count);
      return this;
    }

    /**
     * Longest time reading one input goes without recording its position, when nothing is acted on
     * ({@link EngineConfig#CHECKPOINT_INTERVAL}): bounds what a large input re-reads after a crash.
     */
    public Builder checkpointInterval(Duration interval) {
      engine.set(EngineConfig.CHECKPOINT_INTERVAL, interval);
      return this;
    }

    /** Most events per {@link EventsProcessor#process} call ({@link EngineConfig#BATCH_SIZE}). */
    public Builder batchSize(int size) {
      engine.set(EngineConfig.BATCH_SIZE, size);
      return this;
    }

    /** Poller threads calling {@code source.poll} (default: what the source suggests, else 1; an SQS source suggests 2). */
    public Builder pollers(int count) {
      this.pollers = requirePositive(count, "pollers");
      return this;
    }

    /** Worker threads handling items ({@link EngineConfig#WORKERS}). */
    public Builder workers(int count) {
      engine.set(EngineConfig.WORKERS, count);
      return this;
    }

    /** Items that may wait between pollers and workers ({@link EngineConfig#QUEUE_CAPACITY}). */
    public Builder queueCapacity(int capacity) {
      engine.set(EngineConfig.QUEUE_CAPACITY, capacity);
      return this;
    }

    /**
     * Longest a single poll waits for work (default: what the source suggests, else 500 ms; an SQS
     * source suggests its long-poll wait, 20 s unless configured).
     */
    public Builder pollWait(Duration wait) {
      requirePositiveOrZero(wait, "pollWait");
      this.pollWait = wait;
      return this;
    }

    /** How long {@link #stop()} waits for items in progress (default 30 s). */
    public Builder stopTimeout(Duration timeout) {
      requirePositiveOrZero(timeout, "stopTimeout");
      this.stopTimeout = timeout;
      return this;
    }

    /** Longest wait between polls after the source failed repeatedly (default 30 s; backoff starts at 100 ms and doubles). */
    public Builder maxBackoff(Duration backoff) {
      requirePositive(backoff, "maxBackoff");
      this.maxBackoff = backoff;
      return this;
    }

    /** The clock for dedup expiry, lag and settle times (default: the system clock). */
    public Builder clock(InstantSource clock) {
      this.clock = Objects.requireNonNull(clock, "clock");
      return this;
    }

    /** Makes the poller and worker threads (default: daemon threads named {@code cairn-poller-N}, {@code cairn-worker-N}). */
    public Builder threadFactory(ThreadFactory factory) {
      this.threadFactory = Objects.requireNonNull(factory, "threadFactory");
      return this;
    }

    /**
     * Parse only these record fields when decoding; the rest of each record stays JSON text until
     * an accessor needs it (see {@link dev.cairn.decode.EventDecoder#withRecordFields}). Give the
     * fields your filters read: decoding then builds no tree for the rest. Default: the fields the
     * {@link #rules} (and the {@link #alerter}) read when there are rules and no events processor,
     * else {@link RecordFields#ALL} (records parsed whole).
     */
    public Builder recordFields(RecordFields fields) {
      this.recordFields = Objects.requireNonNull(fields, "fields");
      return this;
    }

    /** For engine tests: replaces the standard decoder. */
    Builder decoder(Decoder decoder) {
      this.decoder = Objects.requireNonNull(decoder, "decoder");
      return this;
    }

    /** How often expired dedup records are deleted (default 10 min). */
    Builder purgeInterval(Duration interval) {
      requirePositive(interval, "purgeInterval");
      this.purgeInterval = interval;
      return this;
    }

    /**
     * Builds the processor, opening the state file if one was given.
     *
     * @throws IllegalStateException when no events processor or no source was set
     * @throws dev.cairn.runtime.state.StateStoreException when the state file cannot be opened
     */
    public CairnProcessor build() {
      boolean actsOnMatches = matchHandler != null || alerter != null;
      if (rules == null && actsOnMatches && measurer == null) {
        throw new IllegalStateException("a matchHandler or alerter needs rules: set rules(...)");
      }
      if (rules != null && !actsOnMatches && archiver == null) {
        throw new IllegalStateException("rules need a matchHandler or an alerter to act on the matches");
      }
      if (eventsProcessor == null && !actsOnMatches && measurer == null && archiver == null) {
        throw new IllegalStateException("set an eventsProcessor, or rules and a matchHandler");
      }
      if (source == null && folder == null) {
        throw new IllegalStateException("a source is required: set source(...) or folder(...)");
      }
      boolean ownsStore = stateFile != null;
      StateStore store = stateFile != null ? StateStore.open(stateFile)
          : stateStore != null ? stateStore : StateStore.inMemory();
      ownsStore |= stateStore == null;
      EventSource eventSource = source;
      if (eventSource == null) {
        try {
          FolderSource.Builder folderSource = FolderSource.builder(folder, store).clock(clock);
          if (settleTime != null) {
            folderSource.settleTime(settleTime);
          }
          eventSource = folderSource.build();
        } catch (RuntimeException e) {
          if (ownsStore) {
            store.close();
          }
          throw e;
        }
      }
      Config settings = engine.build();
      int pollerCount = pollers > 0 ? pollers : eventSource.suggestedPollers().orElse(1);
      Duration wait = pollWait != null ? pollWait : eventSource.suggestedPollWait().orElse(DEFAULT_POLL_WAIT);
      RuleSet matched = withMeasured(rules != null ? rules : RuleSet.empty(), measurer, store, ownsStore);
      RecordFields fields = recordFields != null ? recordFields
          : (matched.isEmpty() && archiver == null) || eventsProcessor != null ? RecordFields.ALL
          : matched.fields().union(exclude.fields());
      if (archiver != null && recordFields == null) {
        fields = fields.union(archiver.recordFields());
      }
      return new CairnProcessor(new Settings(eventSource, store, ownsStore, eventsProcessor,
          matched, matchHandler, alerter, measurer,
          measurer == null ? Set.of() : measurer.rules().rules().stream().map(Rule::id).collect(Collectors.toSet()),
          exclude, eventFilter, sourceFilter, progressReporter,
          exceptionHandler, listener, settings.get(EngineConfig.DEDUP_WINDOW), settings.get(EngineConfig.RECENT_EVENT_IDS),
          settings.get(EngineConfig.BATCH_SIZE), pollerCount, settings.get(EngineConfig.WORKERS),
          settings.get(EngineConfig.QUEUE_CAPACITY), wait, stopTimeout, maxBackoff, purgeInterval,
          settings.get(EngineConfig.CHECKPOINT_INTERVAL), settings.get(EngineConfig.DOWNLOADS),
          settings.get(EngineConfig.DOWNLOAD_BUFFER), settings.get(EngineConfig.MAX_INTERRUPTIONS), clock,
          threadFactory, decoder != null ? decoder
              : Decoder.standard(fields, settings.get(EngineConfig.MAX_VALUE_BYTES).intValue()), archiver));
    }
  }
}
