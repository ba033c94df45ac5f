package dev.cairn.aws;

import static dev.cairn.aws.NoticeParserTest.EVENTBRIDGE_CLOUDTRAIL;
import static dev.cairn.aws.NoticeParserTest.cloudTrailNotice;
import static dev.cairn.aws.NoticeParserTest.eventBridgeObjectCreated;
import static dev.cairn.aws.NoticeParserTest.s3Event;
import static dev.cairn.aws.NoticeParserTest.sns;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.source.SkippedInput;
import dev.cairn.runtime.source.WorkItem;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.sqs.model.QueueAttributeName;

class SqsSourceIT {
  private static LocalAws aws;
  private static String bucket;

  @BeforeAll
  static void start() throws Exception {
    aws = LocalAws.start();
    bucket = aws.createBucket();
  }

  @AfterAll
  static void stop() throws Exception {
    aws.close();
  }

  /** Polls until {@code n} items arrived (or 10 s passed). */
  private static List<WorkItem> pollFor(SqsSource source, int n) throws Exception {
    List<WorkItem> items = new ArrayList<>();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (items.size() < n && System.nanoTime() < deadline) {
      items.addAll(source.poll(Duration.ofSeconds(1)));
    }
    return items;
  }

  private static byte[] read(Input input) throws IOException {
    try (InputStream in = input.open()) {
      return in.readAllBytes();
    }
  }

  @Test
  void everyNoticeShapeEndToEnd() throws Exception {
    String queue = aws.createQueue();
    Map<String, byte[]> objects = new HashMap<>();
    String k1 = LocalAws.logKey("111122223333", "us-east-1", "a1");
    String k2 = LocalAws.logKey("111122223333", "us-east-2", "a2");
    String org = "AWSLogs/o-aa111bb222/444455556666/CloudTrail/eu-west-1/2024/01/02/444455556666_CloudTrail_eu-west-1_20240102T0305Z_o1.json.gz";
    String spaced = "custom prefix/AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/02/x+y.json.gz";
    String k5 = LocalAws.logKey("111122223333", "us-west-2", "a5");
    String k6 = LocalAws.logKey("111122223333", "us-west-1", "a6");
    for (String key : List.of(k1, k2, org, spaced, k5, k6)) {
      byte[] bytes = LocalAws.logFile(key, 3);
      objects.put(key, bytes);
      aws.put(bucket, key, bytes);
    }
    aws.send(queue, cloudTrailNotice(bucket, k1));
    aws.send(queue, sns(cloudTrailNotice(bucket, k2, org)));
    aws.send(queue, s3Event("ObjectCreated:Put", bucket, "custom+prefix/AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/02/x%2By.json.gz", 10));
    aws.send(queue, sns(s3Event("ObjectCreated:Put", bucket, k5, 10)));
    aws.send(queue, eventBridgeObjectCreated(bucket, k6));
    aws.send(queue, EVENTBRIDGE_CLOUDTRAIL);

    try (SqsSource source = SqsSource.create(aws.config(queue).build())) {
      List<WorkItem> items = pollFor(source, 6);
      assertThat(items).hasSize(6);
      Map<String, Input> byName = new HashMap<>();
      for (WorkItem item : items) {
        for (Input input : item.inputs()) {
          byName.put(input.name(), input);
        }
      }
      assertThat(byName).hasSize(7);
      for (Map.Entry<String, byte[]> e : objects.entrySet()) {
        Input input = byName.get("s3://" + bucket + "/" + e.getKey());
        assertThat(input).as(e.getKey()).isNotNull();
        assertThat(read(input)).as(e.getKey()).isEqualTo(e.getValue());
        assertThat(input.attributes()).containsEntry("bucket", bucket).containsEntry("key", e.getKey());
      }
      assertThat(byName.get("s3://" + bucket + "/" + org).attributes()).containsEntry("organizationId", "o-aa111bb222")
          .containsEntry("accountId", "444455556666").containsEntry("region", "eu-west-1");
      assertThat(byName.get("s3://" + bucket + "/" + k5).attributes()).containsEntry("size", "10")
          .containsEntry("region", "us-west-2");
      Input inline = byName.values().stream().filter(i -> i.name().startsWith("sqs:")).findFirst().orElseThrow();
      assertThat(new String(read(inline), StandardCharsets.UTF_8)).isEqualTo(EVENTBRIDGE_CLOUDTRAIL);
      assertThat(inline.attributes()).containsEntry("detailType", "AWS API Call via CloudTrail")
          .containsEntry("accountId", "111122223333");
      assertThat(items).extracting(WorkItem::describe).anySatisfy(d -> assertThat(d)
          .matches("sqs message [-0-9a-f]+ \\(cloudtrail-sns via sns, 2 inputs\\)"));

      assertThat(aws.awaitMessagesLeft(queue, 6)).isEqualTo(6);
      items.forEach(WorkItem::completed);
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
      assertThat(source.inFlight()).isZero();
    }
  }

