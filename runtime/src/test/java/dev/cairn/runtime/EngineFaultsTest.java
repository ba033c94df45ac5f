package dev.cairn.runtime;

import static dev.cairn.runtime.TestLogs.ids;
import static dev.cairn.runtime.TestLogs.logFile;
import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.ProcessingFailure.Stage;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.runtime.state.StateStoreException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** Faults outside the input: a state store that fails for a while, a thread that dies. */
class EngineFaultsTest {
  private final StateStore store = StateStore.inMemory();
  private final AtomicInteger opens = new AtomicInteger();
  private final List<String> processed = new CopyOnWriteArrayList<>();
  private final List<ProcessingFailure> failures = new CopyOnWriteArrayList<>();
  private final ListAppender<ILoggingEvent> log = new ListAppender<>();
  private Level levelBefore;

  @BeforeEach
  void captureLog() {
    Logger logger = (Logger) LoggerFactory.getLogger(StateCalls.class);
    levelBefore = logger.getLevel();
    logger.setLevel(Level.INFO);
    log.start();
    logger.addAppender(log);
  }

  @AfterEach
  void close() {
    Logger logger = (Logger) LoggerFactory.getLogger(StateCalls.class);
    logger.detachAppender(log);
    logger.setLevel(levelBefore);
    store.close();
  }

  private void collect(List<CloudTrailEvent> events) {
    events.forEach(e -> processed.add(e.eventId()));
  }

  /** Fails every call with what SQLite says on a full disk while {@code failing} is set. */
  private ForwardingStore fullDisk(AtomicBoolean failing, CountDownLatch firstFailure) {
    return new ForwardingStore(store) {
      @Override
      protected void before(String call, boolean write) {
        if (failing.get()) {
          firstFailure.countDown();
          throw new StateStoreException("state store /var/lib/cairn/state.db: cannot " + call
              + ": [SQLITE_FULL] Insertion failed because database is full (database or disk is full)");
        }
      }
    };
  }

  @Test
  void aFailingStateStoreIsWaitedForNeverBlamedOnTheInputs() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    CountDownLatch firstFailure = new CountDownLatch(1);
    TestSource source = new TestSource();
    for (int i = 0; i < 5; i++) {
      source.add("f" + i, TestSource.keyed("s3://b/f" + i, "1", logFile("f" + i + "-", 30), opens));
    }
    CairnProcessor processor = CairnProcessor.builder().source(source).stateStore(fullDisk(failing, firstFailure))
        .decoder(TestDecoder.INSTANCE).workers(2).exceptionHandler(failures::add).eventsProcessor(this::collect).build();
    processor.start();
    assertThat(firstFailure.await(10, TimeUnit.SECONDS)).isTrue();
    Thread.sleep(1_500); // several retries while the disk is full
    assertThat(processor.health().status()).isEqualTo(Health.Status.DEGRADED);
    assertThat(processor.health().detail()).contains("state store failing").contains("database or disk is full");
    assertThat(processed).as("nothing is handled while the store cannot record it").isEmpty();
    assertThat(source.failed).as("no input is failed because of the store").isEmpty();

    failing.set(false);
    CairnProcessor.Stats stats = processor.runUntilDrained();

    assertThat(processed).containsExactlyInAnyOrderElementsOf(
        List.of(ids("f0-", 30), ids("f1-", 30), ids("f2-", 30), ids("f3-", 30), ids("f4-", 30)).stream()
            .flatMap(List::stream).toList());
    assertThat(stats.itemsFailed()).isZero();
    assertThat(stats.decodeErrors()).isZero();
    assertThat(store.inputs().under("s3://b/").values()).extracting(InputState::status)
        .containsOnly(InputState.Status.DONE);
    List<String> warnings = log.list.stream().filter(e -> e.getLevel() == Level.WARN)
        .map(ILoggingEvent::getFormattedMessage).toList();
    assertThat(warnings).as("one warning per outage (and per minute), not one per failed call").hasSize(1);
    assertThat(warnings.get(0)).contains("state store unavailable").contains("database or disk is full")
        .contains("nothing is skipped or lost");
    assertThat(log.list).filteredOn(e -> e.getLevel() == Level.INFO).extracting(ILoggingEvent::getFormattedMessage)
        .anySatisfy(m -> assertThat(m).startsWith("state store recovered after"));
    assertThat(failures).extracting(ProcessingFailure::stage).containsExactly(Stage.STATE);
  }

  @Test
  void aStopWhileWaitingForTheStoreLeavesTheWorkForRedelivery() throws Exception {
    AtomicBoolean failing = new AtomicBoolean(true);
    CountDownLatch firstFailure = new CountDownLatch(1);
    TestSource source = new TestSource();
    source.redeliver = false;
    source.add("f", TestSource.keyed("s3://b/f", "1", logFile("f", 3), opens));
    CairnProcessor processor = CairnProcessor.builder().source(source).stateStore(fullDisk(failing, firstFailure))
        .decoder(TestDecoder.INSTANCE).eventsProcessor(this::collect).build();
    processor.start();
    assertThat(firstFailure.await(10, TimeUnit.SECONDS)).isTrue();
    processor.stop(java.time.Duration.ofSeconds(10));

    assertThat(source.completed).isEmpty();
    assertThat(source.failed).extracting(item -> item.name).containsExactly("f");
    assertThat(source.failures).singleElement().satisfies(cause ->
        assertThat(cause).isNotInstanceOf(dev.cairn.runtime.source.PoisonInputException.class));
  }

  @Test
  void aWorkerThatDiesStopsTheEngineAndLeavesItsInputToCountAsInterrupted() throws Exception {
    TestSource source = new TestSource();
    source.redeliver = false;
    source.add("bomb", TestSource.keyed("s3://b/bomb", "1", logFile("b", 3), opens));
    CairnProcessor processor = CairnProcessor.builder().source(source).stateStore(store)
        .decoder(TestDecoder.INSTANCE).eventsProcessor(events -> {
          throw new OutOfMemoryError("Java heap space (simulated)");
        }).build();
    processor.start();
    processor.awaitStopped();

    assertThat(processor.isRunning()).isFalse();
    assertThat(processor.health().status()).isEqualTo(Health.Status.FAILED);
    assertThat(processor.health().detail()).contains("a worker died: java.lang.OutOfMemoryError");
    assertThat(processor.failure()).get().isInstanceOf(OutOfMemoryError.class);
    assertThat(source.completed).isEmpty();
    assertThat(source.failed).extracting(item -> item.name).containsExactly("bomb");
    assertThat(store.inputs().get("s3://b/bomb")).get().extracting(InputState::status)
        .as("still marked as being read: the next begin counts an interruption").isEqualTo(InputState.Status.STARTED);
    assertThat(store.inputs().begin("s3://b/bomb", java.util.Optional.of("1"), java.time.Instant.now()).interruptions())
        .isEqualTo(1);
  }
}
