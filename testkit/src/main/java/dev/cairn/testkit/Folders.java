package dev.cairn.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** What a folder tree holds, for tests that check what was written there (an archive's part files). */
public final class Folders {
  private Folders() {}

  /** The regular files anywhere under {@code root}, in path order. */
  public static List<Path> files(Path root) {
    try (Stream<Path> walk = Files.walk(root)) {
      return walk.filter(Files::isRegularFile).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bytes the files hold together. */
  public static long size(List<Path> files) {
    long bytes = 0;
    try {
      for (Path file : files) {
        bytes += Files.size(file);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes;
  }
}