  @Test
  void noticesWithoutWorkAreAcknowledgedAndSkippedKeysNeverFetched() throws Exception {
    String queue = aws.createQueue();
    String log = LocalAws.logKey("111122223333", "us-east-1", "s1");
    aws.put(bucket, log, LocalAws.logFile("s1", 1));
    aws.send(queue, "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Bucket\":\"" + bucket + "\"}");
    aws.send(queue, "CloudTrail validation message.");
    aws.send(queue, sns("CloudTrail validation message."));
    // Not uploaded: fetching them would fail, so skipping must happen by key.
    aws.send(queue, cloudTrailNotice(bucket,
        "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/2024/01/02/111122223333_CloudTrail-Digest_us-east-1_t_us-east-1_20240102T030500Z.json.gz",
        "AWSLogs/111122223333/CloudTrail-Insight/us-east-1/2024/01/02/i.json.gz",
        "AWSLogs/111122223333/CloudTrail/us-east-1/2024/01/02/"));
    aws.send(queue, s3Event("ObjectRemoved:Delete", bucket, log, 0));
    aws.send(queue, cloudTrailNotice(bucket, "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/d.json.gz", log));

    try (SqsSource source = SqsSource.create(aws.config(queue).build())) {
      List<WorkItem> items = pollFor(source, 6);
      assertThat(items).hasSize(6);
      List<WorkItem> withWork = items.stream().filter(item -> !item.inputs().isEmpty()).toList();
      assertThat(withWork).singleElement().satisfies(item -> {
        assertThat(item.inputs()).extracting(Input::name).containsExactly("s3://" + bucket + "/" + log);
        assertThat(item.skipped()).extracting(SkippedInput::reason).containsExactly("digest file");
      });
      assertThat(items).flatExtracting(WorkItem::skipped).extracting(SkippedInput::reason)
          .as("each says why it is not read").containsExactlyInAnyOrder("S3 test event", "CloudTrail validation message",
              "CloudTrail validation message", "digest file", "Insights file", "folder placeholder",
              "1 record(s), none ObjectCreated", "digest file");
      assertThat(source.poll(Duration.ofSeconds(1))).isEmpty();
      items.forEach(WorkItem::completed);
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
      assertThat(source.poll(Duration.ofSeconds(0))).isEmpty();
      assertThat(source.drained()).isTrue();
    }
  }

  @Test
  void largeGzipObjectsStreamByteForByte() throws Exception {
    String queue = aws.createQueue();
    String key = LocalAws.logKey("111122223333", "us-east-1", "large");
    // ~40k records with random request ids: about 25 MB of JSON, a few MB of gzip.
    StringBuilder json = new StringBuilder(30_000_000).append("{\"Records\":[");
    Random random = new Random(42);
    for (int i = 0; i < 40_000; i++) {
      json.append(i == 0 ? "" : ",").append(LocalAws.record(Long.toHexString(random.nextLong()) + "-" + i, i));
    }
    byte[] bytes = LocalAws.gzip(json.append("]}").toString().getBytes(StandardCharsets.UTF_8));
    json.setLength(0);
    aws.put(bucket, key, bytes);
    aws.send(queue, cloudTrailNotice(bucket, key));

    try (SqsSource source = SqsSource.create(aws.config(queue).build())) {
      WorkItem item = pollFor(source, 1).get(0);
      Input input = item.inputs().get(0);
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      long total = 0;
      try (InputStream in = new DigestInputStream(input.open(), digest)) {
        byte[] buffer = new byte[8192];
        for (int n; (n = in.read(buffer)) > 0; ) {
          total += n;
        }
      }
      assertThat(total).isEqualTo(bytes.length);
      assertThat(digest.digest()).isEqualTo(MessageDigest.getInstance("SHA-256").digest(bytes));

      // Closing after a partial read aborts instead of downloading the rest.
      try (InputStream in = input.open()) {
        assertThat(in.readNBytes(1024)).hasSize(1024);
      }
      item.completed();
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
    }
  }

