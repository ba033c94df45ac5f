package dev.cairn.runtime;

import java.util.Objects;
import java.util.Optional;

/**
 * Told when work items and their inputs start and end: for progress bars, audit logs, or a
 * per-file summary.
 *
 * <p>Called on the worker thread handling the item, in this order for each item: {@code
 * ITEM_STARTED}, then for each input read {@code INPUT_STARTED} and {@code INPUT_FINISHED}, then
 * {@code ITEM_FINISHED}. Different items are reported concurrently from different workers, so an
 * implementation must be thread-safe. Should be fast and must not block. A thrown exception is
 * logged and counted (see {@link CairnProcessor#stats()}) and otherwise ignored: it never fails an
 * item.
 */
@FunctionalInterface
public interface ProgressReporter {

  /** Reports nothing. */
  ProgressReporter NONE = progress -> {};

  /** Receives one progress step; see the interface contract. */
  void report(Progress progress);

  /**
   * One progress step.
   *
   * @param step what happened
   * @param item the work item, as {@link dev.cairn.runtime.source.WorkItem#describe()} names it
   * @param input the input's name; empty for the {@code ITEM_*} steps
   * @param events events handed to the processor so far for this input ({@code INPUT_*}) or item
   *     ({@code ITEM_*}), after filtering and dedup
   * @param failure for the {@code *_FINISHED} steps, why it did not succeed; empty on success
   */
  record Progress(Step step, String item, Optional<String> input, long events, Optional<Throwable> failure) {

    public Progress {
      Objects.requireNonNull(step, "step");
      Objects.requireNonNull(item, "item");
      Objects.requireNonNull(input, "input");
      Objects.requireNonNull(failure, "failure");
    }

    /** True unless this step reports a failure. */
    public boolean success() {
      return failure.isEmpty();
    }
  }

  /** The steps of handling a work item. */
  enum Step {
    ITEM_STARTED,
    INPUT_STARTED,
    INPUT_FINISHED,
    ITEM_FINISHED
  }
}
