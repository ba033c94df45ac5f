package dev.cairn.app.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** The temporary folders a command makes for itself (query work, class-data training). */
public final class TempFolders {
  private TempFolders() {}

  /**
   * Deletes {@code dir} and everything in it, as far as it can: a file that cannot be deleted is
   * left for the OS to clean, never an error for the command that made it.
   */
  public static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // A temporary folder; the OS cleans it eventually.
    }
  }
}
