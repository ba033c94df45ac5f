package dev.cairn.runtime.source;

import java.util.List;

/**
 * A unit of delivery that is acknowledged as a whole: an SQS message (naming one or more S3
 * objects, or carrying events inline), or one local file.
 *
 * <p>Contract: exactly one of {@link #completed()} or {@link #failed(Throwable)} is called, once,
 * after every input was handled. {@code completed()} is called only when every event of every input
 * was fully handled (matched, and its actions durably recorded); only then may the source forget
 * the item (delete the SQS message, record the file as done). {@code failed} leaves it for
 * redelivery. Both may be called from any thread.
 */
public interface WorkItem {

  /** For logs: {@code sqs message 1f2e… (2 objects)}, a file path. */
  String describe();

  /** What this item names, in order. Inputs the source already knows to skip are left out. */
  List<Input> inputs();

  /**
   * What the item named that the source decided not to read, with why (a digest file, an Insights
   * file, a folder placeholder, a test event): the engine logs each at INFO and counts it, so that
   * nothing is dropped without a word. An item may have only skipped parts and no inputs; it is then
   * completed (acknowledged) at once.
   */
  default List<SkippedInput> skipped() {
    return List.of();
  }

  /** Everything was handled: acknowledge (delete the message, record progress). */
  void completed();

  /** Something was not handled: leave the item for redelivery. */
  void failed(Throwable cause);
}
