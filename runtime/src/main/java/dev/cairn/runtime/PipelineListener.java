package dev.cairn.runtime;

import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import java.time.Duration;

/**
 * An observability hook: the engine tells it what flows through, and the CLI maps it to metrics
 * (Micrometer/Prometheus) and progress output. Every method does nothing by default; override the
 * ones you need.
 *
 * <p>Contract: methods are called synchronously on the thread where the thing happened (a worker
 * for everything about items, inputs and events; a poller for {@link #itemReceived}; the thread
 * calling {@code stop()} for {@link #itemFailed} of items a stop abandons), concurrently
 * from several threads, so implementations must be thread-safe and fast (count, don't log per
 * event). For one item the order is: {@code itemReceived}, {@code itemStarted}, {@code
 * inputSkipped} for what the source left out, then per input {@code inputSkipped} or ({@code
 * inputResumed}, {@code eventReceived}, {@code eventLag}, {@code valueSkipped}, {@code
 * eventFiltered}, {@code dedupHits}, {@code matchesSuppressed}, {@code eventsProcessed}, {@code
 * decodeFailed} or {@code inputEmpty}, {@code bytesRead}), then exactly one of {@code itemCompleted}
 * or {@code itemFailed}. Items in flight are
 * {@code itemReceived} minus ({@code itemCompleted} + {@code itemFailed}).
 *
 * <p>An exception thrown by a listener is caught, logged and counted ({@link
 * CairnProcessor.Stats#listenerFailures()}); it never affects processing.
 */
public abstract class PipelineListener {

  /** A listener that does nothing. */
  public static final PipelineListener NONE = new PipelineListener() {};

  protected PipelineListener() {}

  /** A poller received an item from the source and queued it (it is now in flight). */
  public void itemReceived(String item) {}

  /** A worker started an item, after {@code queueWait} in the queue. */
  public void itemStarted(String item, Duration queueWait) {}

  /** Every input of the item was handled and the source was told. */
  public void itemCompleted(String item, Duration elapsed) {}

  /** The item failed and was left for redelivery. */
  public void itemFailed(String item, Throwable cause) {}

  /**
   * An input was not read, and why: the source left it out ({@code digest file}, {@code S3 test
   * event}), the source filter rejected it ({@code source filter}), or it was already handled
   * ({@code already handled}).
   */
  public void inputSkipped(String input, String reason) {}

  /** Reading an input resumes after {@code position} events handled by an earlier attempt. */
  public void inputResumed(String input, long position) {}

  /**
   * An input was read to its end and held no events, and why (e.g. it is UTF-16 text, or starts
   * with NUL bytes): nothing failed, but nothing was found either.
   */
  public void inputEmpty(String input, String reason) {}

  /** An event was decoded (before filtering and dedup): "events in". */
  public void eventReceived(CloudTrailEvent event) {}

  /**
   * How old a decoded event is (now − eventTime), by account and region ("unknown" when absent).
   * Not called for events without a parseable eventTime.
   */
  public void eventLag(String account, String region, Duration lag) {}

  /** The decoder read a JSON value that is not an event. */
  public void valueSkipped(SkippedValue skipped) {}

  /** The event filter dropped an event. */
  public void eventFiltered(CloudTrailEvent event) {}

  /**
   * {@code count} events of a batch were dropped as repeats of events handled moments ago in another
   * input (the in-memory window of recent event ids).
   */
  public void dedupHits(int count) {}

  /** {@code count} matches were not handed over again: they were acted on before (the durable action log). */
  public void matchesSuppressed(int count) {}

  /** The events processor handled a batch of {@code count} events in {@code elapsed}. */
  public void eventsProcessed(int count, Duration elapsed) {}

  /**
   * An input was given up on: it could not be decoded (poison), or reading it was interrupted too
   * many times (the process died while reading it). Counted as a decode error.
   */
  public void decodeFailed(String input, String reason) {}

  /** {@code bytes} raw (possibly compressed) bytes were read from {@code input}; once per input read. */
  public void bytesRead(String input, long bytes) {}
}
