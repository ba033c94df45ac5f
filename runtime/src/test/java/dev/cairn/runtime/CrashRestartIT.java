package dev.cairn.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 mid-way, then restart: every event is handled at least once, reading resumes after the
 * position each file's record holds, and nothing recorded before the kill is handled again.
 */
class CrashRestartIT {
  private static final int FILES = 20;
  private static final int EVENTS_PER_FILE = 25;

  @TempDir Path tmp;

  @Test
  void killedMidWayThenRestartedLosesNothingAndRepeatsNothingRecorded() throws Exception {
    Path inbox = tmp.resolve("inbox");
    Path state = tmp.resolve("state/state.db");
    Path handled = tmp.resolve("handled.txt");
    List<String> all = new ArrayList<>();
    for (int f = 0; f < FILES; f++) {
      List<String> ids = TestLogs.ids("f" + f + "-e", EVENTS_PER_FILE);
      all.addAll(ids);
      TestLogs.writeGzip(inbox.resolve("2024/01/file-" + f + ".json.gz"),
          TestLogs.logFile(ids.stream().map(TestLogs::record).toList()));
    }

    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"),
        CrashChild.class.getName(), inbox.toString(), state.toString(), handled.toString())
        .redirectErrorStream(true)
        .redirectOutput(tmp.resolve("child.log").toFile())
        .start();
    try {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (lines(handled).size() < 100) {
        assertThat(child.isAlive()).as("child exited early; see %s", tmp.resolve("child.log")).isTrue();
        assertThat(System.nanoTime()).as("child made no progress in 30 s").isLessThan(deadline);
        Thread.sleep(10);
      }
    } finally {
      child.destroyForcibly(); // SIGKILL: no shutdown hook, no graceful stop
      child.waitFor(10, TimeUnit.SECONDS);
    }
    List<String> before = lines(handled);
    assertThat(before.size()).as("killed mid-way").isLessThan(all.size());

    // What the state says was handled: the first `position` events of each file (all of a done one).
    Set<String> recorded = new HashSet<>();
    try (StateStore store = StateStore.open(state)) {
      for (int f = 0; f < FILES; f++) {
        Path file = inbox.resolve("2024/01/file-" + f + ".json.gz").toAbsolutePath();
        long position = store.inputs().get(file.toString()).map(InputState::position).orElse(0L);
        recorded.addAll(TestLogs.ids("f" + f + "-e", EVENTS_PER_FILE).subList(0, (int) position));
      }
    }
    assertThat(recorded).as("some handling was recorded before the kill").isNotEmpty();
    assertThat(new HashSet<>(before)).as("recorded only after the processor returned").containsAll(recorded);

    List<String> after = new CopyOnWriteArrayList<>();
    CairnProcessor.Stats stats = CairnProcessor.builder()
        .folder(inbox)
        .settleTime(Duration.ZERO)
        .stateFile(state)
        .eventsProcessor(events -> events.stream().map(CloudTrailEvent::eventId).forEach(after::add))
        .build()
        .runUntilDrained();

    Set<String> union = new HashSet<>(before);
    union.addAll(after);
    assertThat(union).as("every event handled at least once").containsExactlyInAnyOrderElementsOf(all);
    assertThat(after).as("no repeats after restart").doesNotHaveDuplicates();
    assertThat(after).as("reading resumes after the events recorded before the kill").doesNotContainAnyElementsOf(recorded);
    assertThat(after.size()).as("at most the batch in progress on each of the 2 workers is handed over again")
        .isLessThanOrEqualTo(all.size() - before.size() + 2 * 5);
    assertThat(after).as("work was left for the restart").isNotEmpty();
    assertThat(stats.itemsFailed()).isZero();
  }

  private static List<String> lines(Path file) throws Exception {
    if (!Files.exists(file)) {
      return List.of();
    }
    // A line cut by the kill has no newline yet; only complete lines count.
    String text = Files.readString(file);
    int end = text.lastIndexOf('\n');
    return end < 0 ? List.of() : List.of(text.substring(0, end).split("\n"));
  }
}
