package dev.cairn.app.run;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
 * It is reached reflectively: javac flags every source reference to it as "internal proprietary
 * API", a warning no {@code @SuppressWarnings} silences on JDK 17, and the build treats warnings as
 * errors.
 */
final class StopSignals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(StopSignals.class);
  private static final List<String> NAMES = List.of("INT", "TERM");
  /** A second signal sooner than this after the first is the same request, not a person insisting. */
  private static final Duration REPEAT_GRACE = Duration.ofSeconds(1);

  /** {@code sun.misc.Signal.handle(Signal, SignalHandler)}, set once {@link #install} found it. */
  private Method handle;
  /** The {@code sun.misc.Signal}s handled, and the {@code SignalHandler}s they had before. */
  private final List<Object> signals = new ArrayList<>();
  private final List<Object> previous = new ArrayList<>();
  private final AtomicBoolean stopping = new AtomicBoolean();
  private volatile long firstAt;

  private StopSignals() {}

  /** Calls {@code stop} (on a new thread) on the first SIGINT or SIGTERM until {@link #close closed}. */
  static StopSignals install(Runnable stop) {
    StopSignals installed = new StopSignals();
    for (String name : NAMES) {
      try {
        Class<?> signalType = Class.forName("sun.misc.Signal");
        Class<?> handlerType = Class.forName("sun.misc.SignalHandler");
        Object signal = signalType.getConstructor(String.class).newInstance(name);
        Object handler = Proxy.newProxyInstance(handlerType.getClassLoader(), new Class<?>[] {handlerType},
            (proxy, method, args) -> switch (method.getName()) {
              case "handle" -> {
                installed.received(name, stop);
                yield null;
              }
              case "equals" -> proxy == args[0];
              case "hashCode" -> System.identityHashCode(proxy);
              default -> "StopSignals handler for SIG" + name;
            });
        Method handle = signalType.getMethod("handle", signalType, handlerType);
        installed.previous.add(handle.invoke(null, signal, handler));
        installed.signals.add(signal);
        installed.handle = handle;
      } catch (InvocationTargetException e) {
        if (!(e.getCause() instanceof IllegalArgumentException || e.getCause() instanceof UnsupportedOperationException)) {
          throw unchecked(e.getCause());
        }
        LOG.debug("cannot handle SIG{}: {}; the JVM's default applies", name, e.getCause().toString());
      } catch (ReflectiveOperationException | LinkageError e) {
        LOG.debug("cannot handle SIG{}: {}; the JVM's default applies", name, e.toString());
      }
    }
    return installed;
  }

  /** True once a signal asked to stop. */
  boolean received() {
    return stopping.get();
  }

  private void received(String signal, Runnable stop) {
    long now = System.nanoTime();
    if (!stopping.compareAndSet(false, true)) {
      long first = firstAt;
      if (first == 0 || now - first < REPEAT_GRACE.toNanos()) {
        return; // the same stop sent twice (to the process and to its group, as timeout(1) does)
      }
      LOG.warn("SIG{} again: exiting now; work in progress is read again on the next run", signal);
      Runtime.getRuntime().halt(130);
      return;
    }
    firstAt = now;
    LOG.info("SIG{}: stopping cleanly (again to exit at once)", signal);
    Thread stopper = new Thread(stop, "cairn-stop");
    stopper.setDaemon(true);
    stopper.start();
  }

  /** Restores the handlers there were before. */
  @Override
  public void close() {
    for (int i = 0; i < signals.size(); i++) {
      try {
        handle.invoke(null, signals.get(i), previous.get(i));
      } catch (InvocationTargetException e) {
        if (!(e.getCause() instanceof IllegalArgumentException)) {
          throw unchecked(e.getCause());
        }
        // the handler cannot be restored: the process is ending anyway
      } catch (IllegalAccessException e) {
        throw new IllegalStateException(e); // cannot happen: the method was called the same way in install
      }
    }
  }

  /** What a reflective call threw, thrown as itself (Signal.handle declares no checked exception). */
  private static RuntimeException unchecked(Throwable thrown) {
    if (thrown instanceof Error error) {
      throw error;
    }
    return thrown instanceof RuntimeException runtime ? runtime : new IllegalStateException(thrown);
  }
}