  @Test
  void visibilityIsExtendedWhileInFlightAndCompletedDeletes() throws Exception {
    String queue = aws.createQueue();
    String key = LocalAws.logKey("111122223333", "us-east-1", "slow");
    aws.put(bucket, key, LocalAws.logFile("slow", 1));
    aws.send(queue, cloudTrailNotice(bucket, key));
    SqsSourceConfig config = aws.config(queue).visibilityTimeout(Duration.ofSeconds(2))
        .visibilityExtensionInterval(Duration.ofMillis(600)).build();
    try (SqsSource slow = SqsSource.create(config); SqsSource other = SqsSource.create(config)) {
      WorkItem item = pollFor(slow, 1).get(0);
      long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (System.nanoTime() < until) {
        assertThat(other.poll(Duration.ofSeconds(1))).as("redelivered while in flight").isEmpty();
      }
      item.completed();
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
      assertThat(other.poll(Duration.ofSeconds(3))).isEmpty();
    }
  }

  @Test
  void failedLeavesTheMessageForRedelivery() throws Exception {
    String queue = aws.createQueue();
    String key = LocalAws.logKey("111122223333", "us-east-1", "fail");
    aws.put(bucket, key, LocalAws.logFile("fail", 1));
    aws.send(queue, cloudTrailNotice(bucket, key));
    SqsSourceConfig config = aws.config(queue).visibilityTimeout(Duration.ofSeconds(1))
        .visibilityExtensionInterval(Duration.ofMillis(400)).build();
    try (SqsSource source = SqsSource.create(config)) {
      WorkItem first = pollFor(source, 1).get(0);
      first.failed(new IOException("boom"));
      assertThat(aws.awaitMessagesLeft(queue, 1)).isEqualTo(1);
      WorkItem again = pollFor(source, 1).get(0);
      assertThat(again.describe()).endsWith(", receive 2)");
      assertThat(again.inputs()).extracting(Input::name).containsExactly("s3://" + bucket + "/" + key);
      again.completed();
      first.completed(); // settled already: ignored
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
    }
  }

  @Test
  void poisonBodiesNeverStopTheSourceAndReachTheDeadLetterQueue() throws Exception {
    String dlq = aws.createQueue();
    String dlqArn = aws.sqs.getQueueAttributes(b -> b.queueUrl(dlq).attributeNames(QueueAttributeName.QUEUE_ARN))
        .attributes().get(QueueAttributeName.QUEUE_ARN);
    String queue = aws.createQueue(Map.of(QueueAttributeName.REDRIVE_POLICY,
        "{\"maxReceiveCount\":\"2\",\"deadLetterTargetArn\":\"" + dlqArn + "\"}"));
    String key = LocalAws.logKey("111122223333", "us-east-1", "good");
    aws.put(bucket, key, LocalAws.logFile("good", 1));
    aws.send(queue, "this is not json");
    aws.send(queue, "{\"unexpected\":true}");
    aws.send(queue, cloudTrailNotice(bucket, key));
    SqsSourceConfig config = aws.config(queue).visibilityTimeout(Duration.ofSeconds(1))
        .visibilityExtensionInterval(Duration.ofMillis(400)).build();
    try (SqsSource source = SqsSource.create(config)) {
      List<WorkItem> items = pollFor(source, 1);
      assertThat(items).hasSize(1);
      items.get(0).completed();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
      while (aws.messagesLeft(dlq) < 2 && System.nanoTime() < deadline) {
        assertThat(source.poll(Duration.ofSeconds(1))).isEmpty();
      }
      assertThat(aws.awaitMessagesLeft(dlq, 2)).isEqualTo(2);
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
    }
  }

