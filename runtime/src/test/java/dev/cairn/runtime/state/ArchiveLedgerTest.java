package dev.cairn.runtime.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ArchiveLedgerTest {
  private static final Instant T0 = Instant.parse("2026-03-01T00:00:00Z");

  @TempDir Path dir;

  @Test
  void marksGoWithTheirCheckpointAndPlansSurviveARestartUntilFinished() {
    Path file = dir.resolve("state.db");
    String instance;
    long id;
    try (StateStore store = StateStore.open(file)) {
      store.commit(new Checkpoint(Optional.of("/in/a"), Optional.empty(), 10, false, List.of(), T0, List.of(), T0,
          Optional.of(new ArchiveMark("seg-1", 4096))));
      store.commit(new Checkpoint(Optional.of("/in/b"), Optional.empty(), 3, true, List.of(), T0, List.of(), T0,
          Optional.of(new ArchiveMark("seg-1", 8192))));
      store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, List.of("archive:e1"), T0.plusSeconds(60),
          List.of(), T0, Optional.of(new ArchiveMark("seg-2", 100))));
      assertThat(store.archive().segments()).containsExactly(Map.entry("seg-1", 8192L), Map.entry("seg-2", 100L));
      assertThat(store.inputs().get("/in/a").orElseThrow().position()).isEqualTo(10);
      instance = store.archive().instanceId();
      id = store.archive().plan("{\"segments\":[[\"seg-1\",8192]]}", T0);
      assertThatThrownBy(() -> store.archive().plan("{}", T0)).isInstanceOf(IllegalStateException.class)
          .hasMessageContaining("still pending");
    }
    try (StateStore store = StateStore.open(file)) {
      assertThat(store.archive().instanceId()).isEqualTo(instance);
      assertThat(store.archive().pending()).contains(new ArchiveLedger.Flush(id, "{\"segments\":[[\"seg-1\",8192]]}"));
      store.archive().finish(id, List.of("seg-1"), "{}", T0);
      assertThat(store.archive().pending()).isEmpty();
      assertThat(store.archive().segments()).containsOnlyKeys("seg-2");
      assertThat(store.archive().plan("{}", T0)).isGreaterThan(id);
    }
  }
}
