package dev.cairn.runtime;

import dev.cairn.decode.DecodeError;
import dev.cairn.decode.DecodeListener;
import dev.cairn.decode.DecodeSummary;
import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.ProgressReporter.Progress;
import dev.cairn.runtime.ProgressReporter.Step;
import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.source.PoisonInputException;
import dev.cairn.runtime.source.WorkItem;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine. Concurrency model:
 *
 * <ul>
 *   <li>{@code pollers} poller threads loop on {@code source.poll(pollWait)} and {@code put} each item
 *       into one bounded queue ({@code queueCapacity}); when the queue is full they block, so the
 *       source is not polled faster than items are handled (back-pressure).
 *   <li>{@code workers} worker threads take items and handle each one entirely on that thread:
 *       source filter, open, decode, event filter, batching, dedup, processor, mark handled, then
 *       {@code completed()}/{@code failed()}. One item is never split across threads, so the
 *       processor sees an input's events in order.
 *   <li>Dedup between workers: before asking the state store, a batch claims its event ids in a
 *       concurrent map; an id another batch holds is dropped (that batch either records it or
 *       fails its item, which is then redelivered). Claims are released when the batch ends.
 *   <li>Every item is a {@link Delivery} from the moment a poller receives it until it is settled;
 *       settling is a compare-and-set, so {@code completed}/{@code failed} is called exactly once
 *       even when a stop times out while a worker is still busy with it.
 *   <li>{@link #stop} runs on the caller's thread: close the source (blocked polls return), interrupt
 *       pollers, fail what is still queued, wait for workers to finish their current item until the
 *       timeout, then fail whatever is left and interrupt the workers.
 * </ul>
 */
final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);
  private static final Duration FIRST_BACKOFF = Duration.ofMillis(100);
  /** How often an idle worker looks at the stop flag. */
  private static final long WORKER_TAKE_MILLIS = 50;

  private enum State { NEW, RUNNING, STOPPING, STOPPED }

  private final Settings settings;
  private final GuardedCallbacks callbacks;
  private final BlockingQueue<Delivery> queue;
  private final Set<Delivery> inFlight = ConcurrentHashMap.newKeySet();
  /** Event ids being processed right now, by the batch handling them: dedup between workers. */
  private final ConcurrentHashMap<String, Object> claims = new ConcurrentHashMap<>();
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Thread> pollerThreads = new ArrayList<>();
  private final List<Thread> workerThreads = new ArrayList<>();
  private final Object lifecycle = new Object();
  private volatile State state = State.NEW;
  private volatile Instant lastPurge = Instant.MIN;
  /**
   * Whether a listener wants per-event lag: computing it parses each event's time, a sizeable
   * share of per-event cost, so it is skipped when nobody listens.
   */
  private final boolean reportsLag;

  final LongAdder itemsReceived = new LongAdder();
  final LongAdder itemsCompleted = new LongAdder();
  final LongAdder itemsFailed = new LongAdder();
  final LongAdder eventsIn = new LongAdder();
  final LongAdder eventsProcessed = new LongAdder();
  final LongAdder dedupHits = new LongAdder();
  final LongAdder decodeErrors = new LongAdder();

  Pipeline(Settings settings) {
    this.settings = settings;
    this.callbacks = new GuardedCallbacks(settings.listener(), settings.progress(), settings.exceptionHandler());
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.reportsLag = settings.listener() != PipelineListener.NONE;
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  void start() {
    synchronized (lifecycle) {
      if (state != State.NEW) {
        throw new IllegalStateException("already started (state " + state + "); a processor runs once");
      }
      for (int i = 0; i < settings.workers(); i++) {
        workerThreads.add(newThread("cairn-worker-" + i, this::workerLoop));
      }
      for (int i = 0; i < settings.pollers(); i++) {
        boolean housekeeper = i == 0;
        pollerThreads.add(newThread("cairn-poller-" + i, () -> pollerLoop(housekeeper)));
      }
      state = State.RUNNING;
      workerThreads.forEach(Thread::start);
      pollerThreads.forEach(Thread::start);
    }
    LOG.info("started: {} poller(s), {} worker(s), queue of {}, batches of {}, dedup window {}",
        settings.pollers(), settings.workers(), settings.queueCapacity(), settings.batchSize(), settings.dedupWindow());
  }

  private Thread newThread(String name, Runnable body) {
    Thread thread = settings.threadFactory().newThread(body);
    if (thread == null) {
      throw new IllegalStateException("thread factory returned null for " + name);
    }
    if (settings.threadFactory() == CairnProcessor.DEFAULT_THREADS) {
      thread.setName(name);
    }
    return thread;
  }

  boolean running() {
    return state == State.RUNNING;
  }

  /** Blocks until {@link #stop} has finished. */
  void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Starts if needed, waits until the source is drained and nothing is in flight, then stops.
   * Returns early if another thread stops the engine.
   */
  void runUntilDrained(Duration checkEvery) throws InterruptedException {
    synchronized (lifecycle) {
      if (state == State.NEW) {
        start();
      }
    }
    while (state == State.RUNNING) {
      if (stopSignal.await(checkEvery.toMillis(), TimeUnit.MILLISECONDS)) {
        break;
      }
      if (idle() && settings.source().drained() && idle()) {
        LOG.info("source drained and nothing in flight: stopping");
        break;
      }
    }
    stop(settings.stopTimeout());
  }

  /**
   * Nothing received is unsettled. Polls in progress are not counted (a poller waits inside poll
   * most of the time); the source's own {@code drained()} covers items it has handed out but the
   * engine has not counted yet, which its contract requires.
   */
  private boolean idle() {
    return inFlight.isEmpty() && queue.isEmpty();
  }

  /**
   * Stops: see the class comment. Idempotent; a second caller waits for the first to finish.
   *
   * @return true when every in-flight item finished within the timeout
   */
  boolean stop(Duration timeout) {
    boolean alreadyStopping = false;
    synchronized (lifecycle) {
      if (state == State.NEW) {
        state = State.STOPPED;
        stopSignal.countDown();
        closeResources();
        stopped.countDown();
        return true;
      }
      if (state == State.RUNNING) {
        state = State.STOPPING;
      } else {
        alreadyStopping = true;
      }
    }
    if (alreadyStopping) {
      // Outside the lock: the first caller needs it to finish.
      awaitQuietly(stopped);
      return true;
    }
    stopSignal.countDown();
    try {
      settings.source().close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the source failed", e);
    }
    pollerThreads.forEach(Thread::interrupt);
    joinAll(pollerThreads, Duration.ofSeconds(5));

    List<Delivery> queued = new ArrayList<>();
    queue.drainTo(queued);
    for (Delivery delivery : queued) {
      fail(delivery, Stage.STOP, Optional.empty(), new InterruptedException("stopped before it was started"));
    }

    // Workers leave their loop once the queue is empty and the state is STOPPING; wait for the
    // ones still busy with an item. An operational timeout, so real time, not the injected clock.
    boolean finished = joinAll(workerThreads, timeout) && inFlight.isEmpty();
    if (!finished) {
      List<Delivery> unfinished = new ArrayList<>(inFlight);
      LOG.warn("stop timed out after {} with {} item(s) in flight; failing them for redelivery", timeout, unfinished.size());
      for (Delivery delivery : unfinished) {
        fail(delivery, Stage.STOP, Optional.empty(), new InterruptedException("stopped before it was finished"));
      }
      workerThreads.forEach(Thread::interrupt);
      joinAll(workerThreads, Duration.ofSeconds(1));
    }
    closeResources();
    synchronized (lifecycle) {
      state = State.STOPPED;
    }
    stopped.countDown();
    LOG.info("stopped: {} item(s) completed, {} failed", itemsCompleted.sum(), itemsFailed.sum());
    return finished;
  }

  private void closeResources() {
    try {
      settings.source().close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the source failed", e);
    }
    if (settings.ownsStore()) {
      try {
        settings.store().close();
      } catch (RuntimeException e) {
        LOG.warn("closing the state store failed", e);
      }
    }
  }

  private static boolean joinAll(List<Thread> threads, Duration within) {
    long deadline = System.currentTimeMillis() + within.toMillis();
    boolean interrupted = false;
    for (Thread thread : threads) {
      if (thread == Thread.currentThread()) {
        continue; // stop() called from a callback: this worker finishes its item after returning
      }
      long left = deadline - System.currentTimeMillis();
      while (thread.isAlive() && left > 0) {
        try {
          thread.join(left);
        } catch (InterruptedException e) {
          interrupted = true;
        }
        left = deadline - System.currentTimeMillis();
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
    return threads.stream().noneMatch(t -> t != Thread.currentThread() && t.isAlive());
  }

  private static void awaitQuietly(CountDownLatch latch) {
    try {
      latch.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  Set<Delivery> inFlight() {
    return Collections.unmodifiableSet(inFlight);
  }

  long callbackFailures() {
    return callbacks.failures();
  }

  // ---- pollers ------------------------------------------------------------------------------

  private void pollerLoop(boolean housekeeper) {
    Duration backoff = FIRST_BACKOFF;
    while (state == State.RUNNING) {
      List<Delivery> deliveries = null;
      try {
        List<WorkItem> items = settings.source().poll(settings.pollWait());
        backoff = FIRST_BACKOFF;
        deliveries = receive(items);
      } catch (InterruptedException e) {
        return;
      } catch (IOException | RuntimeException e) {
        if (state != State.RUNNING) {
          return;
        }
        LOG.warn("polling the source failed; retrying in {}", backoff, e);
        callbacks.exception(new ProcessingFailure(Stage.POLL, Optional.empty(), Optional.empty(), e));
      }
      if (deliveries == null) {
        try {
          if (stopSignal.await(backoff.toMillis(), TimeUnit.MILLISECONDS)) {
            return;
          }
        } catch (InterruptedException e) {
          return;
        }
        backoff = min(backoff.multipliedBy(2), settings.maxBackoff());
        continue;
      }
      for (int i = 0; i < deliveries.size(); i++) {
        try {
          if (state != State.RUNNING) {
            throw new InterruptedException();
          }
          queue.put(deliveries.get(i)); // blocks while the queue is full: back-pressure on polling
        } catch (InterruptedException e) {
          failUnqueued(deliveries.subList(i, deliveries.size()));
          return;
        }
      }
      if (housekeeper) {
        purgeIfDue();
      }
    }
  }

  private List<Delivery> receive(List<WorkItem> items) {
    List<Delivery> deliveries = new ArrayList<>(items.size());
    for (WorkItem item : items) {
      Delivery delivery = new Delivery(item, settings.clock().instant());
      inFlight.add(delivery);
      itemsReceived.increment();
      callbacks.itemReceived(delivery.name);
      deliveries.add(delivery);
    }
    return deliveries;
  }

  private void failUnqueued(List<Delivery> deliveries) {
    for (Delivery delivery : deliveries) {
      fail(delivery, Stage.STOP, Optional.empty(), new InterruptedException("stopped before it was queued"));
    }
  }

  private void purgeIfDue() {
    if (settings.dedupWindow().isZero()) {
      return;
    }
    Instant now = settings.clock().instant();
    if (lastPurge.plus(settings.purgeInterval()).isAfter(now)) {
      return;
    }
    lastPurge = now;
    try {
      int purged = settings.store().purgeExpired(now);
      if (purged > 0) {
        LOG.debug("purged {} expired dedup record(s)", purged);
      }
    } catch (RuntimeException e) {
      LOG.warn("purging expired dedup records failed; will retry", e);
    }
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  // ---- workers ------------------------------------------------------------------------------

  private void workerLoop() {
    while (true) {
      Delivery delivery;
      try {
        delivery = queue.poll(WORKER_TAKE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        if (state == State.RUNNING) {
          continue;
        }
        return;
      }
      if (delivery == null) {
        if (state != State.RUNNING) {
          return;
        }
        continue;
      }
      if (state != State.RUNNING) {
        fail(delivery, Stage.STOP, Optional.empty(), new InterruptedException("stopped before it was started"));
        continue;
      }
      try {
        handle(delivery);
      } catch (RuntimeException | Error e) {
        // handle() catches everything it expects; this is a bug, but the item must still be settled.
        LOG.error("unexpected failure handling {}", delivery.name, e);
        fail(delivery, Stage.PROCESS, Optional.empty(), e);
        if (e instanceof Error error && !(e instanceof AssertionError)) {
          throw error;
        }
      }
      // A stop that timed out interrupts workers; clear it so the next take behaves.
      if (Thread.interrupted() && state == State.RUNNING) {
        LOG.debug("worker interrupted while running; continuing");
      }
    }
  }

  /** A failure at a known stage that ends the item; carries what to report. */
  private static final class StageFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final Stage stage;
    final transient Input input;

    StageFailure(Stage stage, Input input, Throwable cause) {
      super(cause);
      this.stage = stage;
      this.input = input;
    }
  }

  private void handle(Delivery delivery) {
    Instant started = settings.clock().instant();
    callbacks.itemStarted(delivery.name, Duration.between(delivery.receivedAt, started));
    callbacks.progress(new Progress(Step.ITEM_STARTED, delivery.name, Optional.empty(), 0, Optional.empty()));
    long events = 0;
    PoisonInputException poison = null;
    try {
      for (Input input : delivery.item.inputs()) {
        if (delivery.settled.get()) {
          return; // a stop gave up on this item and already failed it
        }
        boolean accepted;
        try {
          accepted = settings.sourceFilter().accept(input);
        } catch (RuntimeException e) {
          throw new StageFailure(Stage.SOURCE_FILTER, input, e);
        }
        if (!accepted) {
          callbacks.inputSkipped(input.name());
          continue;
        }
        callbacks.progress(new Progress(Step.INPUT_STARTED, delivery.name, Optional.of(input.name()), 0, Optional.empty()));
        InputRun run = new InputRun(delivery, input);
        PoisonInputException inputPoison;
        try {
          inputPoison = run.read();
        } catch (StageFailure failure) {
          events += run.processed;
          callbacks.progress(new Progress(Step.INPUT_FINISHED, delivery.name, Optional.of(input.name()), run.processed,
              Optional.of(failure.getCause())));
          throw failure;
        }
        events += run.processed;
        callbacks.progress(new Progress(Step.INPUT_FINISHED, delivery.name, Optional.of(input.name()), run.processed,
            Optional.ofNullable(inputPoison)));
        if (inputPoison != null) {
          if (poison == null) {
            poison = inputPoison;
          } else {
            poison.addSuppressed(inputPoison);
          }
        }
      }
    } catch (StageFailure failure) {
      Throwable cause = failure.getCause();
      fail(delivery, failure.stage, Optional.ofNullable(failure.input).map(Input::name), cause);
      callbacks.progress(new Progress(Step.ITEM_FINISHED, delivery.name, Optional.empty(), events, Optional.of(cause)));
      return;
    }
    if (poison != null) {
      // Already reported per input; the item fails so the source does not forget it as done.
      settle(delivery, false, poison);
    } else {
      settle(delivery, true, null);
    }
    callbacks.progress(new Progress(Step.ITEM_FINISHED, delivery.name, Optional.empty(), events, Optional.ofNullable(poison)));
  }

  private void fail(Delivery delivery, Stage stage, Optional<String> input, Throwable cause) {
    ProcessingFailure failure = new ProcessingFailure(stage, Optional.of(delivery.name), input, cause);
    if (stage == Stage.STOP) {
      LOG.info("{} left for redelivery: engine stopping", delivery.name);
    } else {
      LOG.warn("{}; left for redelivery", failure.describe(), cause);
    }
    if (settle(delivery, false, cause)) {
      callbacks.exception(failure);
    }
  }

  /** Settles the item exactly once; false when it was already settled. */
  private boolean settle(Delivery delivery, boolean success, Throwable cause) {
    if (!delivery.settled.compareAndSet(false, true)) {
      return false;
    }
    try {
      if (success) {
        try {
          delivery.item.completed();
        } catch (RuntimeException e) {
          // The work was done, but the source could not forget the item: it comes back and dedup
          // absorbs it. Count it as failed so it is visible.
          LOG.warn("{}: handled, but acknowledging it failed; it will be delivered again", delivery.name, e);
          itemsFailed.increment();
          callbacks.itemFailed(delivery.name, e);
          callbacks.exception(new ProcessingFailure(Stage.ACKNOWLEDGE, Optional.of(delivery.name), Optional.empty(), e));
          return true;
        }
        itemsCompleted.increment();
        callbacks.itemCompleted(delivery.name, Duration.between(delivery.receivedAt, settings.clock().instant()));
      } else {
        try {
          delivery.item.failed(cause);
        } catch (RuntimeException e) {
          LOG.warn("{}: telling the source it failed failed too", delivery.name, e);
        }
        itemsFailed.increment();
        callbacks.itemFailed(delivery.name, cause);
      }
      return true;
    } finally {
      inFlight.remove(delivery);
    }
  }

  /** Reads one input: decode, filter, batch, dedup, process, mark. Used by one worker thread. */
  private final class InputRun implements DecodeListener {
    private final Delivery delivery;
    private final Input input;
    private List<CloudTrailEvent> batch;
    long processed;

    InputRun(Delivery delivery, Input input) {
      this.delivery = delivery;
      this.input = input;
      this.batch = new ArrayList<>(settings.batchSize());
    }

    /** Returns the poison found, if any; throws {@link StageFailure} for failures that end the item. */
    PoisonInputException read() {
      InputStream raw;
      try {
        raw = input.open();
      } catch (IOException | RuntimeException e) {
        return poison("cannot open: " + e, e);
      }
      CountingInputStream counting = new CountingInputStream(raw);
      DecodeSummary summary;
      try {
        try {
          summary = settings.decoder().decode(counting, input.name(), this);
        } catch (StageFailure failure) {
          throw failure;
        } catch (RuntimeException e) {
          // The decoder promises not to throw for bad input; if it does anyway, the input cannot
          // be handled as it is, and retrying will not change that.
          return poison("decoder failed: " + e, e);
        }
        flush();
      } finally {
        try {
          counting.close();
        } catch (IOException e) {
          LOG.debug("closing {} failed", input.name(), e);
        }
        callbacks.bytesRead(input.name(), counting.count());
      }
      if (summary.error().isPresent()) {
        DecodeError error = summary.error().get();
        if (error.kind() == DecodeError.Kind.IO) {
          // The bytes could not be read (network, disk): not the input's fault, so retry it.
          throw new StageFailure(Stage.DECODE, input, new IOException(input.name() + ": " + reason(error)));
        }
        return poison(reason(error), null);
      }
      return null;
    }

    /** The error without its leading source name, which every message here already starts with. */
    private String reason(DecodeError error) {
      String text = error.describe();
      String prefix = error.source() + ": ";
      return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    private PoisonInputException poison(String reason, Throwable cause) {
      decodeErrors.increment();
      LOG.warn("poison input {}: {}", input.name(), reason);
      callbacks.decodeFailed(input.name(), reason);
      PoisonInputException poison = new PoisonInputException(input.name(), reason, cause);
      callbacks.exception(new ProcessingFailure(Stage.DECODE, Optional.of(delivery.name), Optional.of(input.name()), poison));
      return poison;
    }

    @Override
    public void onEvent(CloudTrailEvent event) {
      if (delivery.settled.get() || Thread.currentThread().isInterrupted()) {
        throw new StageFailure(Stage.STOP, input, new InterruptedException("stopped while reading"));
      }
      eventsIn.increment();
      callbacks.eventReceived(event);
      if (reportsLag) {
        reportLag(event);
      }
      boolean accepted;
      try {
        accepted = settings.eventFilter().accept(event);
      } catch (RuntimeException e) {
        throw new StageFailure(Stage.EVENT_FILTER, input, e);
      }
      if (!accepted) {
        callbacks.eventFiltered(event);
        return;
      }
      batch.add(event);
      if (batch.size() >= settings.batchSize()) {
        flush();
      }
    }

    private void reportLag(CloudTrailEvent event) {
      Instant eventTime = event.eventTime();
      if (eventTime != null) {
        callbacks.eventLag(orUnknown(event.account()), orUnknown(event.awsRegion()),
            Duration.between(eventTime, settings.clock().instant()));
      }
    }

    @Override
    public void onSkipped(SkippedValue skipped) {
      callbacks.valueSkipped(skipped);
    }

    @Override
    public void onNote(String note) {
      LOG.debug("{}: {}", input.name(), note);
    }

    private void flush() {
      if (batch.isEmpty()) {
        return;
      }
      List<CloudTrailEvent> pending = batch;
      batch = new ArrayList<>(settings.batchSize());
      if (settings.dedupWindow().isZero()) {
        process(pending, List.of());
        return;
      }
      // Claim the ids first, then ask the store: an id another worker is handling right now (the
      // same event in two files, or one SQS message delivered twice) is dropped here; if that
      // worker fails, its item is redelivered and the event handled then. Claiming before the
      // store check means a worker that finished in between is always seen as recorded.
      List<CloudTrailEvent> mine = new ArrayList<>(pending.size());
      List<String> claimed = new ArrayList<>(pending.size());
      for (CloudTrailEvent event : pending) {
        String id = event.eventId();
        if (claims.putIfAbsent(id, this) == null) {
          mine.add(event);
          claimed.add(id);
        }
      }
      try {
        Set<String> unseen;
        try {
          unseen = new HashSet<>(settings.store().filterUnseen(claimed, settings.clock().instant()));
        } catch (RuntimeException e) {
          throw new StageFailure(Stage.STATE, input, e);
        }
        List<CloudTrailEvent> fresh = new ArrayList<>(unseen.size());
        List<String> freshIds = new ArrayList<>(unseen.size());
        for (int i = 0; i < mine.size(); i++) {
          if (unseen.contains(claimed.get(i))) {
            fresh.add(mine.get(i));
            freshIds.add(claimed.get(i));
          }
        }
        int hits = pending.size() - fresh.size();
        if (hits > 0) {
          dedupHits.add(hits);
          callbacks.dedupHits(hits);
        }
        process(fresh, freshIds);
      } finally {
        for (String id : claimed) {
          claims.remove(id, this);
        }
      }
    }

    /** Hands {@code events} to the processor, then records {@code ids} as handled. */
    private void process(List<CloudTrailEvent> events, List<String> ids) {
      if (events.isEmpty()) {
        return;
      }
      Instant start = settings.clock().instant();
      try {
        settings.processor().process(Collections.unmodifiableList(events));
      } catch (RuntimeException e) {
        throw new StageFailure(Stage.PROCESS, input, e);
      }
      Instant end = settings.clock().instant();
      if (!ids.isEmpty()) {
        try {
          settings.store().markHandled(ids, end.plus(settings.dedupWindow()));
        } catch (RuntimeException e) {
          throw new StageFailure(Stage.STATE, input, e);
        }
      }
      processed += events.size();
      eventsProcessed.add(events.size());
      callbacks.eventsProcessed(events.size(), Duration.between(start, end));
    }
  }

  private static String orUnknown(String value) {
    return value == null || value.isEmpty() ? "unknown" : value;
  }

  /** One work item from receipt until it is settled. */
  static final class Delivery {
    final WorkItem item;
    final String name;
    final Instant receivedAt;
    final AtomicBoolean settled = new AtomicBoolean();

    Delivery(WorkItem item, Instant receivedAt) {
      this.item = item;
      this.receivedAt = receivedAt;
      String described;
      try {
        described = item.describe();
      } catch (RuntimeException e) {
        described = item.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(item));
      }
      this.name = described;
    }
  }
}
