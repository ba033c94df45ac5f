package dev.cairn.runtime;

import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.source.Input;

/**
 * A failure at a known stage that ends the work item (left for redelivery); carries what to report.
 * Thrown through the decoder from the event callback, which passes listener exceptions on unchanged.
 */
final class StageFailure extends RuntimeException {
  private static final long serialVersionUID = 1L;
  final Stage stage;
  final transient Input input;

  StageFailure(Stage stage, Input input, Throwable cause) {
    super(cause);
    this.stage = stage;
    this.input = input;
  }
}
