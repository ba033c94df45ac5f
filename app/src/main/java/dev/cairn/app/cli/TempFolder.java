package dev.cairn.app.cli;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * A folder a command makes for itself in the temporary directory (query work, a scan's archive
 * staging, class-data training), deleted on {@link #close}. A process killed with SIGKILL cannot
 * delete its own, and a query's can hold gigabytes of rows: so each folder holds a file locked for
 * the life of its process, and making a folder first deletes those of the same prefix whose lock
 * nobody holds any more (their process is gone, however it ended).
 *
 * <pre>{@code
 * try (TempFolder work = TempFolder.create("cairn-query")) {
 *   QueryEngine.open(work.path(), 2) ...
 * }
 * }</pre>
 *
 * <p>The lock file appears under its final name only once locked (it is locked under another name,
 * then renamed), so a folder being made is never taken for an abandoned one. Not thread-safe.
 */
public final class TempFolder implements AutoCloseable {
  /** The file whose lock says the folder's process is alive. */
  static final String LOCK = ".cairn-lock";

  private final Path path;
  private final FileChannel lock;

  private TempFolder(Path path, FileChannel lock) {
    this.path = path;
    this.lock = lock;
  }

  /** A new folder in the temporary directory, after deleting abandoned ones of the same prefix. */
  public static TempFolder create(String prefix) throws IOException {
    return create(Path.of(System.getProperty("java.io.tmpdir")), prefix);
  }

  static TempFolder create(Path parent, String prefix) throws IOException {
    sweep(parent, prefix);
    Path dir = Files.createTempDirectory(parent, prefix);
    Path locking = dir.resolve(LOCK + ".new");
    FileChannel channel = FileChannel.open(locking, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    try {
      channel.lock(); // held until the channel closes or the process ends
      Files.move(locking, dir.resolve(LOCK), StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException | RuntimeException e) {
      channel.close();
      delete(dir);
      throw e;
    }
    return new TempFolder(dir, channel);
  }

  /** The folder. */
  public Path path() {
    return path;
  }

  /** Deletes the folder and everything in it, as far as it can (never an error: the next sweep finishes). */
  @Override
  public void close() {
    try {
      lock.close();
    } catch (IOException ignored) {
      // Closing releases the lock either way.
    }
    delete(path);
  }

  /** Deletes the folders of {@code prefix} under {@code parent} whose lock is not held. */
  private static void sweep(Path parent, String prefix) {
    try (DirectoryStream<Path> folders = Files.newDirectoryStream(parent, prefix + "*")) {
      for (Path folder : folders) {
        Path lockFile = folder.resolve(LOCK);
        if (Files.isRegularFile(lockFile) && abandoned(lockFile)) {
          delete(folder);
        }
      }
    } catch (IOException | RuntimeException ignored) {
      // Sweeping is a courtesy; a folder that cannot be read is left to the OS.
    }
  }

  private static boolean abandoned(Path lockFile) {
    try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
      FileLock taken = channel.tryLock();
      return taken != null; // released when the channel closes
    } catch (OverlappingFileLockException e) {
      return false; // held in this very process
    } catch (IOException e) {
      return false;
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> walk = Files.walk(dir)) {
      walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException | RuntimeException ignored) {
      // A temporary folder; the next sweep or the OS cleans it.
    }
  }
}
