package dev.cairn.alarm;

import dev.cairn.alert.enrich.Enricher;
import dev.cairn.runtime.CairnProcessor;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

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
  }

  /** Evaluates every minute up to {@code at}, then delivers a log file of these records at {@code at} and reads it. */
  List<Transition> deliver(Instant at, String... records) throws Exception {
    List<Transition> transitions = until(at);
    clock.set(at);
    Path file = inbox.resolve(String.format("111111111111_CloudTrail_us-east-1_%d.json", files++));
    Files.writeString(file, "{\"Records\":[" + String.join(",", records) + "]}");
    read();
    return transitions;
  }

  /** Reads what the inbox holds that was not read yet, at the clock's instant. */
  void read() throws InterruptedException {
    try (CairnProcessor processor = CairnProcessor.builder().folder(inbox).settleTime(Duration.ZERO).stateStore(store)
        .clock(clock).measurer(alarms.measurer(Enricher.withAccounts(Map.of("111111111111", "Prod"))::facts))
        .recentEventIds(0).build()) {
      processor.runUntilDrained();
    } catch (dev.cairn.match.InvalidRulesException e) {
      throw new AssertionError(e);
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
    service.close();
    store.close();
  }
}
