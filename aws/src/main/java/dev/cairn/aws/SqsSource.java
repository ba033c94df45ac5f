package dev.cairn.aws;

import dev.cairn.runtime.source.EventSource;
import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.source.SkippedInput;
import dev.cairn.runtime.source.WorkItem;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.sqs.model.Message;
import software.amazon.awssdk.services.sqs.model.MessageSystemAttributeName;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;
import software.amazon.awssdk.services.sqs.model.ReceiveMessageResponse;
import software.amazon.awssdk.services.sqs.model.SqsException;

/**
 * Log files announced through an SQS queue, in every notice shape AWS sends (see {@link
 * SqsSourceConfig} for settings). Each {@link #poll} is one long-poll receive; several threads may
 * poll at once (competing consumers).
 *
 * <p>Each usable message becomes one {@link WorkItem} whose inputs are the S3 objects it names
 * (streamed on {@link Input#open()}; digest files, Insights files and folder placeholders are left
 * out by key) or, for EventBridge CloudTrail events, the event itself. Input attributes: {@code
 * bucket}, {@code key}, {@code size} (when the notice says), and from CloudTrail's key layout {@code
 * accountId}, {@code region} and, for organisation trails, {@code organizationId}; inline events
 * carry {@code detailType}, {@code accountId}, {@code region}.
 *
 * <p>Delivery is at least once. While an item is in flight its visibility is extended every {@link
 * SqsSourceConfig#visibilityExtensionInterval()}; {@link WorkItem#completed()} queues the message
 * for deletion, which a background thread sends within milliseconds in batches of up to ten (a
 * failed delete means the message is redelivered and dedup absorbs it); {@link WorkItem#failed}
 * stops extending and leaves it to reappear. Messages that carry no work
 * (S3 test events, CloudTrail's validation message, notices whose objects are all skipped) become
 * items with no inputs, only {@link WorkItem#skipped() skipped} parts saying why, which the engine
 * reports and completes at once (deleting them). Poison bodies are logged with the message id and reason and left alone, so the
 * queue's redrive policy moves them to its dead-letter queue; they never stop the source.
 *
 * <p>The engine polls an SQS source with {@link #suggestedPollers() two pollers} ({@link
 * SqsSourceConfig#POLLERS}) long-polling for the configured {@link SqsSourceConfig#waitTime() wait
 * time} unless told otherwise: the second poller's receive overlaps the first one's round trip,
 * and long polls never spin on an empty queue.
 *
 * <p>{@link #close()} makes blocked polls return soon and stops polling. Items already handed out
 * may still be settled afterwards; the clients are released once the last one is, after the
 * queued deletes were sent. Every item must
 * be settled: an unsettled item is extended until the process ends.
 */
public final class SqsSource implements EventSource {
  private static final Logger log = LoggerFactory.getLogger(SqsSource.class);

  /** How long releasing the clients waits for queued deletes; each batch takes milliseconds. */
  private static final Duration DELETE_FLUSH = Duration.ofSeconds(10);

  private final SqsSourceConfig config;
  private final SqsClient receiveClient;
  private final SqsClient controlClient;
  private final S3Client s3;
  private final ScheduledExecutorService scheduler;
  private final boolean ownsScheduler;
  private final NoticeParser parser = new NoticeParser();
  private final Set<SqsWorkItem> inFlight = ConcurrentHashMap.newKeySet();
  private final AtomicBoolean released = new AtomicBoolean();
  private final DeleteBatcher deletes;
  private volatile boolean received;
  /** The queue's counts at the last drain check, for {@link #backlog()}. */
  private volatile String lastCounts = "";
  private volatile boolean closed;

  SqsSource(SqsSourceConfig config, SqsClient receiveClient, SqsClient controlClient, S3Client s3,
      ScheduledExecutorService scheduler, boolean ownsScheduler) {
    this.config = Objects.requireNonNull(config, "config");
    this.receiveClient = Objects.requireNonNull(receiveClient, "receiveClient");
    this.controlClient = Objects.requireNonNull(controlClient, "controlClient");
    this.s3 = Objects.requireNonNull(s3, "s3");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.ownsScheduler = ownsScheduler;
    this.deletes = new DeleteBatcher(controlClient, config.queueUrl());
  }

