package dev.cairn.runtime;

import dev.cairn.runtime.state.StateStoreException;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls into the state store that must eventually succeed. A store failure (a full disk, a busy or
 * locked database, an I/O error) is never the input's fault, so it must not fail the input, let
 * alone give it up as poison: the call is retried with backoff (100 ms doubling to 5 s) until the
 * store answers, while the engine reports itself {@link Health.Status#DEGRADED degraded}. Work waits
 * meanwhile (an SQS message's visibility keeps being extended); nothing is lost or skipped.
 *
 * <p>Logging stays readable through a long outage: one WARN when the store starts failing and then
 * at most one a minute (with the count of failures since), the stack trace only at DEBUG, and one
 * INFO when it recovers.
 *
 * <p>Thread-safety: any thread; several workers may be waiting on the store at once.
 */
final class StateCalls {
  private static final Logger LOG = LoggerFactory.getLogger(StateCalls.class);
  private static final long FIRST_BACKOFF_MILLIS = 100;
  private static final long MAX_BACKOFF_MILLIS = 5_000;
  private static final long WARN_EVERY_NANOS = TimeUnit.MINUTES.toNanos(1);

  /** Thrown when the engine stops while a call was waiting for the store. */
  static final class Abandoned extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Abandoned(String what, StateStoreException last) {
      super("stopped while waiting for the state store to " + what, last);
    }
  }

  private final BooleanSupplier stopping;
  private final Consumer<StateStoreException> outage;
  private final AtomicLong failingSince = new AtomicLong(); // System.nanoTime of the first failure; 0 = healthy
  private final AtomicLong failures = new AtomicLong();
  private final AtomicLong lastWarn = new AtomicLong();
  private volatile String lastError = "";

  /**
   * @param stopping true once the engine stops: a waiting call then gives up with {@link Abandoned}
   * @param outage told of the first failure of each outage
   */
  StateCalls(BooleanSupplier stopping, Consumer<StateStoreException> outage) {
    this.stopping = stopping;
    this.outage = outage;
  }

  /** Runs {@code call}, retrying store failures until it succeeds or the engine stops. */
  <T> T call(String what, Supplier<T> call) {
    long backoff = FIRST_BACKOFF_MILLIS;
    while (true) {
      try {
        T result = call.get();
        recovered();
        return result;
      } catch (StateStoreException e) {
        failed(what, e);
        if (stopping.getAsBoolean()) {
          throw new Abandoned(what, e);
        }
        if (!sleep(backoff) || stopping.getAsBoolean()) {
          throw new Abandoned(what, e);
        }
        backoff = Math.min(backoff * 2, MAX_BACKOFF_MILLIS);
      }
    }
  }

  /** Runs {@code call} as {@link #call} does. */
  void run(String what, Runnable call) {
    call(what, () -> {
      call.run();
      return null;
    });
  }

  /** Degraded, with why, while the store is failing; empty when it answers. */
  String problem() {
    long since = failingSince.get();
    if (since == 0) {
      return "";
    }
    long seconds = TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - since);
    return "state store failing for " + seconds + " s (" + failures.get() + " failed calls), retrying: " + lastError;
  }

  /** Failed calls so far (for metrics). */
  long failures() {
    return failures.get();
  }

  private void failed(String what, StateStoreException e) {
    failures.incrementAndGet();
    lastError = e.getMessage();
    long now = System.nanoTime();
    boolean first = failingSince.compareAndSet(0, now);
    long previous = lastWarn.get();
    boolean due = first ? lastWarn.compareAndSet(previous, now)
        : now - previous >= WARN_EVERY_NANOS && lastWarn.compareAndSet(previous, now);
    if (due) {
      LOG.warn("state store unavailable ({} failed call(s) so far); cannot {}: {}. Retrying with backoff; work waits,"
          + " nothing is skipped or lost", failures.get(), what, e.getMessage());
    }
    LOG.debug("state store call failed: {}", what, e);
    if (first) {
      outage.accept(e);
    }
  }

  private void recovered() {
    long since = failingSince.get();
    if (since != 0 && failingSince.compareAndSet(since, 0)) {
      LOG.info("state store recovered after {}", Duration.ofNanos(System.nanoTime() - since).truncatedTo(ChronoUnit.SECONDS));
    }
  }

  /** False when interrupted (the engine gave up waiting on a stop), with the interrupt kept. */
  private static boolean sleep(long millis) {
    try {
      Thread.sleep(millis);
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
