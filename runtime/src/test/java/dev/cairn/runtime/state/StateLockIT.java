package dev.cairn.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes on one state file: the second is refused, naming the first; a kill -9 frees it. */
class StateLockIT {
  @TempDir Path dir;

  @Test
  void aSecondProcessIsRefusedNamingTheHolderUntilTheHolderDies() throws Exception {
    Path state = dir.resolve("state.db");
    Process holder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), LockHolder.class.getName(), state.toString())
        .redirectErrorStream(true).start();
    try {
      BufferedReader out = new BufferedReader(new InputStreamReader(holder.getInputStream(), StandardCharsets.UTF_8));
      assertThat(out.readLine()).isEqualTo("locked");

      assertThatThrownBy(() -> StateStore.open(state))
          .isInstanceOf(StateLockedException.class)
          .hasMessageContaining("is in use by pid " + holder.pid() + " on host ")
          .hasMessageContaining("Stop the other one, or give this one another state file");
    } finally {
      holder.destroyForcibly(); // SIGKILL: the operating system releases the lock
      holder.waitFor(10, TimeUnit.SECONDS);
    }
    try (StateStore store = StateStore.open(state)) {
      assertThat(store.inputs().under("")).isEmpty();
    }
  }
}
