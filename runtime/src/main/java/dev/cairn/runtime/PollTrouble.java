package dev.cairn.runtime;

import dev.cairn.config.ConfigType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether polling the source keeps failing, shared by the pollers: the log says each cause once
 * (a source that cannot be reached fails every backoff, on every poller, for as long as it lasts)
 * and says when polling works again; the health and a drain read how long it has been failing.
 * Thread-safe.
 */
final class PollTrouble {
  private static final Logger LOG = LoggerFactory.getLogger(PollTrouble.class);

  private record Failing(String cause, Instant since) {}

  private final AtomicReference<Failing> failing = new AtomicReference<>();

  /** A poll failed with {@code cause}: logged at WARN when the cause is new, else at DEBUG. */
  void failed(String cause, Throwable e, Duration backoff, Duration maxBackoff, Instant now) {
    while (true) {
      Failing current = failing.get();
      if (current != null && current.cause().equals(cause)) {
        LOG.debug("polling the source failed again; retrying in {}", backoff, e);
        return;
      }
      if (failing.compareAndSet(current, new Failing(cause, current == null ? now : current.since()))) {
        LOG.warn("polling the source failed: {}; retrying with backoff up to {} (said again when the cause changes)",
            cause, ConfigType.duration().format(maxBackoff));
        LOG.debug("poll failure", e);
        return;
      }
    }
  }

  /** A poll worked. */
  void succeeded() {
    if (failing.get() != null && failing.getAndSet(null) != null) {
      LOG.info("polling the source works again");
    }
  }

  /** The cause, when every poll since at least {@code atLeast} before {@code now} failed. */
  Optional<String> failingFor(Duration atLeast, Instant now) {
    Failing current = failing.get();
    return current != null && !current.since().plus(atLeast).isAfter(now) ? Optional.of(current.cause())
        : Optional.empty();
  }

  /** The cause while polls fail, for the health. */
  Optional<String> cause() {
    return Optional.ofNullable(failing.get()).map(Failing::cause);
  }
}