  @Test
  void missingObjectAndAccessDeniedNameTheObject() throws Exception {
    String queue = aws.createQueue();
    String missing = LocalAws.logKey("111122223333", "us-east-1", "missing");
    aws.send(queue, cloudTrailNotice(bucket, missing));
    try (SqsSource source = SqsSource.create(aws.config(queue).build())) {
      WorkItem item = pollFor(source, 1).get(0);
      assertThatThrownBy(() -> item.inputs().get(0).open()).isInstanceOf(IOException.class)
          .hasMessage("s3://" + bucket + "/" + missing + ": no such object (NoSuchKey)");
      item.failed(new IOException("missing"));
    }
    String denied = LocalAws.logKey("111122223333", "us-east-1", "denied");
    aws.put(bucket, denied, LocalAws.logFile("denied", 1));
    String queue2 = aws.createQueue();
    aws.send(queue2, cloudTrailNotice(bucket, denied));
    SqsSourceConfig wrongSecret = aws.config(queue2)
        .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create(LocalAws.ACCESS_KEY, "wrong"))).build();
    try (SqsSource source = SqsSource.create(wrongSecret)) {
      WorkItem item = pollFor(source, 1).get(0);
      assertThatThrownBy(() -> item.inputs().get(0).open()).isInstanceOf(IOException.class)
          .hasMessageStartingWith("s3://" + bucket + "/" + denied + ": access denied (");
      item.failed(new IOException("denied"));
    }
  }

  @Test
  void duplicateNoticesAreDeliveredAsSeparateItems() throws Exception {
    String queue = aws.createQueue();
    String key = LocalAws.logKey("111122223333", "us-east-1", "dup");
    byte[] bytes = LocalAws.logFile("dup", 2);
    aws.put(bucket, key, bytes);
    aws.send(queue, cloudTrailNotice(bucket, key));
    aws.send(queue, sns(cloudTrailNotice(bucket, key)));
    try (SqsSource source = SqsSource.create(aws.config(queue).build())) {
      List<WorkItem> items = pollFor(source, 2);
      assertThat(items).hasSize(2);
      for (WorkItem item : items) {
        assertThat(read(item.inputs().get(0))).isEqualTo(bytes);
        item.completed();
      }
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
    }
  }

  @Test
  void competingPollersEachGetDistinctMessages() throws Exception {
    String queue = aws.createQueue();
    int messages = 40;
    for (int i = 0; i < messages; i++) {
      aws.send(queue, cloudTrailNotice(bucket, LocalAws.logKey("111122223333", "us-east-1", "c" + i)));
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    AtomicInteger duplicates = new AtomicInteger();
    ExecutorService pollers = Executors.newFixedThreadPool(4);
    try (SqsSource source = SqsSource.create(aws.config(queue).maxMessages(3).build())) {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(pollers.submit(() -> {
          while (seen.size() < messages) {
            for (WorkItem item : source.poll(Duration.ofSeconds(1))) {
              if (!seen.add(item.inputs().get(0).name())) {
                duplicates.incrementAndGet();
              }
              item.completed();
            }
          }
          return null;
        }));
      }
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
      assertThat(seen).hasSize(messages);
      assertThat(duplicates).hasValue(0);
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
    } finally {
      pollers.shutdownNow();
    }
  }

  @Test
  void drainedOnlyWhenTheQueueIsEmpty() throws Exception {
    String queue = aws.createQueue();
    try (SqsSource source = SqsSource.create(aws.config(queue).build())) {
      assertThat(source.drained()).as("before any receive").isFalse();
      assertThat(source.poll(Duration.ZERO)).isEmpty();
      assertThat(source.drained()).isTrue();
      aws.send(queue, "CloudTrail validation message.");
      assertThat(source.drained()).isFalse();
    }
  }

  @Test
  void notDrainedWhileAnItemHandedOutIsUnsettled() throws Exception {
    String queue = aws.createQueue();
    String key = LocalAws.logKey("111122223333", "us-east-1", "unsettled");
    aws.put(bucket, key, LocalAws.logFile("unsettled", 1));
    aws.send(queue, cloudTrailNotice(bucket, key));
    try (SqsSource source = SqsSource.create(aws.config(queue).build())) {
      WorkItem item = pollFor(source, 1).get(0);
      assertThat(source.poll(Duration.ZERO)).isEmpty();
      // The queue shows nothing visible, but the item is still being handled.
      assertThat(source.drained()).isFalse();
      item.completed();
      assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
      // The delete is sent in the background; drained() waits for it to be done.
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
      while (!source.drained() && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      assertThat(source.drained()).isTrue();
    }
  }

  @Test
  void closeReturnsABlockedPollSoon() throws Exception {
    String queue = aws.createQueue();
    SqsSource source = SqsSource.create(aws.config(queue).waitTime(Duration.ofSeconds(20)).build());
    ExecutorService poller = Executors.newSingleThreadExecutor();
    try {
      Future<List<WorkItem>> blocked = poller.submit(() -> source.poll(Duration.ofSeconds(20)));
      Thread.sleep(500);
      long start = System.nanoTime();
      source.close();
      assertThat(blocked.get(5, TimeUnit.SECONDS)).isEmpty();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
      assertThat(source.poll(Duration.ofSeconds(20))).isEmpty();
    } finally {
      poller.shutdownNow();
    }
  }

  @Test
  void itemsHandedOutBeforeCloseCanStillBeCompleted() throws Exception {
    String queue = aws.createQueue();
    String key = LocalAws.logKey("111122223333", "us-east-1", "late");
    byte[] bytes = LocalAws.logFile("late", 1);
    aws.put(bucket, key, bytes);
    aws.send(queue, cloudTrailNotice(bucket, key));
    SqsSource source = SqsSource.create(aws.config(queue).build());
    WorkItem item = pollFor(source, 1).get(0);
    source.close();
    assertThat(read(item.inputs().get(0))).isEqualTo(bytes);
    item.completed();
    assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
  }
}
