package dev.cairn.runtime;

import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.ProgressReporter.Progress;
import dev.cairn.runtime.ProgressReporter.Step;
import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.source.PoisonInputException;
import dev.cairn.runtime.source.SkippedInput;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One worker thread: takes items from the engine's queue and handles each one entirely, input by
 * input ({@link InputReader}), then settles it. An {@link Error} (running out of memory, say) ends
 * the thread and, through {@link Pipeline#died}, the engine.
 */
final class Worker implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(Worker.class);
  /** How often an idle worker looks at the stop flag. */
  private static final long TAKE_MILLIS = 50;

  private final Pipeline engine;
  private final Settings settings;

  Worker(Pipeline engine) {
    this.engine = engine;
    this.settings = engine.settings;
  }

  @Override
  public void run() {
    while (true) {
      Delivery delivery;
      try {
        delivery = engine.queue.poll(TAKE_MILLIS, TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        if (engine.running()) {
          continue;
        }
        return;
      }
      if (delivery == null) {
        if (!engine.running()) {
          return;
        }
        continue;
      }
      if (!engine.running()) {
        engine.settlement.fail(delivery, Stage.STOP, Optional.empty(), new InterruptedException("stopped before it was started"));
        continue;
      }
      try {
        handle(delivery);
      } catch (AssertionError | RuntimeException e) {
        // handle() catches everything it expects; this is a bug (or a test's assertion in a
        // callback), but the item must still be settled.
        LOG.error("unexpected failure handling {}", delivery.name, e);
        engine.settlement.fail(delivery, Stage.PROCESS, Optional.empty(), e);
      } catch (Error e) {
        // The input stays marked as started: reading it again counts an interruption.
        engine.settlement.fail(delivery, Stage.STOP, Optional.empty(), e);
        engine.died(e);
        return;
      }
      // A stop that timed out interrupts workers; clear it so the next take behaves.
      if (Thread.interrupted() && engine.running()) {
        LOG.debug("worker interrupted while running; continuing");
      }
    }
  }

  private void handle(Delivery delivery) {
    Instant started = settings.clock().instant();
    engine.callbacks.itemStarted(delivery.name, Duration.between(delivery.receivedAt, started));
    engine.callbacks.progress(new Progress(Step.ITEM_STARTED, delivery.name, Optional.empty(), 0, Optional.empty()));
    for (SkippedInput skipped : delivery.item.skipped()) {
      LOG.info("{}: not read: {}", skipped.name(), skipped.reason());
      engine.callbacks.inputSkipped(skipped.name(), skipped.reason());
    }
    long events = 0;
    PoisonInputException poison = null;
    try {
      for (Input input : delivery.item.inputs()) {
        if (delivery.settled()) {
          return; // a stop gave up on this item and already failed it
        }
        boolean accepted;
        try {
          accepted = settings.sourceFilter().accept(input);
        } catch (RuntimeException e) {
          throw new StageFailure(Stage.SOURCE_FILTER, input, e);
        }
        if (!accepted) {
          Prefetcher.Fetch fetch = delivery.fetch(input);
          if (fetch != null) {
            fetch.cancel();
          }
          engine.callbacks.inputSkipped(input.name(), "source filter");
          continue;
        }
        engine.callbacks.progress(new Progress(Step.INPUT_STARTED, delivery.name, Optional.of(input.name()), 0, Optional.empty()));
        InputReader reader = new InputReader(engine, delivery, input);
        PoisonInputException inputPoison;
        try {
          inputPoison = reader.read();
        } catch (StageFailure failure) {
          events += reader.processed;
          engine.callbacks.progress(new Progress(Step.INPUT_FINISHED, delivery.name, Optional.of(input.name()), reader.processed,
              Optional.of(failure.getCause())));
          throw failure;
        }
        events += reader.processed;
        engine.callbacks.progress(new Progress(Step.INPUT_FINISHED, delivery.name, Optional.of(input.name()), reader.processed,
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
      engine.settlement.fail(delivery, failure.stage, Optional.ofNullable(failure.input).map(Input::name), cause);
      engine.callbacks.progress(new Progress(Step.ITEM_FINISHED, delivery.name, Optional.empty(), events, Optional.of(cause)));
      return;
    }
    if (poison != null) {
      // Already reported per input; the item fails so the source does not forget it as done.
      engine.settlement.settle(delivery, false, poison);
    } else {
      engine.settlement.settle(delivery, true, null);
    }
    engine.callbacks.progress(new Progress(Step.ITEM_FINISHED, delivery.name, Optional.empty(), events, Optional.ofNullable(poison)));
  }
}
