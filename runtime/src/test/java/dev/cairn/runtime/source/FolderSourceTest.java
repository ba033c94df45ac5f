package dev.cairn.runtime.source;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.config.Config;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.InputState;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FolderSourceTest {
  private static final Duration SETTLE = Duration.ofSeconds(1);

  @TempDir Path tmp;
  private Path inbox;
  private Path stateFile;
  private final FakeClock clock = new FakeClock();
  private StateStore store;

  @BeforeEach
  void setUp() {
    inbox = tmp.resolve("inbox");
    stateFile = tmp.resolve("state/state.db");
    store = StateStore.open(stateFile);
  }

  @AfterEach
  void tearDown() {
    store.close();
  }

  /**
   * A source that walks the tree at every poll after the fake clock moved, so these tests of settling,
   * restarts and failures run exactly as the clock says; notifications have tests of their own below.
   */
  private FolderSource source() {
    return FolderSource.builder(inbox, store).settleTime(SETTLE).clock(clock).retryDelay(Duration.ofSeconds(5))
        .maxAttempts(2).watch(false).scanInterval(Duration.ofMillis(1)).build();
  }

  private Path write(String relative, String content) {
    Path file = inbox.resolve(relative);
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, content);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    return file;
  }

  /** Scans twice, a settle time apart, as a running engine would. */
  private List<WorkItem> settledScan(FolderSource source) throws Exception {
    List<WorkItem> first = source.poll(Duration.ZERO);
    clock.advance(SETTLE);
    List<WorkItem> second = source.poll(Duration.ZERO);
    return concat(first, second);
  }

  private static List<WorkItem> concat(List<WorkItem> a, List<WorkItem> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  /** What the engine does when it handled a file: records it as done, then completes the item. */
  private void handled(WorkItem item) {
    Input input = item.inputs().get(0);
    store.commit(new Checkpoint(input.progressKey(), input.version(), 1, true, List.of(), Instant.EPOCH, Instant.EPOCH));
    item.completed();
  }

  /** What the engine does with poison: records the input as failed, then fails the item. */
  private void poisoned(WorkItem item, String reason) {
    Input input = item.inputs().get(0);
    store.inputs().fail(input.progressKey().orElseThrow(), input.version(), 0, reason, Instant.EPOCH);
    item.failed(new IllegalStateException("wrapped", new PoisonInputException(input.name(), reason)));
  }

  private Optional<InputState> record(Path file) {
    return store.inputs().get(file.toAbsolutePath().toString());
  }

  private static List<String> names(List<WorkItem> items) {
    return items.stream().map(item -> item.inputs().get(0).name()).sorted().toList();
  }

  @Test
  void offersNewFilesOfAnyNameRecursivelyOnceSettled() throws Exception {
    Path a = write("a.json.gz", "a");
    Path b = write("2024/01/02/firehose-object-without-extension", "b");
    FolderSource source = source();
    assertThat(source.poll(Duration.ZERO)).as("first sight: not settled yet").isEmpty();
    assertThat(source.drained()).isFalse();
    clock.advance(SETTLE);
    List<WorkItem> items = source.poll(Duration.ZERO);
    assertThat(names(items)).containsExactly(b.toString(), a.toString());
    WorkItem item = items.stream().filter(i -> i.describe().equals(a.toString())).findFirst().orElseThrow();
    assertThat(item.inputs()).hasSize(1);
    Input input = item.inputs().get(0);
    assertThat(input.attributes()).containsEntry("size", "1").containsEntry("path", a.toAbsolutePath().toString());
    assertThat(input.progressKey()).contains(a.toAbsolutePath().toString());
    assertThat(input.version()).contains("1:" + Files.getLastModifiedTime(a).toMillis());
    try (InputStream in = input.open()) {
      assertThat(new String(in.readAllBytes(), UTF_8)).isEqualTo("a");
    }
    assertThat(source.poll(Duration.ZERO)).as("in flight: not offered twice").isEmpty();
    assertThat(source.drained()).as("items in flight").isFalse();
    items.forEach(this::handled);
    assertThat(source.drained()).as("needs a scan after the items settled").isFalse();
    assertThat(source.poll(Duration.ZERO)).isEmpty();
    assertThat(source.drained()).isTrue();
  }

  @Test
  void restartDoesNotRedoDoneFilesButRedoesChangedOnes() throws Exception {
    Path a = write("a", "first");
    write("b", "second");
    FolderSource source = source();
    List<WorkItem> items = settledScan(source);
    assertThat(items).hasSize(2);
    items.forEach(this::handled);
    source.close();
    store.close();

    store = StateStore.open(stateFile);
    FolderSource restarted = source();
    assertThat(settledScan(restarted)).isEmpty();
    assertThat(restarted.drained()).isTrue();

    Files.writeString(a, "first, and more", StandardOpenOption.APPEND);
    assertThat(names(settledScan(restarted))).containsExactly(a.toString());
  }

  @Test
  void sameSizeButNewModificationTimeIsAChange() throws Exception {
    Path a = write("a", "12345");
    FolderSource source = source();
    settledScan(source).forEach(this::handled);
    Files.writeString(a, "abcde");
    Files.setLastModifiedTime(a, FileTime.fromMillis(Files.getLastModifiedTime(a).toMillis() + 5_000));
    assertThat(names(settledScan(source))).containsExactly(a.toString());
  }

  @Test
  void halfWrittenFileIsNotReadUntilItStopsChanging() throws Exception {
    Path growing = write("growing", "{\"Records\":[");
    FolderSource source = source();
    assertThat(source.poll(Duration.ZERO)).isEmpty();
    clock.advance(Duration.ofMillis(900));
    Files.writeString(growing, "{\"eventID\":\"1\"}", StandardOpenOption.APPEND);
    clock.advance(Duration.ofMillis(900));
    assertThat(source.poll(Duration.ZERO)).as("changed 900 ms ago by the clock: not settled").isEmpty();
    assertThat(source.drained()).isFalse();
    clock.advance(Duration.ofMillis(500));
    assertThat(source.poll(Duration.ZERO)).as("stable for 500 ms only").isEmpty();
    clock.advance(Duration.ofMillis(500));
    assertThat(names(source.poll(Duration.ZERO))).containsExactly(growing.toString());
  }

  @Test
  void zeroSettleTimeOffersAtFirstSight() throws Exception {
    write("a", "x");
    FolderSource source = FolderSource.builder(inbox, store).settleTime(Duration.ZERO).clock(clock).build();
    assertThat(source.poll(Duration.ZERO)).hasSize(1);
  }

  @Test
  void hiddenAndTemporaryFilesAndHiddenDirectoriesAreIgnored() throws Exception {
    write(".hidden", "x");
    write("upload.tmp", "x");
    write("upload.JSON.PART", "x");
    write(".cairn/state.db", "x");
    Path real = write("sub/real.json", "x");
    FolderSource source = source();
    assertThat(names(settledScan(source))).containsExactly(real.toString());
  }

  @Test
  void poisonIsNotOfferedAgainNorAfterARestartUntilTheFileChanges() throws Exception {
    Path bad = write("bad.json", "{not json");
    FolderSource source = source();
    poisoned(settledScan(source).get(0), "line 1: invalid JSON");
    clock.advance(Duration.ofHours(1));
    assertThat(settledScan(source)).isEmpty();
    assertThat(source.drained()).isTrue();
    assertThat(settledScan(source())).as("after a restart").isEmpty();

    Files.writeString(bad, "[]");
    assertThat(names(settledScan(source))).containsExactly(bad.toString());
  }

  @Test
  void otherFailuresAreRetriedAfterADelayThenGivenUp() throws Exception {
    Path file = write("a", "x");
    FolderSource source = source();
    settledScan(source).get(0).failed(new IllegalStateException("processor down"));
    assertThat(record(file)).as("not recorded: retried").isEmpty();
    clock.advance(Duration.ofSeconds(4));
    assertThat(source.poll(Duration.ZERO)).isEmpty();
    assertThat(source.drained()).as("a retry is pending").isFalse();
    clock.advance(Duration.ofSeconds(1));
    List<WorkItem> retried = source.poll(Duration.ZERO);
    assertThat(names(retried)).containsExactly(file.toString());

    retried.get(0).failed(new IllegalStateException("processor still down"));
    assertThat(record(file).orElseThrow().reason())
        .contains("gave up after 2 attempts: java.lang.IllegalStateException: processor still down");
    clock.advance(Duration.ofMinutes(1));
    assertThat(settledScan(source)).isEmpty();
  }

  @Test
  void failuresAfterCloseAreLeftForTheNextRun() throws Exception {
    Path file = write("a", "x");
    FolderSource source = source();
    WorkItem item = settledScan(source).get(0);
    source.close();
    item.failed(new InterruptedException("stopping"));
    assertThat(record(file)).isEmpty();
    assertThat(source.poll(Duration.ofSeconds(5))).as("closed: returns at once").isEmpty();

    FolderSource next = source();
    assertThat(settledScan(next)).hasSize(1);
  }

  @Test
  void completedAfterCloseIsAccepted() throws Exception {
    write("a", "x");
    FolderSource source = source();
    WorkItem item = settledScan(source).get(0);
    source.close();
    handled(item);
    assertThat(source.drained()).isFalse();
  }

  @Test
  void withoutNotificationsPollWalksEveryScanInterval() throws Exception {
    FolderSource source = FolderSource.builder(inbox, store).clock(clock).watch(false)
        .scanInterval(Duration.ofMillis(100)).build();
    assertThat(source.watching()).isFalse();
    long start = System.nanoTime();
    assertThat(source.poll(Duration.ofSeconds(10))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void aSectionOfAConfigFileConfiguresTheSource() throws Exception {
    Config folder = Config.builder(FolderConfig.DEF).set(FolderConfig.PATH, inbox)
        .set(FolderConfig.WATCH, false).set(FolderConfig.SETTLE, Duration.ZERO).build();
    FolderSource source = FolderSource.builder(tmp.resolve("elsewhere"), store).clock(clock).configure(folder).build();
    write("a.json", "x");

    assertThat(source.watching()).as("watch: false").isFalse();
    assertThat(source.poll(Duration.ZERO)).as("settle: 0s, in the configured path").hasSize(1);
    source.close();
  }

  @Test
  void aNewFileIsNoticedByNotificationWithoutWalkingTheTree() throws Exception {
    write("2024/01/01/old.json", "x");
    FolderSource source = FolderSource.builder(inbox, store).settleTime(Duration.ZERO).clock(clock).build();
    assertThat(source.watching()).isTrue();
    source.poll(Duration.ZERO).forEach(this::handled);
    assertThat(source.fullScans()).isEqualTo(1);
    ScheduledExecutorService writer = Executors.newSingleThreadScheduledExecutor();
    try {
      var first = writer.schedule(() -> write("2024/01/01/new.json", "y"), 200, TimeUnit.MILLISECONDS);
      var second = writer.schedule(() -> write("2024/01/02/in-a-new-folder.json", "z"), 400, TimeUnit.MILLISECONDS);
      List<String> seen = new java.util.ArrayList<>();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
      while (seen.size() < 2 && System.nanoTime() < deadline) {
        source.poll(Duration.ofSeconds(2)).forEach(item -> seen.add(item.describe()));
      }
      first.get(10, TimeUnit.SECONDS); // a failed write shows as itself, not as a file never seen
      second.get(10, TimeUnit.SECONDS);
      assertThat(seen).containsExactlyInAnyOrder(inbox.resolve("2024/01/01/new.json").toString(),
          inbox.resolve("2024/01/02/in-a-new-folder.json").toString());
      assertThat(source.fullScans()).as("found by notification, not by walking").isEqualTo(1);
    } finally {
      writer.shutdownNow();
      source.close();
    }
  }

  @Test
  void anIdleFolderIsWalkedOnlyAtTheRescanInterval() throws Exception {
    for (int i = 0; i < 300; i++) {
      write("d" + (i % 10) + "/f" + i + ".json", "x");
    }
    FolderSource source = FolderSource.builder(inbox, store).settleTime(Duration.ZERO).clock(clock)
        .rescanInterval(Duration.ofMinutes(1)).build();
    source.poll(Duration.ZERO).forEach(this::handled);
    for (int i = 0; i < 20; i++) {
      assertThat(source.poll(Duration.ofMillis(10))).isEmpty();
    }
    assertThat(source.fullScans()).as("idle: no walk before the rescan interval").isEqualTo(1);
    clock.advance(Duration.ofMinutes(1));
    assertThat(source.poll(Duration.ZERO)).isEmpty();
    assertThat(source.fullScans()).as("the safety rescan").isEqualTo(2);
    source.close();
  }

  @Test
  void missingDirectoryIsCreatedAndAFileIsRejected() throws Exception {
    Path file = write("not-a-dir", "x");
    assertThatThrownBy(() -> FolderSource.builder(file, store).build()).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("folder source " + file + " is not a directory");
    Path missing = tmp.resolve("new/inbox");
    FolderSource.builder(missing, store).build();
    assertThat(missing).isDirectory();
  }

  @Test
  void deletedDirectoryMakesPollThrowIoException() throws Exception {
    FolderSource source = source();
    Files.delete(inbox);
    assertThatThrownBy(() -> source.poll(Duration.ZERO)).isInstanceOf(IOException.class);
  }
}
