package dev.cairn.runtime;

import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import java.time.Duration;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The user's observability callbacks (listener, progress reporter, exception handler) behind a
 * guard: whatever they throw is logged (the first few times) and counted, never propagated, so a
 * broken metrics hook cannot fail an item. Each listener method forwards in the same way.
 */
final class GuardedCallbacks extends PipelineListener {
  private static final Logger LOG = LoggerFactory.getLogger(GuardedCallbacks.class);
  /** Enough to diagnose, few enough that a listener failing per event cannot flood the log. */
  private static final int LOGGED_FAILURES = 10;

  private final PipelineListener listener;
  private final ProgressReporter progress;
  private final ExceptionHandler exceptions;
  private final LongAdder failures = new LongAdder();

  GuardedCallbacks(PipelineListener listener, ProgressReporter progress, ExceptionHandler exceptions) {
    this.listener = listener;
    this.progress = progress;
    this.exceptions = exceptions;
  }

  long failures() {
    return failures.sum();
  }

  private void failed(String callback, RuntimeException e) {
    failures.increment();
    if (failures.sum() <= LOGGED_FAILURES) {
      LOG.warn("{} threw; ignored (callback failures are counted, not propagated)", callback, e);
    }
  }

  void progress(ProgressReporter.Progress step) {
    try {
      progress.report(step);
    } catch (RuntimeException e) {
      failed("progress reporter", e);
    }
  }

  void exception(ProcessingFailure failure) {
    try {
      exceptions.handle(failure);
    } catch (RuntimeException e) {
      failed("exception handler", e);
    }
  }

  @Override
  public void itemReceived(String item) {
    try {
      listener.itemReceived(item);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void itemStarted(String item, Duration queueWait) {
    try {
      listener.itemStarted(item, queueWait);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void itemCompleted(String item, Duration elapsed) {
    try {
      listener.itemCompleted(item, elapsed);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void itemFailed(String item, Throwable cause) {
    try {
      listener.itemFailed(item, cause);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void inputSkipped(String input, String reason) {
    try {
      listener.inputSkipped(input, reason);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void inputResumed(String input, long position) {
    try {
      listener.inputResumed(input, position);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void inputEmpty(String input, String reason) {
    try {
      listener.inputEmpty(input, reason);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void eventReceived(CloudTrailEvent event) {
    try {
      listener.eventReceived(event);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void eventLag(String account, String region, Duration lag) {
    try {
      listener.eventLag(account, region, lag);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void valueSkipped(SkippedValue skipped) {
    try {
      listener.valueSkipped(skipped);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void eventFiltered(CloudTrailEvent event) {
    try {
      listener.eventFiltered(event);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void dedupHits(int count) {
    try {
      listener.dedupHits(count);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void matchesSuppressed(int count) {
    try {
      listener.matchesSuppressed(count);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void eventsProcessed(int count, Duration elapsed) {
    try {
      listener.eventsProcessed(count, elapsed);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void decodeFailed(String input, String reason) {
    try {
      listener.decodeFailed(input, reason);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }

  @Override
  public void bytesRead(String input, long bytes) {
    try {
      listener.bytesRead(input, bytes);
    } catch (RuntimeException e) {
      failed("pipeline listener", e);
    }
  }
}
