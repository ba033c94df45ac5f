package dev.cairn.runtime;

import static dev.cairn.runtime.TestLogs.ids;
import static dev.cairn.runtime.TestLogs.logFile;
import static dev.cairn.runtime.TestLogs.record;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.ProgressReporter.Progress;
import dev.cairn.runtime.ProgressReporter.Step;
import dev.cairn.runtime.source.PoisonInputException;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.FakeClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

class CairnProcessorTest {
  @TempDir Path tmp;

  private final TestSource source = new TestSource();
  private final List<List<String>> batches = new CopyOnWriteArrayList<>();
  private final List<ProcessingFailure> failures = new CopyOnWriteArrayList<>();

  private CairnProcessor.Builder builder() {
    return CairnProcessor.builder()
        .source(source)
        .decoder(TestDecoder.INSTANCE)
        .eventsProcessor(this::collect)
        .exceptionHandler(failures::add)
        .workers(2);
  }

  private void collect(List<CloudTrailEvent> events) {
    batches.add(events.stream().map(CloudTrailEvent::eventId).toList());
  }

  private List<String> processed() {
    List<String> all = new ArrayList<>();
    batches.forEach(all::addAll);
    return all;
  }

  static void await(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("timed out waiting for " + what);
      }
      Thread.sleep(5);
    }
  }

  @Test
  void processesEveryEventInBatchesAndCompletesEachItem() throws Exception {
    source.add("big", logFile("b", 250));
    source.add("two-inputs", TestSource.input("x", logFile("x", 3)), TestSource.input("y", logFile("y", 2)));
    CairnProcessor.Stats stats = builder().build().runUntilDrained();

    assertThat(processed()).containsExactlyInAnyOrderElementsOf(
        concat(ids("b", 250), ids("x", 3), ids("y", 2)));
    List<Integer> bigBatches = batches.stream().filter(b -> b.get(0).startsWith("b")).map(List::size).toList();
    assertThat(bigBatches).containsExactly(100, 100, 50);
    assertThat(batches.stream().filter(b -> b.get(0).startsWith("b")).flatMap(List::stream).toList())
        .as("one input's events arrive in order").isEqualTo(ids("b", 250));
    assertThat(source.completedNames()).containsExactly("big", "two-inputs");
    assertThat(source.failed).isEmpty();
    assertThat(stats).isEqualTo(new CairnProcessor.Stats(2, 2, 0, 0, 255, 255, 0, 0, 0, 0));
  }

  @Test
  void processorFailureFailsTheItemWhichIsDeliveredAgainAndNotReprocessed() throws Exception {
    AtomicInteger calls = new AtomicInteger();
    source.add("flaky", logFile("e", 4));
    CairnProcessor processor = builder().batchSize(2).eventsProcessor(events -> {
      if (calls.incrementAndGet() == 2) {
        throw new IllegalStateException("downstream unavailable");
      }
      collect(events);
    }).build();
    CairnProcessor.Stats stats = processor.runUntilDrained();

    assertThat(batches).containsExactly(List.of("e0", "e1"), List.of("e2", "e3"));
    assertThat(source.failures).singleElement().satisfies(cause ->
        assertThat(cause).isInstanceOf(IllegalStateException.class).hasMessage("downstream unavailable"));
    assertThat(source.completedNames()).containsExactly("flaky");
    assertThat(source.failed.get(0).settlements).hasValue(2);
    assertThat(failures).singleElement().satisfies(f -> {
      assertThat(f.stage()).isEqualTo(Stage.PROCESS);
      assertThat(f.item()).contains("item flaky");
      assertThat(f.input()).contains("flaky");
    });
    assertThat(stats.dedupHits()).as("e0, e1 were recorded before the failure").isEqualTo(2);
    assertThat(stats.itemsFailed()).isEqualTo(1);
    assertThat(stats.itemsCompleted()).isEqualTo(1);
  }

  @Test
  void theSameEventInTwoItemsHandledAtOnceReachesTheProcessorOnce() throws Exception {
    CountDownLatch bothStarted = new CountDownLatch(2);
    source.add("copy1", logFile("e", 40));
    source.add("copy2", logFile("e", 40));
    CairnProcessor.Stats stats = builder().workers(2).batchSize(10).progressReporter(progress -> {
      if (progress.step() == Step.ITEM_STARTED) {
        bothStarted.countDown();
        try {
          bothStarted.await(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }).eventsProcessor(events -> {
      try {
        Thread.sleep(20);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      collect(events);
    }).build().runUntilDrained();
    assertThat(processed()).containsExactlyInAnyOrderElementsOf(ids("e", 40));
    assertThat(stats.dedupHits()).isEqualTo(40);
    assertThat(source.completedNames()).containsExactly("copy1", "copy2");
  }

  @Test
  void boundedQueueHoldsBackThePoller() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger started = new AtomicInteger();
    for (int i = 0; i < 100; i++) {
      source.add("item" + i, logFile("i" + i + "-", 1));
    }
    CairnProcessor processor = builder().workers(2).queueCapacity(3).eventsProcessor(events -> {
      started.incrementAndGet();
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }).build();
    processor.start();
    await("both workers busy", () -> started.get() == 2);
    Thread.sleep(300);
    // 2 in workers + 3 queued + at most one poll batch (5) held by the blocked poller.
    assertThat(processor.stats().itemsReceived()).isBetween(5L, 10L);
    assertThat(source.available).hasSizeGreaterThanOrEqualTo(90);
    release.countDown();
    await("all done", () -> source.completed.size() == 100);
    processor.stop();
  }

  @Test
  void gracefulStopFailsUnfinishedItemsAndNeverCompletesThem() throws Exception {
    source.redeliver = false;
    CountDownLatch inProcessor = new CountDownLatch(1);
    source.add("slow", logFile("s", 1));
    source.add("queued1", logFile("q", 1));
    source.add("queued2", logFile("r", 1));
    CairnProcessor processor = builder().workers(1).eventsProcessor(events -> {
      inProcessor.countDown();
      try {
        Thread.sleep(60_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    }).build();
    processor.start();
    assertThat(inProcessor.await(10, TimeUnit.SECONDS)).isTrue();
    long start = System.nanoTime();
    assertThat(processor.stop(Duration.ofMillis(200))).isFalse();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));

    assertThat(source.completed).isEmpty();
    assertThat(source.failed).extracting(item -> item.name).containsExactlyInAnyOrder("slow", "queued1", "queued2");
    source.failed.forEach(item -> assertThat(item.settlements).hasValue(1));
    assertThat(failures).extracting(ProcessingFailure::stage).containsOnly(Stage.STOP);
    assertThat(source.closed).isTrue();
    assertThat(processor.isRunning()).isFalse();
    assertThat(processor.stop(Duration.ZERO)).as("idempotent").isTrue();
  }

  @Test
  void everyReceivedItemIsSettledExactlyOnceWhateverTheStopTiming() throws Exception {
    for (int round = 0; round < 5; round++) {
      TestSource busy = new TestSource();
      busy.redeliver = false;
      List<TestSource.Item> items = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        items.add(busy.add("item" + i, logFile("r" + round + "i" + i + "-", 3)));
      }
      CairnProcessor processor = builder().source(busy).workers(3).queueCapacity(4).batchSize(1).eventsProcessor(events -> {
        try {
          Thread.sleep(1);
        } catch (InterruptedException e) {
          throw new IllegalStateException(e);
        }
      }).build();
      processor.start();
      Thread.sleep(20 + 10 * round);
      processor.stop(round % 2 == 0 ? Duration.ZERO : Duration.ofSeconds(5));

      CairnProcessor.Stats stats = processor.stats();
      assertThat(items).allSatisfy(item -> assertThat(item.settlements.get()).isLessThanOrEqualTo(1));
      long settled = items.stream().filter(item -> item.settlements.get() == 1).count();
      assertThat(settled).isEqualTo(stats.itemsReceived()).isEqualTo(stats.itemsCompleted() + stats.itemsFailed());
      assertThat(stats.inFlight()).isZero();
      assertThat(busy.available.size() + settled).as("nothing lost").isEqualTo(200);
    }
  }

  @Test
  void gracefulStopLetsItemsInProgressFinish() throws Exception {
    CountDownLatch inProcessor = new CountDownLatch(1);
    source.add("slow", logFile("s", 1));
    CairnProcessor processor = builder().eventsProcessor(events -> {
      inProcessor.countDown();
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
      collect(events);
    }).build();
    processor.start();
    assertThat(inProcessor.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(processor.stop(Duration.ofSeconds(10))).isTrue();
    assertThat(source.completedNames()).containsExactly("slow");
    assertThat(processed()).containsExactly("s0");
  }

  @Test
  void stopFromSeveralThreadsAtOnceReturnsForAll() throws Exception {
    CountDownLatch inProcessor = new CountDownLatch(1);
    source.add("slow", logFile("s", 1));
    CairnProcessor processor = builder().eventsProcessor(events -> {
      inProcessor.countDown();
      try {
        Thread.sleep(300);
      } catch (InterruptedException e) {
        throw new IllegalStateException(e);
      }
    }).build();
    processor.start();
    assertThat(inProcessor.await(10, TimeUnit.SECONDS)).isTrue();
    java.util.concurrent.ExecutorService stoppers = java.util.concurrent.Executors.newFixedThreadPool(3);
    try {
      List<java.util.concurrent.Future<Boolean>> results = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        results.add(stoppers.submit(() -> processor.stop(Duration.ofSeconds(10))));
      }
      for (java.util.concurrent.Future<Boolean> result : results) {
        assertThat(result.get(10, TimeUnit.SECONDS)).isTrue();
      }
    } finally {
      stoppers.shutdownNow();
    }
    assertThat(source.completedNames()).containsExactly("slow");
  }

  @Test
  void poisonInputIsLoggedWithItsNameAndReasonAndTheEngineContinues() throws Exception {
    Logger log = (Logger) LoggerFactory.getLogger(InputReader.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    log.addAppender(appender);
    Level before = log.getLevel();
    log.setLevel(Level.WARN);
    try {
      source.redeliver = false;
      byte[] corruptGzip = TestLogs.gzip(logFile("z", 50));
      corruptGzip = java.util.Arrays.copyOf(corruptGzip, corruptGzip.length / 2);
      source.add("bad.gz", TestSource.input("s3://bucket/bad.gz", corruptGzip));
      source.add("bad.json", TestSource.input("s3://bucket/bad.json", record("j0") + "\n{oops"));
      source.add("gone", TestSource.missing("s3://bucket/gone"));
      source.add("mixed", TestSource.input("s3://bucket/broken", "]"), TestSource.input("s3://bucket/fine", logFile("m", 2)));
      source.add("good", logFile("g", 3));
      CairnProcessor.Stats stats = builder().build().runUntilDrained();

      assertThat(processed()).contains("j0", "m0", "m1", "g0", "g1", "g2");
      assertThat(source.completedNames()).containsExactly("good");
      assertThat(source.failed).extracting(item -> item.name).containsExactlyInAnyOrder("bad.gz", "bad.json", "gone", "mixed");
      assertThat(source.failures).filteredOn(cause -> cause instanceof PoisonInputException).hasSize(3);
      assertThat(source.failures).as("a missing object is not poison: it may yet appear, or the queue's redrive"
          + " policy ends it").filteredOn(cause -> cause instanceof java.nio.file.NoSuchFileException).hasSize(1);
      assertThat(stats.decodeErrors()).isEqualTo(3);
      assertThat(failures).extracting(ProcessingFailure::stage).containsOnly(Stage.DECODE, Stage.OPEN);
      assertThat(failures).filteredOn(f -> f.stage() == Stage.OPEN).singleElement()
          .satisfies(f -> assertThat(f.input()).contains("s3://bucket/gone"));

      List<String> messages = appender.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
      assertThat(messages).anySatisfy(m -> assertThat(m).startsWith("poison input s3://bucket/bad.gz: ").contains("corrupt gzip"));
      assertThat(messages).anySatisfy(m -> assertThat(m)
          .isEqualTo("poison input s3://bucket/bad.json: Unexpected character ('o' (code 111)): was expecting double-quote to start field name"));
    } finally {
      log.detachAppender(appender);
      log.setLevel(before);
    }
  }

  @Test
  void filtersListenerAndProgressReporter() throws Exception {
    List<Progress> steps = Collections.synchronizedList(new ArrayList<>());
    Map<String, Integer> counts = new ConcurrentHashMap<>();
    Map<String, Duration> lags = new ConcurrentHashMap<>();
    PipelineListener listener = new PipelineListener() {
      @Override
      public void eventReceived(CloudTrailEvent event) {
        counts.merge("in", 1, Integer::sum);
      }

      @Override
      public void eventFiltered(CloudTrailEvent event) {
        counts.merge("filtered", 1, Integer::sum);
      }

      @Override
      public void inputSkipped(String input, String reason) {
        counts.merge("skippedInputs", 1, Integer::sum);
        assertThat(reason).isEqualTo("source filter");
      }

      @Override
      public void valueSkipped(dev.cairn.decode.SkippedValue skipped) {
        counts.merge("skippedValues", 1, Integer::sum);
      }

      @Override
      public void bytesRead(String input, long bytes) {
        counts.merge("bytes", (int) bytes, Integer::sum);
      }

      @Override
      public void eventLag(String account, String region, Duration lag) {
        lags.put(account + "/" + region, lag);
      }

      @Override
      public void itemCompleted(String item, Duration elapsed) {
        throw new IllegalStateException("broken metrics");
      }
    };
    String content = logFile(List.of(record("a", "alice", "DescribeInstances", "2024-01-01T00:00:00Z"),
        record("b", "bob", "RunInstances", "2024-01-01T00:00:00Z"))) + "{\"data\":1}";
    source.add("one", TestSource.input("s3://b/AWSLogs/1/CloudTrail/x.json", content),
        TestSource.input("s3://b/AWSLogs/1/CloudTrail-Digest/d.json", "{}"));
    FakeClock clock = new FakeClock(Instant.parse("2024-01-01T00:05:00Z"));
    CairnProcessor.Stats stats = builder()
        .clock(clock)
        .listener(listener)
        .progressReporter(steps::add)
        .sourceFilter(input -> !input.name().contains("CloudTrail-Digest"))
        .eventFilter(event -> !event.eventName().startsWith("Describe"))
        .build()
        .runUntilDrained();

    assertThat(processed()).containsExactly("b");
    assertThat(counts).containsEntry("in", 2).containsEntry("filtered", 1).containsEntry("skippedInputs", 1)
        .containsEntry("skippedValues", 1).containsEntry("bytes", content.length());
    assertThat(lags).containsExactly(Map.entry("111122223333/eu-west-1", Duration.ofMinutes(5)));
    assertThat(stats.listenerFailures()).isEqualTo(1);
    assertThat(source.completedNames()).containsExactly("one");
    assertThat(steps).extracting(Progress::step)
        .containsExactly(Step.ITEM_STARTED, Step.INPUT_STARTED, Step.INPUT_FINISHED, Step.ITEM_FINISHED);
    assertThat(steps.get(2).input()).contains("s3://b/AWSLogs/1/CloudTrail/x.json");
    assertThat(steps.get(3).events()).isEqualTo(1);
    assertThat(steps).allSatisfy(step -> assertThat(step.success()).isTrue());
  }

  @Test
  void pollFailuresAreReportedAndRetriedWithBackoff() throws Exception {
    source.failPolls.set(2);
    source.add("a", logFile("a", 1));
    builder().build().runUntilDrained();
    assertThat(processed()).containsExactly("a0");
    assertThat(failures).hasSize(2).allSatisfy(f -> {
      assertThat(f.stage()).isEqualTo(Stage.POLL);
      assertThat(f.cause()).hasMessage("queue unreachable");
    });
  }

  @Test
  void drainsAWatchedFolder() throws Exception {
    Path inbox = tmp.resolve("inbox");
    TestLogs.writeGzip(inbox.resolve("2024/01/a.json.gz"), logFile("a", 5));
    TestLogs.writeGzip(inbox.resolve("b"), logFile("b", 5));
    Path state = tmp.resolve(".cairn/state.db");
    CairnProcessor.Stats stats = CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateFile(state)
        .decoder(TestDecoder.INSTANCE).eventsProcessor(this::collect).build().runUntilDrained();
    assertThat(processed()).containsExactlyInAnyOrderElementsOf(concat(ids("a", 5), ids("b", 5)));
    assertThat(stats.itemsCompleted()).isEqualTo(2);

    batches.clear();
    TestLogs.writeGzip(inbox.resolve("c"), logFile("c", 2));
    CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateFile(state)
        .decoder(TestDecoder.INSTANCE).eventsProcessor(this::collect).build().runUntilDrained();
    assertThat(processed()).as("restart reads only the new file").containsExactlyElementsOf(ids("c", 2));
  }

  @Test
  void poisonFileInAWatchedFolderIsRecordedAsFailedAndNotReadAgain() throws Exception {
    Path inbox = tmp.resolve("inbox");
    Path state = tmp.resolve("state.db");
    byte[] gzip = TestLogs.gzip(logFile("p", 30));
    java.nio.file.Files.createDirectories(inbox);
    java.nio.file.Files.write(inbox.resolve("truncated.json.gz"), java.util.Arrays.copyOf(gzip, gzip.length - 12));
    java.nio.file.Files.writeString(inbox.resolve("not-json"), "{\"Records\":[" + record("j0") + ",{\"eventID\":");
    TestLogs.writeGzip(inbox.resolve("good.json.gz"), logFile("g", 3));
    // The standard decoder, as in production.
    CairnProcessor.Stats stats = CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateFile(state)
        .pollers(2).eventsProcessor(this::collect).exceptionHandler(failures::add).build().runUntilDrained();

    assertThat(processed()).as("events before a break are handled").contains("j0").containsAll(ids("g", 3));
    assertThat(stats.decodeErrors()).as(failures.toString() + stats).isEqualTo(2);
    assertThat(stats.itemsCompleted()).isEqualTo(1);
    assertThat(failures).extracting(ProcessingFailure::stage).containsOnly(Stage.DECODE);
    assertThat(failures).extracting(f -> f.input().orElseThrow())
        .containsExactlyInAnyOrder(inbox.resolve("truncated.json.gz").toString(), inbox.resolve("not-json").toString());
    try (StateStore store = StateStore.open(state)) {
      assertThat(store.inputs().get(inbox.resolve("not-json").toAbsolutePath().toString()).orElseThrow().reason())
          .hasValueSatisfying(reason -> assertThat(reason).isNotBlank());
    }

    batches.clear();
    failures.clear();
    CairnProcessor.Stats again = CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateFile(state)
        .eventsProcessor(this::collect).build().runUntilDrained();
    assertThat(again.itemsReceived()).as("nothing is read again").isZero();
  }

  @Test
  void processorFailureWithTheStandardDecoderIsNotMistakenForPoison() throws Exception {
    Path inbox = tmp.resolve("inbox");
    TestLogs.writeGzip(inbox.resolve("a.json.gz"), logFile("a", 7));
    AtomicInteger calls = new AtomicInteger();
    try (StateStore store = StateStore.inMemory()) {
      dev.cairn.runtime.source.FolderSource folder = dev.cairn.runtime.source.FolderSource.builder(inbox, store)
          .settleTime(Duration.ZERO).retryDelay(Duration.ZERO).build();
      CairnProcessor.Stats stats = CairnProcessor.builder().source(folder).stateStore(store).batchSize(3)
          .exceptionHandler(failures::add)
          .eventsProcessor(events -> {
            if (calls.incrementAndGet() == 2) {
              throw new IllegalStateException("downstream unavailable");
            }
            collect(events);
          }).build().runUntilDrained();
      assertThat(failures).singleElement().satisfies(f -> {
        assertThat(f.stage()).isEqualTo(Stage.PROCESS);
        assertThat(f.cause()).hasMessage("downstream unavailable");
      });
      assertThat(processed()).containsExactlyElementsOf(ids("a", 7));
      assertThat(stats.decodeErrors()).isZero();
      assertThat(stats.itemsCompleted()).isEqualTo(1);
    }
  }

  @Test
  void builderValidatesAndRejectsConflicts() {
    assertThatThrownBy(() -> CairnProcessor.builder().batchSize(0)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("batchSize: expected a whole number from 1 to 10000, got '0'");
    assertThatThrownBy(() -> CairnProcessor.builder().dedupWindow(Duration.ofSeconds(-1)))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dedupWindow: expected a duration of at least 0s, got '-1s'");
    assertThatThrownBy(() -> CairnProcessor.builder().source(source).folder(tmp))
        .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("source was already set to ");
    assertThatThrownBy(() -> CairnProcessor.builder().stateFile(tmp.resolve("s")).stateStore(StateStore.inMemory()))
        .isInstanceOf(IllegalStateException.class).hasMessage("stateFile was already set to " + tmp.resolve("s")
            + "; set either stateStore or stateFile");
    assertThatThrownBy(() -> CairnProcessor.builder().source(source).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("set an eventsProcessor, or rules and a matchHandler");
    assertThatThrownBy(() -> CairnProcessor.builder().eventsProcessor(events -> {}).build())
        .isInstanceOf(IllegalStateException.class).hasMessage("a source is required: set source(...) or folder(...)");
    CairnProcessor processor = builder().build();
    processor.start();
    assertThatThrownBy(processor::start).isInstanceOf(IllegalStateException.class)
        .hasMessage("already started (state RUNNING); a processor runs once");
    processor.stop();
  }

  @SafeVarargs
  private static List<String> concat(List<String>... lists) {
    List<String> all = new ArrayList<>();
    for (List<String> list : lists) {
      all.addAll(list);
    }
    return all;
  }
}
