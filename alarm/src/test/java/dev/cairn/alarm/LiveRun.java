package dev.cairn.alarm;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A live service in a test: log files dropped into a watched folder at the instants of a fake
 * clock, read by the engine with the metric filters' measurer into a real SQLite state store, and
 * the alarm service evaluated at each minute of the same clock. {@link #restart} closes the store
 * and the service and opens new ones on the same file, as a process restart would.
 */
final class LiveRun implements AutoCloseable {
  final Path inbox;
  final Path stateFile;
  final FakeClock clock;
  final Alarms alarms;
  StateStore store;
  AlarmService service;
  private CairnProcessor processor;
  /** Files read by the engines before the current one (a restart starts a new engine). */
  private int completedBefore;
  private Instant evaluated;
  private int files;

  LiveRun(Path dir, Alarms alarms, Instant start) throws IOException {
    this.inbox = Files.createDirectories(dir.resolve("inbox"));
    this.stateFile = dir.resolve("state.db");
    this.clock = new FakeClock(start);
    this.alarms = alarms;
    this.evaluated = start.minusSeconds(60);
    open();
  }

  private void open() {
    store = StateStore.open(stateFile);
    service = new AlarmService(alarms, store.metrics(), clock);
    try {
      processor = CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateStore(store).clock(clock)
          .measurer(alarms.measurer(Enricher.withAccounts(Map.of("111111111111", "Prod"))::facts)).recentEventIds(0)
          .pollWait(Duration.ofMillis(20)).build();
    } catch (InvalidRulesException e) {
      throw new AssertionError(e);
    }
    processor.start();
  }

  /** Evaluates every minute up to {@code at}, then delivers a log file of these records at {@code at} and reads it. */
  List<Transition> deliver(Instant at, String... records) throws Exception {
    return deliver(at, String.format("111111111111_CloudTrail_us-east-1_%d.json", files), "{\"Records\":["
        + String.join(",", records) + "]}");
  }

  /** Evaluates every minute up to {@code at}, then drops a file into the inbox at {@code at} and waits until it is read. */
  List<Transition> deliver(Instant at, String name, String content) throws Exception {
    List<Transition> transitions = until(at);
    clock.set(at);
    Path staged = inbox.getParent().resolve(name);
    Files.writeString(staged, content);
    Files.move(staged, inbox.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    files++;
    awaitRead();
    return transitions;
  }

  /** Waits (bounded) until the engine has finished every file delivered so far. */
  private void awaitRead() throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (processor.stats().itemsCompleted() + processor.stats().itemsFailed() < files - completedBefore) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("the engine did not read " + files + " file(s) within 30 s: " + processor.stats());
      }
      Thread.sleep(5);
    }
  }

  /** Evaluates every minute after the last evaluated one up to and including {@code t}. */
  List<Transition> until(Instant t) {
    List<Transition> transitions = new ArrayList<>();
    for (Instant m = evaluated.plusSeconds(60); !m.isAfter(t); m = m.plusSeconds(60)) {
      clock.set(m);
      transitions.addAll(service.evaluate(m));
      evaluated = m;
    }
    return transitions;
  }

  /** As a process restart: the store and the service closed, new ones opened on the same file. */
  void restart() {
    close();
    open();
  }

  @Override
  public void close() {
    processor.stop();
    completedBefore = files;
    service.close();
    store.close();
  }
}
