package dev.cairn.app.run;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * SIGINT (Ctrl-C) and SIGTERM handled as a request to stop cleanly, so that {@code cairn run} ends
 * with status 0 as documented. A shutdown hook cannot do that: the JVM that runs hooks for a
 * signal exits with 128 + the signal's number (130, 143) whatever they do, unless one halts it,
 * which skips the other hooks. Handling the signals instead lets the main thread finish, close the
 * state store and exit normally. A second signal while stopping, a second or more after the first,
 * exits at once with status 130 (work in progress is read again on the next run, as after any
 * crash).
 *
 * <p>Uses {@code sun.misc.Signal} (module {@code jdk.unsupported}, exported by every JDK since 9);
 * where it is not available, the JVM's default handling (and the caller's shutdown hook) remains.
 */
final class StopSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private static final List<String> NAMES = List.of("INT", "TERM");
  /** A second signal sooner than this after the first is the same request, not a person insisting. */
  private static final Duration REPEAT_GRACE = Duration.ofSeconds(1);

  private final List<Signal> signals = new ArrayList<>();
  private final List<SignalHandler> previous = new ArrayList<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile long firstAt;

  private StopSignals() {}

  /** Calls {@code stop} (on a new thread) on the first SIGINT or SIGTERM until {@link #close closed}. */
  static StopSignals install(Runnable stop) {
    StopSignals installed = new StopSignals();
    for (String name : NAMES) {
      try {
        Signal signal = new Signal(name);
        installed.previous.add(Signal.handle(signal, s -> installed.received(s, stop)));
        installed.signals.add(signal);
      } catch (IllegalArgumentException | UnsupportedOperationException | LinkageError e) {
        LOG.debug("cannot handle SIG{}: {}; the JVM's default applies", name, e.toString());
      }
    }
    return installed;
  }

  /** True once a signal asked to stop. */
  boolean received() {
    return stopping.get();
  }

  private void received(Signal signal, Runnable stop) {
    long now = System.nanoTime();
    if (!stopping.compareAndSet(false, true)) {
      long first = firstAt;
      if (first == 0 || now - first < REPEAT_GRACE.toNanos()) {
        return; // the same stop sent twice (to the process and to its group, as timeout(1) does)
      }
      LOG.warn("SIG{} again: exiting now; work in progress is read again on the next run", signal.getName());
      Runtime.getRuntime().halt(130);
      return;
    }
    firstAt = now;
    LOG.info("SIG{}: stopping cleanly (again to exit at once)", signal.getName());
    Thread stopper = new Thread(stop, "cairn-stop");
    stopper.setDaemon(true);
    stopper.start();
  }

  /** Restores the handlers there were before. */
  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        Signal.handle(signals.get(i), previous.get(i));
      } catch (IllegalArgumentException e) {
        // the handler cannot be restored: the process is ending anyway
      }
    }
  }
}
