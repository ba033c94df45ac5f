package dev.cairn.runtime;

import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStoreException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine. Concurrency model:
 *
 * <ul>
 *   <li>{@code pollers} poller threads loop on {@code source.poll(pollWait)}; each item received
 *       becomes a {@link Delivery}, its remote inputs start downloading ({@link Prefetcher}), and it
 *       is {@code put} into one bounded queue ({@code queueCapacity}); when the queue is full the
 *       pollers block, so the source is not polled faster than items are handled (back-pressure).
 *   <li>{@code downloads} download threads fetch remote inputs ahead of the workers, within a byte
 *       budget, so network round trips overlap with decoding.
 *   <li>{@code workers} worker threads take items and handle each one entirely on that thread
 *       ({@link InputReader} per input). One item is never split across threads, so the processor
 *       sees an input's events in order.
 *   <li>Every item is a {@link Delivery} from the moment a poller receives it until it is settled;
 *       settling is a compare-and-set, so {@code completed}/{@code failed} is called exactly once
 *       even when a stop times out while a worker is still busy with it.
 *   <li>A worker that dies of an {@link Error} (running out of memory, say) does not leave the
 *       engine half alive: the engine records why, reports {@link Health.Status#FAILED}, and stops,
 *       so the process can exit and be restarted; the input it was reading stays marked as started,
 *       which counts as an interruption when it is read again.
 *   <li>{@link #stop} runs on the caller's thread: close the source (blocked polls return), interrupt
 *       pollers, fail what is still queued, wait for workers to finish their current item until the
 *       timeout, then fail whatever is left and interrupt the workers.
 * </ul>
 */
final class Pipeline {
  private static final Logger LOG = LoggerFactory.getLogger(Pipeline.class);

  private enum State { NEW, RUNNING, STOPPING, STOPPED }

  final Settings settings;
  final GuardedCallbacks callbacks;
  final PollTrouble pollTrouble = new PollTrouble();
  final StateCalls state;
  /** The in-memory window of recent event ids; null when turned off. */
  final RecentIds recent;
  /**
   * Whether a listener wants per-event lag: computing it parses each event's time, a sizeable share
   * of per-event cost, so it is skipped when nobody listens.
   */
  final boolean reportsLag;
  final BlockingQueue<Delivery> queue;
  final Settlement settlement;
  /** Inputs being read right now, by progress key; the latch opens when the reader is done. */
  final ConcurrentHashMap<String, CountDownLatch> reading = new ConcurrentHashMap<>();
  final Prefetcher prefetcher;
  private final CountDownLatch stopSignal = new CountDownLatch(1);
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final List<Thread> pollerThreads = new ArrayList<>();
  private final List<Thread> workerThreads = new ArrayList<>();
  private final Object lifecycle = new Object();
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private volatile State lifecycleState = State.NEW;

  final LongAdder eventsIn = new LongAdder();
  final LongAdder eventsProcessed = new LongAdder();
  final LongAdder dedupHits = new LongAdder();
  final LongAdder matchesSuppressed = new LongAdder();
  final LongAdder decodeErrors = new LongAdder();

  Pipeline(Settings settings) {
    this.settings = settings;
    this.callbacks = new GuardedCallbacks(settings.listener(), settings.progress(), settings.exceptionHandler());
    this.settlement = new Settlement(callbacks, settings.clock());
    this.state = new StateCalls(() -> lifecycleState != State.RUNNING, this::storeFailing);
    this.recent = settings.recentEventIds() > 0 ? new RecentIds(settings.recentEventIds()) : null;
    this.reportsLag = settings.listener() != PipelineListener.NONE;
    this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
    this.prefetcher = settings.downloads() == 0 ? null
        : new Prefetcher(settings.downloads(), settings.downloadBuffer(), this::alreadyFinished, this::died,
            settings.threadFactory());
  }

  // ---- lifecycle ----------------------------------------------------------------------------

  void start() {
    synchronized (lifecycle) {
      if (lifecycleState != State.NEW) {
        throw new IllegalStateException("already started (state " + lifecycleState + "); a processor runs once");
      }
      for (int i = 0; i < settings.workers(); i++) {
        workerThreads.add(newThread("cairn-worker-" + i, new Worker(this)));
      }
      for (int i = 0; i < settings.pollers(); i++) {
        pollerThreads.add(newThread("cairn-poller-" + i, new Poller(this, i == 0)));
      }
      lifecycleState = State.RUNNING;
      workerThreads.forEach(Thread::start);
      pollerThreads.forEach(Thread::start);
    }
    LOG.info("started: {} poller(s), {} worker(s), {} download(s) ahead, queue of {}, batches of {}",
        settings.pollers(), settings.workers(), settings.downloads(), settings.queueCapacity(), settings.batchSize());
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
    return lifecycleState == State.RUNNING;
  }

  /** Why a worker died, if one did. */
  Optional<Throwable> failure() {
    return Optional.ofNullable(fatal.get());
  }

  Health health() {
    Throwable died = fatal.get();
    if (died != null) {
      return new Health(Health.Status.FAILED, "a worker died: " + died);
    }
    if (lifecycleState != State.RUNNING) {
      return new Health(Health.Status.FAILED, lifecycleState == State.NEW ? "not started" : "stopped");
    }
    String problem = state.problem();
    if (problem.isEmpty()) {
      problem = pollTrouble.cause().map(cause -> "polling the source fails: " + cause).orElse("");
    }
    return problem.isEmpty() ? Health.OK : new Health(Health.Status.DEGRADED, problem);
  }

  /** Blocks until {@link #stop} has finished. */
  void awaitStopped() throws InterruptedException {
    stopped.await();
  }

  /**
   * Starts if needed, waits until the source is drained and nothing is in flight, then stops.
   * Returns early if another thread stops the engine.
   *
   * @throws TimeoutException when still not drained after {@code timeout}; the engine is stopped
   *     first, and the message says what was left
   */
  void runUntilDrained(Duration checkEvery, Duration timeout) throws InterruptedException, TimeoutException {
    synchronized (lifecycle) {
      if (lifecycleState == State.NEW) {
        start();
      }
    }
    long deadline = System.nanoTime() + timeout.toNanos();
    boolean drained = false;
    while (lifecycleState == State.RUNNING) {
      if (stopSignal.await(checkEvery.toMillis(), TimeUnit.MILLISECONDS)) {
        drained = true; // stopped by someone else: not a timeout
        break;
      }
      if (idle() && settings.source().drained() && idle()) {
        LOG.info("source drained and nothing in flight: stopping");
        drained = true;
        break;
      }
      if (System.nanoTime() - deadline > 0) {
        break;
      }
    }
    if (!drained && lifecycleState == State.RUNNING) {
      String backlog = settings.source().backlog();
      int unsettled = settlement.inFlight().size();
      stop(settings.stopTimeout());
      throw new TimeoutException("not drained after " + timeout + ": " + unsettled + " item(s) in progress here"
          + (backlog.isEmpty() ? "" : "; the source reports " + backlog));
    }
    stop(settings.stopTimeout());
  }

  /**
   * Nothing received is unsettled. Polls in progress are not counted (a poller waits inside poll
   * most of the time); the source's own {@code drained()} covers items it has handed out but the
   * engine has not counted yet, which its contract requires.
   */
  private boolean idle() {
    return settlement.inFlight().isEmpty() && queue.isEmpty();
  }

  /**
   * Stops: see the class comment. Idempotent; a second caller waits for the first to finish.
   *
   * @return true when every in-flight item finished within the timeout
   */
  boolean stop(Duration timeout) {
    boolean alreadyStopping = false;
    synchronized (lifecycle) {
      if (lifecycleState == State.NEW) {
        lifecycleState = State.STOPPED;
        stopSignal.countDown();
        closeResources();
        stopped.countDown();
        return true;
      }
      if (lifecycleState == State.RUNNING) {
        lifecycleState = State.STOPPING;
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
      settlement.fail(delivery, Stage.STOP, Optional.empty(), new InterruptedException("stopped before it was started"));
    }

    // Workers leave their loop once the queue is empty and the state is STOPPING; wait for the
    // ones still busy with an item. An operational timeout, so real time, not the injected clock.
    boolean finished = joinAll(workerThreads, timeout) && settlement.inFlight().isEmpty();
    if (!finished) {
      List<Delivery> unfinished = new ArrayList<>(settlement.inFlight());
      LOG.warn("stop timed out after {} with {} item(s) in flight; leaving them for redelivery", timeout,
          unfinished.size());
      for (Delivery delivery : unfinished) {
        settlement.fail(delivery, Stage.STOP, Optional.empty(), new InterruptedException("stopped before it was finished"));
      }
      workerThreads.forEach(Thread::interrupt);
      joinAll(workerThreads, Duration.ofSeconds(1));
    }
    closeResources();
    synchronized (lifecycle) {
      lifecycleState = State.STOPPED;
    }
    stopped.countDown();
    long leftAtStop = settlement.itemsLeftAtStop.sum();
    LOG.info("stopped: {} item(s) completed, {} failed, {} left for redelivery", settlement.itemsCompleted.sum(),
        settlement.itemsFailed.sum() - leftAtStop, leftAtStop);
    return finished;
  }

  private void closeResources() {
    try {
      settings.source().close();
    } catch (IOException | RuntimeException e) {
      LOG.warn("closing the source failed", e);
    }
    if (prefetcher != null) {
      prefetcher.close();
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

  /** Waits for a stop to begin; true when it did. */
  boolean awaitStop(long millis) throws InterruptedException {
    return stopSignal.await(millis, TimeUnit.MILLISECONDS);
  }

  long callbackFailures() {
    return callbacks.failures();
  }

  /**
   * A thread of the engine died of an {@link Error}: record the first, report it, and stop from
   * another thread (this one may be a worker the stop would wait for).
   */
  void died(Error error) {
    if (!fatal.compareAndSet(null, error)) {
      return;
    }
    try {
      LOG.error("{} died: {}. The engine stops so that the process can exit and be restarted; the input it was"
          + " reading is read again then, and given up on after {} such interruptions", Thread.currentThread().getName(),
          error, settings.maxInterruptions(), error);
    } catch (Throwable ignored) {
      // Out of memory even for the message: stopping matters more.
    }
    Thread stopper = new Thread(() -> stop(settings.stopTimeout()), "cairn-stop-after-failure");
    stopper.setDaemon(true);
    stopper.start();
  }

  private void storeFailing(StateStoreException e) {
    callbacks.exception(new ProcessingFailure(Stage.STATE, Optional.empty(), Optional.empty(), e));
  }

  /** For the prefetcher: an input whose record says it is finished need not be downloaded. */
  private boolean alreadyFinished(Input input) {
    Optional<String> key = input.progressKey();
    if (key.isEmpty()) {
      return false;
    }
    try {
      Optional<InputState> record = settings.store().inputs().get(key.get());
      return record.isPresent() && record.get().finished() && record.get().sameVersion(input.version());
    } catch (StateStoreException e) {
      return false; // the worker asks again, and waits for the store if it must
    }
  }
}
