package dev.cairn.runtime;

import static dev.cairn.runtime.TestLogs.ids;
import static dev.cairn.runtime.TestLogs.logFile;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.source.Input;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.StateStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Remote inputs are downloaded ahead of the workers, several at once, within a memory budget. */
class PrefetcherTest {
  private final StateStore store = StateStore.inMemory();
  private final List<String> processed = new CopyOnWriteArrayList<>();
  private final List<ProcessingFailure> failures = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  private void collect(List<CloudTrailEvent> events) {
    events.forEach(e -> processed.add(e.eventId()));
  }

  /** An S3-like input: remote, keyed, and whatever {@code open} does. */
  private abstract static class Remote implements Input {
    private final String key;

    Remote(String key) {
      this.key = key;
    }

    @Override
    public String name() {
      return key;
    }

    @Override
    public Map<String, String> attributes() {
      return Map.of();
    }

    @Override
    public Optional<String> progressKey() {
      return Optional.of(key);
    }

    @Override
    public boolean remote() {
      return true;
    }
  }

  private static Remote remote(String key, String content, Opener opener) {
    byte[] bytes = content.getBytes(StandardCharsets.UTF_8);
    return new Remote(key) {
      @Override
      public InputStream open() throws IOException {
        opener.opening(key);
        return new ByteArrayInputStream(bytes);
      }
    };
  }

  @FunctionalInterface
  private interface Opener {
    void opening(String key) throws IOException;
  }

  @Test
  void downloadsRunAheadOfABusyWorkerSeveralAtOnce() throws Exception {
    AtomicInteger concurrent = new AtomicInteger();
    AtomicInteger most = new AtomicInteger();
    CountDownLatch eightWaiting = new CountDownLatch(8);
    CountDownLatch release = new CountDownLatch(1);
    TestSource source = new TestSource();
    for (int i = 0; i < 12; i++) {
      // Each GET waits (as on a slow network) until eight are waiting at once.
      source.add("o" + i, remote("s3://b/o" + i, logFile("o" + i + "-", 2), key -> {
        most.accumulateAndGet(concurrent.incrementAndGet(), Math::max);
        eightWaiting.countDown();
        try {
          release.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
        concurrent.decrementAndGet();
      }));
    }
    CairnProcessor processor = CairnProcessor.builder().source(source).stateStore(store).decoder(TestDecoder.INSTANCE)
        .workers(1).downloads(8).eventsProcessor(this::collect).build();
    processor.start();
    assertThat(eightWaiting.await(10, TimeUnit.SECONDS)).as("eight GETs in flight for one worker").isTrue();
    release.countDown();
    processor.runUntilDrained();

    assertThat(most).hasValue(8);
    assertThat(processed).hasSize(24);
  }

  @Test
  void memoryStaysWithinTheBudgetAndObjectsLargerThanItStream() throws Exception {
    long budget = 4L * Prefetcher.CHUNK;
    TestSource source = new TestSource();
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      String content = logFile("big" + i + "-", 2_000); // about 500 KiB each: several times the budget
      expected.addAll(ids("big" + i + "-", 2_000));
      source.add("big" + i, remote("s3://b/big" + i, content, key -> { }));
    }
    AtomicLong peak = new AtomicLong();
    CairnProcessor processor = CairnProcessor.builder().source(source).stateStore(store).decoder(TestDecoder.INSTANCE)
        .workers(2).downloads(4).downloadBuffer(budget).eventsProcessor(events -> {
          collect(events);
          peak.accumulateAndGet(heldNow(), Math::max);
        }).build();
    this.processor = processor;
    processor.runUntilDrained();

    assertThat(processed).containsExactlyInAnyOrderElementsOf(expected);
    assertThat(peak.get()).as("bytes held by downloads").isPositive().isLessThanOrEqualTo(budget);
    assertThat(heldNow()).as("everything returned to the budget").isZero();
  }

  private CairnProcessor processor;

  private long heldNow() {
    return processor == null ? 0 : processor.pipeline().prefetcher.bytesHeld();
  }

  @Test
  void anInputAlreadyHandledIsNotDownloaded() throws Exception {
    store.inputs().begin("s3://b/done", Optional.empty(), Instant.EPOCH);
    store.commit(new Checkpoint(Optional.of("s3://b/done"), Optional.empty(), 2, true, List.of(), Instant.EPOCH,
        Instant.EPOCH));
    AtomicInteger opens = new AtomicInteger();
    TestSource source = new TestSource();
    source.add("done", remote("s3://b/done", logFile("d", 2), key -> opens.incrementAndGet()));
    source.add("new", remote("s3://b/new", logFile("n", 2), key -> opens.incrementAndGet()));
    CairnProcessor.builder().source(source).stateStore(store).decoder(TestDecoder.INSTANCE)
        .eventsProcessor(this::collect).build().runUntilDrained();

    assertThat(opens).hasValue(1);
    assertThat(processed).containsExactlyElementsOf(ids("n", 2));
    assertThat(source.completedNames()).containsExactly("done", "new");
  }

  @Test
  void aFailedDownloadFailsTheItemForRedeliveryNotAsPoison() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    TestSource source = new TestSource();
    source.add("flaky", remote("s3://b/flaky", logFile("f", 3), key -> {
      if (attempts.incrementAndGet() == 1) {
        throw new IOException(key + ": connection reset");
      }
    }));
    CairnProcessor.Stats stats = CairnProcessor.builder().source(source).stateStore(store)
        .decoder(TestDecoder.INSTANCE).exceptionHandler(failures::add).eventsProcessor(this::collect).build()
        .runUntilDrained();

    assertThat(processed).containsExactlyElementsOf(ids("f", 3));
    assertThat(failures).singleElement().satisfies(f -> {
      assertThat(f.stage()).isEqualTo(Stage.OPEN);
      assertThat(f.cause()).hasMessage("s3://b/flaky: connection reset");
    });
    assertThat(stats.decodeErrors()).isZero();
    assertThat(stats.itemsCompleted()).isEqualTo(1);
  }
}
