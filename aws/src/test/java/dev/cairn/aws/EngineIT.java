package dev.cairn.aws;

import static dev.cairn.aws.NoticeParserTest.cloudTrailNotice;
import static dev.cairn.aws.NoticeParserTest.s3Event;
import static dev.cairn.aws.NoticeParserTest.sns;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.CairnProcessor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The SQS source driven by the engine: dedup across duplicate notices, and a crash mid-object. */
class EngineIT {
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

  private static Set<String> ids(String prefix, int count) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < count; i++) {
      ids.add(prefix + "-" + i);
    }
    return ids;
  }

  @Test
  void duplicateNoticesAndDuplicateEventsAreHandledOnce() throws Exception {
    String queue = aws.createQueue();
    String k1 = LocalAws.logKey("111122223333", "us-east-1", "d1");
    String k2 = LocalAws.logKey("111122223333", "us-east-1", "d2");
    aws.put(bucket, k1, LocalAws.logFile("dedup-a", 40));
    aws.put(bucket, k2, LocalAws.logFile("dedup-a", 40)); // CloudTrail re-delivering the same events
    aws.send(queue, cloudTrailNotice(bucket, k1));
    aws.send(queue, sns(cloudTrailNotice(bucket, k1))); // SNS + SQS duplicate
    aws.send(queue, s3Event("ObjectCreated:Put", bucket, k2, 1));
    aws.send(queue, "CloudTrail validation message.");

    Map<String, Integer> seen = new ConcurrentHashMap<>();
    SqsSource source = SqsSource.create(aws.config(queue).build());
    CairnProcessor processor = CairnProcessor.builder().source(source).pollWait(Duration.ofSeconds(1))
        .eventsProcessor(events -> events.forEach(e -> seen.merge(e.eventId(), 1, Integer::sum)))
        .build();
    // Not runUntilDrained(): the engine only checks drained() between polls, and a long poll is
    // almost always in progress.
    processor.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while ((processor.stats().itemsCompleted() < 4 || aws.messagesLeft(queue) > 0) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    processor.stop();
    CairnProcessor.Stats stats = processor.stats();

    assertThat(seen.keySet()).isEqualTo(ids("dedup-a", 40));
    assertThat(seen.values()).containsOnly(1);
    assertThat(stats.eventsIn()).as("the duplicate notice of k1 finds it done and reads nothing").isEqualTo(80);
    assertThat(stats.dedupHits()).as("k2 repeats k1's events: the in-memory window drops them").isEqualTo(40);
    assertThat(stats.itemsCompleted()).as("3 notices and the validation message").isEqualTo(4);
    assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
  }

  @Test
  void runUntilDrainedReturnsOnceTheQueueIsEmptyDespiteLongPolls() throws Exception {
    String queue = aws.createQueue();
    for (int f = 0; f < 12; f++) {
      String key = LocalAws.logKey("111122223333", "us-east-1", "drain" + f);
      aws.put(bucket, key, LocalAws.logFile("drain" + f, 30));
      aws.send(queue, sns(cloudTrailNotice(bucket, key)));
    }
    Set<String> seen = ConcurrentHashMap.newKeySet();
    // Default engine settings and the source's default 20 s long poll: a drain that waited for a
    // long poll to come back empty would take 20 s.
    SqsSource source = SqsSource.create(aws.config(queue).waitTime(Duration.ofSeconds(20)).build());
    CairnProcessor processor = CairnProcessor.builder().source(source)
        .eventsProcessor(events -> events.forEach(e -> seen.add(e.eventId())))
        .build();
    long start = System.nanoTime();
    CairnProcessor.Stats stats = processor.runUntilDrained();
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(took).isLessThan(Duration.ofSeconds(10));
    assertThat(seen).hasSize(12 * 30);
    assertThat(stats.itemsCompleted()).isEqualTo(12);
    assertThat(stats.inFlight()).isZero();
    assertThat(processor.isRunning()).isFalse();
    assertThat(aws.messagesLeft(queue)).isZero();
  }

  @Test
  void poisonInputsNeverStopTheEngine() throws Exception {
    String queue = aws.createQueue();
    String good = LocalAws.logKey("111122223333", "us-east-1", "ok");
    String corrupt = LocalAws.logKey("111122223333", "us-east-1", "corrupt");
    byte[] gzip = LocalAws.logFile("x", 10);
    aws.put(bucket, good, LocalAws.logFile("ok", 5));
    aws.put(bucket, corrupt, java.util.Arrays.copyOf(gzip, gzip.length / 2));
    aws.send(queue, cloudTrailNotice(bucket, LocalAws.logKey("111122223333", "us-east-1", "nowhere")));
    aws.send(queue, cloudTrailNotice(bucket, corrupt));
    aws.send(queue, "garbage");
    aws.send(queue, cloudTrailNotice(bucket, good));

    Set<String> seen = ConcurrentHashMap.newKeySet();
    List<String> failures = new ArrayList<>();
    SqsSource source = SqsSource.create(aws.config(queue).build());
    CairnProcessor processor = CairnProcessor.builder().source(source).pollWait(Duration.ofSeconds(1))
        .eventsProcessor(events -> events.forEach(e -> seen.add(e.eventId())))
        .exceptionHandler(f -> {
          synchronized (failures) {
            failures.add(f.describe());
          }
        })
        .build();
    processor.start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while ((seen.size() < 5 || processor.stats().itemsFailed() < 2) && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    processor.stop();
    assertThat(seen).isEqualTo(ids("ok", 5));
    synchronized (failures) {
      assertThat(failures).anySatisfy(f -> assertThat(f).contains("s3://" + bucket + "/" + LocalAws.logKey(
          "111122223333", "us-east-1", "nowhere")).contains("no such object (NoSuchKey)"));
      assertThat(failures).anySatisfy(f -> assertThat(f).contains("s3://" + bucket + "/" + corrupt));
    }
    // The good message is gone; the two poison items and the garbage body stay for the redrive policy.
    assertThat(aws.awaitMessagesLeft(queue, 3)).isEqualTo(3);
  }

  @Test
  void killedMidObjectLosesNoEventAfterRestart(@TempDir Path dir) throws Exception {
    String queue = aws.createQueue();
    int files = 3;
    int perFile = 600;
    Set<String> expected = new HashSet<>();
    for (int f = 0; f < files; f++) {
      String key = LocalAws.logKey("111122223333", "us-east-1", "crash" + f);
      aws.put(bucket, key, LocalAws.logFile("crash" + f, perFile));
      aws.send(queue, sns(cloudTrailNotice(bucket, key)));
      expected.addAll(ids("crash" + f, perFile));
    }
    Path state = dir.resolve("state.db");
    Path handled = dir.resolve("handled.txt");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), queue, aws.sqsEndpoint.toString(), aws.s3Endpoint.toString(), state.toString(),
        handled.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (lines(handled).size() < 300 && System.nanoTime() < deadline) {
        assertThat(child.isAlive()).as("child alive; log: %s", log(dir)).isTrue();
        Thread.sleep(10);
      }
      assertThat(lines(handled).size()).as("child log: %s", log(dir)).isBetween(300, files * perFile - 1);
    } finally {
      child.destroyForcibly(); // SIGKILL
      child.waitFor(10, TimeUnit.SECONDS);
    }
    List<String> beforeCrash = lines(handled);

    AtomicInteger afterRestart = new AtomicInteger();
    Set<String> seenAfter = ConcurrentHashMap.newKeySet();
    SqsSource source = SqsSource.create(aws.config(queue).visibilityTimeout(Duration.ofSeconds(2))
        .visibilityExtensionInterval(Duration.ofSeconds(1)).build());
    CairnProcessor processor = CairnProcessor.builder().source(source).stateFile(state)
        .pollWait(Duration.ofSeconds(1))
        .eventsProcessor(events -> events.forEach((CloudTrailEvent e) -> {
          seenAfter.add(e.eventId());
          afterRestart.incrementAndGet();
        }))
        .build();
    // Messages the child held come back once their visibility timeout (2 s) runs out.
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    Set<String> all = new HashSet<>(beforeCrash);
    processor.start();
    while (System.nanoTime() < deadline) {
      all.addAll(seenAfter);
      if (all.containsAll(expected) && aws.messagesLeft(queue) == 0) {
        break;
      }
      Thread.sleep(50);
    }
    processor.stop();
    all.addAll(seenAfter);
    assertThat(all).isEqualTo(expected);
    assertThat(aws.awaitMessagesLeft(queue, 0)).isZero();
    // Dedup remembered what the child had recorded, so far fewer than all events were handled again.
    assertThat(afterRestart.get()).isLessThan(files * perFile);
  }

  private static List<String> lines(Path file) throws java.io.IOException {
    if (!Files.exists(file)) {
      return List.of();
    }
    List<String> lines = new ArrayList<>();
    for (String line : Files.readString(file, StandardCharsets.UTF_8).split("\n", -1)) {
      if (!line.isEmpty()) {
        lines.add(line);
      }
    }
    return lines;
  }

  private static String log(Path dir) {
    try {
      return Files.readString(dir.resolve("child.log"));
    } catch (java.io.IOException e) {
      return "(no log)";
    }
  }
}
