package dev.cairn.runtime;

import static dev.cairn.runtime.TestLogs.ids;
import static dev.cairn.runtime.TestLogs.logFile;
import static dev.cairn.runtime.TestLogs.record;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A worker that runs out of memory for real, in a child JVM with a 64 MB heap: the process exits 1
 * (for its supervisor) instead of hanging on with a dead worker, and the input that did it is given
 * up on after three such deaths, across restarts, while the other inputs are handled once.
 */
class OutOfMemoryIT {
  @TempDir Path dir;

  @Test
  void anInputThatKeepsKillingTheProcessIsGivenUpAfterThreeRestarts() throws Exception {
    Path inbox = dir.resolve("inbox");
    Path state = dir.resolve("state.db");
    Path handled = dir.resolve("handled.txt");
    Files.createDirectories(inbox);
    Files.writeString(inbox.resolve("good.json"), logFile("g", 3));
    Files.writeString(inbox.resolve("bomb.json"), logFile(List.of(record("b0", "mallory", "Bomb", "2024-01-01T00:00:00Z"))));

    for (int run = 1; run <= 3; run++) {
      assertThat(child(inbox, state, handled, run)).as("run %d dies of the bomb and exits 1", run).isEqualTo(1);
    }
    assertThat(child(inbox, state, handled, 4)).as("the fourth run gives the bomb up and drains").isZero();

    try (StateStore store = StateStore.open(state)) {
      InputState bomb = store.inputs().get(inbox.resolve("bomb.json").toAbsolutePath().toString()).orElseThrow();
      assertThat(bomb.status()).isEqualTo(InputState.Status.FAILED);
      assertThat(bomb.reason()).hasValueSatisfying(r -> assertThat(r).startsWith("given up: reading it was cut short 3 times"));
      InputState good = store.inputs().get(inbox.resolve("good.json").toAbsolutePath().toString()).orElseThrow();
      assertThat(good.status()).isEqualTo(InputState.Status.DONE);
    }
    List<String> lines = Files.readAllLines(handled);
    assertThat(lines).as("the good file handled once, the bomb never").containsExactlyElementsOf(ids("g", 3));
    assertThat(Files.readString(dir.resolve("child-1.log"))).contains("OutOfMemoryError")
        .contains("The engine stops so that the process can exit and be restarted");
  }

  private int child(Path inbox, Path state, Path handled, int run) throws Exception {
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx64m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), OomChild.class.getName(),
        inbox.toString(), state.toString(), handled.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("child-" + run + ".log").toFile()).start();
    assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("run %d ends; see %s", run, dir.resolve("child-" + run + ".log"))
        .isTrue();
    return child.exitValue();
  }
}
