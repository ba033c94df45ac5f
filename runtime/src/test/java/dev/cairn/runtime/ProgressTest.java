package dev.cairn.runtime;

import static dev.cairn.runtime.TestLogs.ids;
import static dev.cairn.runtime.TestLogs.logFile;
import static dev.cairn.runtime.TestLogs.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.runtime.source.PoisonInputException;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Progress per input: what a redelivered, interrupted or changed input costs, and that matches are
 * acted on once. Inputs here have a progress key and version, as S3 objects and files do.
 */
class ProgressTest {
  private static final Instant T0 = Instant.parse("2024-01-01T00:00:00Z");

  private final StateStore store = StateStore.inMemory();
  private final AtomicInteger opens = new AtomicInteger();
  private final List<String> processed = new CopyOnWriteArrayList<>();
  private final List<String> matched = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    store.close();
  }

  private CairnProcessor.Builder builder(TestSource source) {
    return CairnProcessor.builder().source(source).stateStore(store).decoder(TestDecoder.INSTANCE).workers(2);
  }

  private void collect(List<CloudTrailEvent> events) {
    events.forEach(e -> processed.add(e.eventId()));
  }

  /** A rule matching RunInstances, the event name every test record has unless told otherwise. */
  private static RuleSet runInstances() throws Exception {
    return RuleSet.of(List.of(Rule.builder("run").filter("{ $.eventName = \"RunInstances\" }").build()));
  }

  @Test
  void aFinishedInputDeliveredAgainIsSkippedWithoutBeingOpened() throws Exception {
    TestSource source = new TestSource();
    source.add("first", TestSource.keyed("s3://b/k", "etag1", logFile("e", 5), opens));
    builder(source).eventsProcessor(this::collect).build().runUntilDrained();
    assertThat(store.inputs().get("s3://b/k")).get().extracting(InputState::status, InputState::position)
        .containsExactly(InputState.Status.DONE, 5L);

    TestSource again = new TestSource();
    again.add("duplicate notice", TestSource.keyed("s3://b/k", "etag1", logFile("e", 5), opens));
    List<String> skipped = new CopyOnWriteArrayList<>();
    CairnProcessor.Stats stats = builder(again).eventsProcessor(this::collect).listener(new PipelineListener() {
      @Override
      public void inputSkipped(String input, String reason) {
        skipped.add(input + ": " + reason);
      }
    }).build().runUntilDrained();

    assertThat(processed).containsExactlyElementsOf(ids("e", 5));
    assertThat(opens).as("opened once, by the first delivery").hasValue(1);
    assertThat(skipped).containsExactly("s3://b/k: already handled");
    assertThat(again.completedNames()).containsExactly("duplicate notice");
    assertThat(stats.eventsIn()).isZero();
  }

  @Test
  void aFailedBatchLeavesTheInputToResumeAfterItsLastCheckpoint() throws Exception {
    TestSource source = new TestSource();
    source.add("flaky", TestSource.keyed("s3://b/k", "etag1", logFile("e", 350), opens));
    AtomicInteger calls = new AtomicInteger();
    builder(source).batchSize(100).recentEventIds(0).eventsProcessor(events -> {
      if (calls.incrementAndGet() == 3) {
        throw new IllegalStateException("downstream unavailable");
      }
      collect(events);
    }).build().runUntilDrained();

    assertThat(processed).as("every event once: the retry resumed after the 200 handled")
        .containsExactlyElementsOf(ids("e", 350));
    assertThat(opens).hasValue(2);
    assertThat(store.inputs().get("s3://b/k")).get().satisfies(s -> {
      assertThat(s.status()).isEqualTo(InputState.Status.DONE);
      assertThat(s.interruptions()).as("a failed batch is a pause, not an interruption").isZero();
    });
  }

  @Test
  void anInputWhoseReaderDiedResumesAfterItsLastCheckpoint() throws Exception {
    // What a killed process leaves: the input started, 100 events checkpointed, never finished.
    store.inputs().begin("s3://b/k", Optional.of("etag1"), T0);
    store.commit(new Checkpoint(Optional.of("s3://b/k"), Optional.of("etag1"), 100, false, List.of(), T0, T0));
    List<String> resumed = new CopyOnWriteArrayList<>();
    TestSource source = new TestSource();
    source.add("redelivered", TestSource.keyed("s3://b/k", "etag1", logFile("e", 250), opens));
    builder(source).eventsProcessor(this::collect).listener(new PipelineListener() {
      @Override
      public void inputResumed(String input, long position) {
        resumed.add(input + " after " + position);
      }
    }).build().runUntilDrained();

    assertThat(processed).containsExactlyElementsOf(ids("e", 250).subList(100, 250));
    assertThat(resumed).containsExactly("s3://b/k after 100");
    assertThat(store.inputs().get("s3://b/k").orElseThrow().status()).isEqualTo(InputState.Status.DONE);
  }

  @Test
  void anInputThatKeepsKillingTheProcessIsGivenUpAsPoison() throws Exception {
    // Three readers began it and none ended: each run was killed while reading it.
    for (int run = 0; run < 3; run++) {
      store.inputs().begin("s3://b/bomb", Optional.of("etag1"), T0);
    }
    TestSource source = new TestSource();
    source.redeliver = false;
    source.add("bomb", TestSource.keyed("s3://b/bomb", "etag1", logFile("e", 5), opens));
    source.add("fine", TestSource.keyed("s3://b/fine", "etag1", logFile("f", 5), opens));
    CairnProcessor.Stats stats = builder(source).maxInterruptions(3).eventsProcessor(this::collect).build()
        .runUntilDrained();

    assertThat(processed).containsExactlyElementsOf(ids("f", 5));
    assertThat(opens).as("the bomb is not opened again").hasValue(1);
    assertThat(source.failures).singleElement().isInstanceOfSatisfying(PoisonInputException.class, poison ->
        assertThat(poison.reason()).startsWith("given up: reading it was cut short 3 times"));
    assertThat(store.inputs().get("s3://b/bomb")).get().satisfies(s -> {
      assertThat(s.status()).isEqualTo(InputState.Status.FAILED);
      assertThat(s.reason().orElseThrow()).startsWith("given up: reading it was cut short 3 times");
    });
    assertThat(stats.decodeErrors()).isEqualTo(1);
  }

  @Test
  void aMatchIsHandedOverOnceEvenWhenItsEventComesAgainInAnotherObject() throws Exception {
    RuleSet rules = runInstances();
    TestSource first = new TestSource();
    first.add("a", TestSource.keyed("s3://b/a", "1", logFile(List.of(record("e1"), record("e2", "bob",
        "DescribeInstances", "2024-01-01T00:00:00Z"))), opens));
    builder(first).rules(rules).matchHandler(this::matched).build().runUntilDrained();

    TestSource second = new TestSource(); // a new process: nothing of the first run is in memory
    second.add("b", TestSource.keyed("s3://b/b", "1", logFile(List.of(record("e1"), record("e3"))), opens));
    CairnProcessor.Stats stats = builder(second).rules(rules).matchHandler(this::matched).build().runUntilDrained();

    assertThat(matched).containsExactly("run/e1", "run/e3");
    assertThat(stats.matchesSuppressed()).isEqualTo(1);
  }

  @Test
  void aChangedObjectIsReadFromTheStartButItsMatchesAreNotRepeated() throws Exception {
    RuleSet rules = runInstances();
    TestSource first = new TestSource();
    first.add("v1", TestSource.keyed("s3://b/k", "etag1", logFile(List.of(record("e1"))), opens));
    builder(first).rules(rules).matchHandler(this::matched).build().runUntilDrained();
    TestSource second = new TestSource();
    second.add("v2", TestSource.keyed("s3://b/k", "etag2", logFile(List.of(record("e1"), record("e2"))), opens));
    builder(second).rules(rules).matchHandler(this::matched).build().runUntilDrained();

    assertThat(opens).hasValue(2);
    assertThat(matched).containsExactly("run/e1", "run/e2");
    assertThat(store.inputs().get("s3://b/k")).get().extracting(InputState::version, InputState::position)
        .containsExactly(Optional.of("etag2"), 2L);
  }

  @Test
  void actionKeysAreForgottenAfterTheDedupWindowByTheInjectedClock() throws Exception {
    RuleSet rules = runInstances();
    FakeClock clock = new FakeClock(T0);
    for (String delivery : List.of("a", "b", "c")) {
      if (delivery.equals("b")) {
        clock.advance(Duration.ofMinutes(59));
      } else if (delivery.equals("c")) {
        clock.advance(Duration.ofMinutes(2));
      }
      TestSource source = new TestSource();
      source.add(delivery, TestSource.keyed("s3://b/" + delivery, "1", logFile(List.of(record("e1"))), opens));
      builder(source).clock(clock).dedupWindow(Duration.ofHours(1)).rules(rules).matchHandler(this::matched).build()
          .runUntilDrained();
    }
    assertThat(matched).as("within the hour once; after it, again").containsExactly("run/e1", "run/e1");
  }

  @Test
  void withNothingToActOnAnInputCostsTwoWritesWhateverItsSize() throws Exception {
    AtomicInteger writes = new AtomicInteger();
    ForwardingStore counting = new ForwardingStore(store) {
      @Override
      protected void before(String call, boolean write) {
        if (write && !call.equals("purgeExpired") && !call.equals("forget")) { // housekeeping, not per input
          writes.incrementAndGet();
        }
      }
    };
    TestSource source = new TestSource();
    List<String> records = new ArrayList<>();
    for (int i = 0; i < 2_000; i++) {
      records.add(record("e" + i, "alice", "DescribeInstances", "2024-01-01T00:00:00Z"));
    }
    source.add("quiet", TestSource.keyed("s3://b/k", "1", logFile(records), opens));
    CairnProcessor.builder().source(source).stateStore(counting).decoder(TestDecoder.INSTANCE)
        .rules(runInstances()).matchHandler(this::matched).build().runUntilDrained();

    assertThat(matched).isEmpty();
    assertThat(writes).as("begin, then the checkpoint at the end; none per event or batch").hasValue(2);
  }

  private void matched(List<Match> matches) {
    for (Match match : matches) {
      for (Rule rule : match.rules()) {
        matched.add(rule.id() + "/" + match.event().eventId());
      }
    }
  }
}
