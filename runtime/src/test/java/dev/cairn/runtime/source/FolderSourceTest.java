package dev.cairn.runtime.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cairn.runtime.state.FileProgress;
import dev.cairn.runtime.state.StateStore;
import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
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

  private FolderSource source() {
    return FolderSource.builder(inbox, store).settleTime(SETTLE).clock(clock).retryDelay(Duration.ofSeconds(5))
        .maxAttempts(2).build();
  }

  private Path write(String relative, String content) throws IOException {
    Path file = inbox.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, content);
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
    try (InputStream in = input.open()) {
      assertThat(new String(in.readAllBytes())).isEqualTo("a");
    }
    assertThat(source.poll(Duration.ZERO)).as("in flight: not offered twice").isEmpty();
    assertThat(source.drained()).as("items in flight").isFalse();
    items.forEach(WorkItem::completed);
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
    items.forEach(WorkItem::completed);
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
    settledScan(source).forEach(WorkItem::completed);
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
  void poisonIsRecordedAsFailedAndNotRetriedUntilTheFileChanges() throws Exception {
    Path bad = write("bad.json", "{not json");
    FolderSource source = source();
    List<WorkItem> items = settledScan(source);
    items.get(0).failed(new IllegalStateException("wrapped", new PoisonInputException(bad.toString(), "line 1: invalid JSON")));
    assertThat(store.fileProgress(bad.toAbsolutePath().toString()).orElseThrow())
        .extracting(FileProgress::status, FileProgress::reason)
        .containsExactly(FileProgress.Status.FAILED, java.util.Optional.of("line 1: invalid JSON"));
    clock.advance(Duration.ofHours(1));
    assertThat(settledScan(source)).isEmpty();
    assertThat(source.drained()).isTrue();

    Files.writeString(bad, "[]");
    assertThat(names(settledScan(source))).containsExactly(bad.toString());
  }

  @Test
  void otherFailuresAreRetriedAfterADelayThenGivenUp() throws Exception {
    Path file = write("a", "x");
    FolderSource source = source();
    settledScan(source).get(0).failed(new IllegalStateException("processor down"));
    assertThat(store.fileProgress(file.toAbsolutePath().toString())).as("not recorded: retried").isEmpty();
    clock.advance(Duration.ofSeconds(4));
    assertThat(source.poll(Duration.ZERO)).isEmpty();
    assertThat(source.drained()).as("a retry is pending").isFalse();
    clock.advance(Duration.ofSeconds(1));
    List<WorkItem> retried = source.poll(Duration.ZERO);
    assertThat(names(retried)).containsExactly(file.toString());

    retried.get(0).failed(new IllegalStateException("processor still down"));
    assertThat(store.fileProgress(file.toAbsolutePath().toString()).orElseThrow().reason())
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
    assertThat(store.fileProgress(file.toAbsolutePath().toString())).isEmpty();
    assertThat(source.poll(Duration.ofSeconds(5))).as("closed: returns at once").isEmpty();

    FolderSource next = source();
    assertThat(settledScan(next)).hasSize(1);
  }

  @Test
  void completedAfterCloseIsStillRecorded() throws Exception {
    Path file = write("a", "x");
    FolderSource source = source();
    WorkItem item = settledScan(source).get(0);
    source.close();
    item.completed();
    assertThat(store.fileProgress(file.toAbsolutePath().toString()).orElseThrow().status()).isEqualTo(FileProgress.Status.DONE);
  }

  @Test
  void pollWaitsForCloseOrTheScanInterval() throws Exception {
    FolderSource source = FolderSource.builder(inbox, store).clock(clock).scanInterval(Duration.ofMillis(100)).build();
    long start = System.nanoTime();
    assertThat(source.poll(Duration.ofSeconds(10))).isEmpty();
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
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
