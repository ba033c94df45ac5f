package dev.cairn.aws;

import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.source.SkippedInput;
import dev.cairn.runtime.source.WorkItem;
import java.util.List;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One received SQS message. Settled once: {@link #completed()} deletes it, {@link #failed} leaves
 * it to come back after its visibility timeout. Until then its visibility is extended by the source.
 */
final class SqsWorkItem implements WorkItem {
  private final SqsSource source;
  private final String messageId;
  private final String receiptHandle;
  private final String shape;
  private final int receiveCount;
  private final List<Input> inputs;
  private final List<SkippedInput> skipped;
  private final AtomicBoolean settled = new AtomicBoolean();
  private volatile Future<?> extension;

  SqsWorkItem(SqsSource source, String messageId, String receiptHandle, String shape, int receiveCount,
      List<Input> inputs, List<SkippedInput> skipped) {
    this.source = source;
    this.messageId = messageId;
    this.receiptHandle = receiptHandle;
    this.shape = shape;
    this.receiveCount = receiveCount;
    this.inputs = List.copyOf(inputs);
    this.skipped = List.copyOf(skipped);
  }

  String messageId() {
    return messageId;
  }

  String receiptHandle() {
    return receiptHandle;
  }

  boolean settled() {
    return settled.get();
  }

  void extension(Future<?> extension) {
    this.extension = extension;
  }

  /** Stops extending; true the first time only. */
  boolean settle() {
    if (!settled.compareAndSet(false, true)) {
      return false;
    }
    Future<?> f = extension;
    if (f != null) {
      f.cancel(false);
    }
    return true;
  }

  @Override
  public String describe() {
    int n = inputs.size();
    return "sqs message " + messageId + " (" + shape + ", " + n + (n == 1 ? " input" : " inputs")
        + (receiveCount > 1 ? ", receive " + receiveCount : "") + ")";
  }

  @Override
  public List<Input> inputs() {
    return inputs;
  }

  @Override
  public List<SkippedInput> skipped() {
    return skipped;
  }

  @Override
  public void completed() {
    source.completed(this);
  }

  @Override
  public void failed(Throwable cause) {
    source.failed(this, cause);
  }

  @Override
  public String toString() {
    return describe();
  }
}