  /**
   * A source with its own SQS and S3 clients (Apache HTTP) and its own visibility-extension thread,
   * all released after {@link #close()}.
   */
  public static SqsSource create(SqsSourceConfig config) {
    ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "cairn-sqs-visibility");
      t.setDaemon(true);
      return t;
    });
    return create(config, scheduler, true);
  }

  /**
   * A source with its own SQS and S3 clients, extending visibility on {@code scheduler}, which the
   * caller owns and shuts down.
   */
  public static SqsSource create(SqsSourceConfig config, ScheduledExecutorService scheduler) {
    return create(config, scheduler, false);
  }

  private static SqsSource create(SqsSourceConfig config, ScheduledExecutorService scheduler, boolean owns) {
    Objects.requireNonNull(config, "config");
    Optional<Region> region = config.region().or(() -> SqsClients.regionOf(config));
    // Two SQS clients: closing the receiving one aborts a blocked long poll at close(), while the
    // other still deletes and extends the messages in flight.
    return new SqsSource(config, SqsClients.sqs(config, region), SqsClients.sqs(config, region),
        SqsClients.s3(config, region), scheduler, owns);
  }

  /** The settings this source was created with. */
  public SqsSourceConfig config() {
    return config;
  }

  @Override
  public List<WorkItem> poll(Duration maxWait) throws IOException, InterruptedException {
    Objects.requireNonNull(maxWait, "maxWait");
    if (Thread.interrupted()) {
      throw new InterruptedException();
    }
    if (closed) {
      return List.of();
    }
    int waitSeconds = (int) Math.min(config.waitTime().toSeconds(), wholeSecondsUp(maxWait));
    ReceiveMessageResponse response;
    try {
      response = receiveClient.receiveMessage(b -> b.queueUrl(config.queueUrl())
          .maxNumberOfMessages(config.maxMessages())
          .waitTimeSeconds(waitSeconds)
          .visibilityTimeout((int) config.visibilityTimeout().toSeconds())
          .messageSystemAttributeNames(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT));
    } catch (SdkException | IllegalStateException e) {
      if (closed) {
        return List.of();
      }
      if (e instanceof AbortedException && Thread.currentThread().isInterrupted()) {
        throw new InterruptedException("receive from " + config.queueUrl() + " interrupted");
      }
      String cause = e instanceof SdkException sdk
          ? AwsProblems.describe(sdk, config.sqsEndpoint().map(Object::toString).orElse("")) : e.getMessage();
      throw new IOException("receive from " + config.queueUrl() + " failed: " + cause, e);
    }
    List<Message> messages = response.messages();
    received = true;
    if (messages.isEmpty()) {
      return List.of();
    }
    if (closed) {
      // Not handed out: they reappear after the visibility timeout.
      log.debug("{} message(s) received while closing, left for redelivery", messages.size());
      return List.of();
    }
    List<WorkItem> items = new ArrayList<>(messages.size());
    for (Message message : messages) {
      SqsWorkItem item = accept(message);
      if (item != null) {
        items.add(item);
      }
    }
    return items;
  }

  /**
   * SQS long-polls whole seconds. Rounding a sub-second wait down would make it a short poll, which
   * on an empty queue returns at once and has the poller spin; rounding up waits at most a second
   * longer than asked.
   */
  private static long wholeSecondsUp(Duration wait) {
    if (wait.isNegative() || wait.isZero()) {
      return 0;
    }
    return wait.toNanosPart() == 0 ? wait.toSeconds() : wait.toSeconds() + 1;
  }

  private SqsWorkItem accept(Message message) {
    String id = message.messageId();
    int receiveCount = receiveCount(message);
    Notice notice = parser.parse(message.body());
    if (notice instanceof Notice.Poison poison) {
      log.warn("sqs message {} is poison (receive {}), left for redelivery and the queue's dead-letter "
          + "queue: {}", id, receiveCount, poison.reason());
      return null;
    }
    List<Input> inputs = new ArrayList<>();
    List<SkippedInput> skipped = new ArrayList<>();
    if (notice instanceof Notice.Ignored ignored) {
      // An item with nothing to read: the engine reports why and completes it, which deletes it.
      skipped.add(new SkippedInput("sqs message " + id, ignored.reason()));
    } else if (notice instanceof Notice.Inline inline) {
      inputs.add(new InlineInput(id, inline.json(), inline.attributes()));
    } else {
      for (S3Object object : ((Notice.S3Objects) notice).objects()) {
        String skip = object.skipReason();
        if (skip != null) {
          skipped.add(new SkippedInput(object.uri(), skip));
        } else {
          inputs.add(new S3Input(s3, object));
        }
      }
    }
    SqsWorkItem item = new SqsWorkItem(this, id, message.receiptHandle(), notice.shape(), receiveCount, inputs,
        skipped);
    inFlight.add(item);
    long interval = config.visibilityExtensionInterval().toMillis();
    item.extension(scheduler.scheduleAtFixedRate(() -> extend(item), interval, interval, TimeUnit.MILLISECONDS));
    return item;
  }

  private static int receiveCount(Message message) {
    String count = message.attributes().get(MessageSystemAttributeName.APPROXIMATE_RECEIVE_COUNT);
    try {
      return count == null ? 1 : Integer.parseInt(count);
    } catch (NumberFormatException e) {
      return 1;
    }
  }

  private void extend(SqsWorkItem item) {
    if (item.settled()) {
      return;
    }
    try {
      controlClient.changeMessageVisibility(b -> b.queueUrl(config.queueUrl())
          .receiptHandle(item.receiptHandle())
          .visibilityTimeout((int) config.visibilityTimeout().toSeconds()));
      log.trace("extended visibility of {}", item);
    } catch (SqsException e) {
      if (item.settled()) {
        return;
      }
      if (e.statusCode() == 400) {
        // The receipt is no longer valid (deleted elsewhere, or the 12-hour limit was reached).
        log.warn("cannot extend visibility of {} any more, it may be redelivered: {}", item, e.getMessage());
        item.settle();
        inFlight.remove(item);
        releaseIfDone();
      } else {
        log.warn("extending visibility of {} failed, retrying: {}", item, e.getMessage());
      }
    } catch (SdkException | IllegalStateException e) {
      if (!item.settled()) {
        log.warn("extending visibility of {} failed, retrying: {}", item, e.getMessage());
      }
    }
  }

  void completed(SqsWorkItem item) {
    if (!item.settle()) {
      log.warn("{} settled twice; completed() ignored", item);
      return;
    }
    try {
      delete(item.messageId(), item.receiptHandle());
    } finally {
      inFlight.remove(item);
      releaseIfDone();
    }
  }

  void failed(SqsWorkItem item, Throwable cause) {
    if (!item.settle()) {
      log.warn("{} settled twice; failed() ignored", item);
      return;
    }
    log.warn("{} failed, left for redelivery: {}", item, cause == null ? "no cause given" : cause.toString());
    inFlight.remove(item);
    releaseIfDone();
  }

  private void delete(String messageId, String receiptHandle) {
    deletes.delete(messageId, receiptHandle);
  }

  /**
   * True when, after at least one receive, nothing this source handed out is unsettled, every
   * acknowledged message was deleted, and the queue reports no message visible, delayed or in flight
   * (one GetQueueAttributes call). Messages in flight elsewhere (another consumer's, or a crashed
   * run's, invisible until their visibility timeout ends) keep a drain waiting until they come back
   * and are handled here: a drain that ended while they were invisible would leave their events
   * unhandled. {@link #backlog()} says what is left.
   */
  @Override
  public boolean drained() {
    if (!received || released.get() || !inFlight.isEmpty() || deletes.outstanding() > 0) {
      return false;
    }
    Map<QueueAttributeName, String> attributes;
    try {
      attributes = controlClient.getQueueAttributes(b -> b
              .queueUrl(config.queueUrl())
              .attributeNames(QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES,
                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED,
                  QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE))
          .attributes();
    } catch (SdkException | IllegalStateException e) {
      log.debug("queue attributes of {} unavailable: {}", config.queueUrl(), e.getMessage());
      return false;
    }
    lastCounts = count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES) + " visible, "
        + count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE) + " in flight, "
        + count(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED) + " delayed";
    return isZero(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES)
        && isZero(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_DELAYED)
        && isZero(attributes, QueueAttributeName.APPROXIMATE_NUMBER_OF_MESSAGES_NOT_VISIBLE)
        && inFlight.isEmpty();
  }

  /** What the queue held at the last drain check, e.g. {@code 0 visible, 3 in flight, 0 delayed}. */
  @Override
  public String backlog() {
    int here = inFlight.size();
    String counts = lastCounts.isEmpty() ? "queue not asked yet" : "queue: " + lastCounts;
    return counts + (here > 0 ? "; " + here + " message(s) in progress here" : "");
  }

  /**
   * Progress records of S3 objects are kept 15 days: an SQS queue keeps a message at most 14, so no
   * notice older than that can come again.
   */
  @Override
  public Optional<ProgressRetention> progressRetention() {
    return Optional.of(new ProgressRetention("s3://", Duration.ofDays(15)));
  }

  private static String count(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
    return attributes.getOrDefault(name, "?");
  }

  private static boolean isZero(Map<QueueAttributeName, String> attributes, QueueAttributeName name) {
    return "0".equals(attributes.getOrDefault(name, "0"));
  }

  /** Two pollers: one's receive round trip overlaps the other's, so workers never wait for one. */
  @Override
  public OptionalInt suggestedPollers() {
    return OptionalInt.of(SqsSourceConfig.POLLERS.defaultValue());
  }

  /** The configured long-poll wait: an idle queue then costs one receive per poller per wait. */
  @Override
  public Optional<Duration> suggestedPollWait() {
    return Optional.of(config.waitTime());
  }

  /** Number of items handed out and not yet settled. */
  int inFlight() {
    return inFlight.size();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    receiveClient.close();
    releaseIfDone();
  }

  private void releaseIfDone() {
    if (closed && inFlight.isEmpty() && released.compareAndSet(false, true)) {
      if (ownsScheduler) {
        scheduler.shutdownNow();
      }
      deletes.close(DELETE_FLUSH);
      controlClient.close();
      s3.close();
    }
  }

  @Override
  public String toString() {
    return "sqs " + config.queueUrl();
  }
}
