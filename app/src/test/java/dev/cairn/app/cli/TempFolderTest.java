package dev.cairn.app.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TempFolderTest {
  @TempDir Path tmp;

  @Test
  void aFolderIsGoneOnceClosed() throws Exception {
    Path path;
    try (TempFolder work = TempFolder.create(tmp, "cairn-query")) {
      path = work.path();
      Files.writeString(path.resolve("rows-0.tsv"), "rows");
      assertThat(path.getFileName().toString()).startsWith("cairn-query");
    }
    assertThat(path).doesNotExist();
  }

  @Test
  void theFolderOfAKilledProcessIsDeletedByTheNextOneAndALiveOneIsLeftAlone() throws Exception {
    // A child JVM makes a folder and is killed with SIGKILL: its lock file stays, unlocked.
    Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), Holder.class.getName(), tmp.toString())
        .redirectErrorStream(true).start();
    String made = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8)).readLine();
    Path abandoned = Path.of(made);
    assertThat(abandoned.resolve(TempFolder.LOCK)).exists();

    // While the child lives, its folder is in use: another folder leaves it alone.
    try (TempFolder other = TempFolder.create(tmp, "cairn-query")) {
      assertThat(abandoned).exists();
      child.destroyForcibly();
      assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
      // A folder of this process, still open, is left alone too.
      try (TempFolder third = TempFolder.create(tmp, "cairn-query")) {
        assertThat(abandoned).as("its process is gone").doesNotExist();
        assertThat(other.path()).exists();
        assertThat(third.path()).exists();
      }
    }
    // Folders of another prefix, or without a lock file (not Cairn's), are never touched.
    Files.createDirectories(tmp.resolve("cairn-query-not-ours"));
    Files.createDirectories(tmp.resolve("cairn-scan-archive1"));
    TempFolder.create(tmp, "cairn-query").close();
    try (var list = Files.list(tmp)) {
      assertThat(list.map(p -> p.getFileName().toString()).toList())
          .containsExactlyInAnyOrder("cairn-query-not-ours", "cairn-scan-archive1");
    }
  }

  /** Makes a folder, prints its path, and waits to be killed. */
  public static final class Holder {
    public static void main(String[] args) throws Exception {
      TempFolder folder = TempFolder.create(Path.of(args[0]), "cairn-query");
      System.out.println(folder.path());
      System.out.flush();
      Thread.sleep(TimeUnit.MINUTES.toMillis(5));
      folder.close();
    }
  }
}
