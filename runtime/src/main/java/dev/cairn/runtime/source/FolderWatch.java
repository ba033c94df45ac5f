package dev.cairn.runtime.source;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How a {@link FolderSource} finds files: file-system notifications registered on every directory
 * of the tree where the platform gives them, and walks of the tree (at start, for the safety rescan,
 * and all the time once notifications are unavailable or run out). It reports what it finds to a
 * {@link Found}; what to make of a file (settled? done already? due for a retry?) is the source's.
 *
 * <p>Hidden files and directories ({@code .*}) and temporary files ({@code *.tmp}, {@code *.part})
 * are never reported. Symbolic links are followed; loops end as unreadable entries, skipped.
 *
 * <p>Threading: guarded by the owning source's lock, except {@link #unreadable()} (any thread) and
 * the {@link WatchService} handed out by {@link #service()}, which the source waits on without its
 * lock.
 */
final class FolderWatch {
  private static final Logger LOG = LoggerFactory.getLogger(FolderSource.class);

  /** What a look found. */
  interface Found {
    /** A regular file that is not ignored, with its attributes as read now. */
    void file(Path file, BasicFileAttributes attrs);

    /** A file a notification said was deleted. */
    void deleted(Path file);
  }

  private final Path root;
  private final Duration scanInterval;
  private final Map<WatchKey, Path> watched = new HashMap<>();
  private final Set<Path> watchedDirs = new HashSet<>();
  /** Written by the walking thread, read by anyone ({@link #unreadable()}). */
  private final Set<Path> warnedUnreadable = ConcurrentHashMap.newKeySet();
  private WatchService watcher;

  /** Notifications when {@code watch} and the platform gives them; walks only otherwise. */
  FolderWatch(Path root, boolean watch, Duration scanInterval) {
    this.root = root;
    this.scanInterval = scanInterval;
    if (watch) {
      try {
        watcher = root.getFileSystem().newWatchService();
      } catch (IOException | UnsupportedOperationException e) {
        LOG.warn("{}: file-system notifications unavailable ({}); walking the folder every {} instead", root, e,
            scanInterval);
      }
    }
  }

  /** The notification service to wait on, or null when the tree is walked instead. */
  WatchService service() {
    return watcher;
  }

  /** Entries that could not be read for lack of permission (warned about once each). Any thread. */
  Set<Path> unreadable() {
    return Set.copyOf(warnedUnreadable);
  }

  /**
   * Handles the queued notifications, {@code first} (one a wait received, or null) before the
   * others: new and changed files are reported, new directories walked and watched.
   *
   * @return false when a notification was lost (the queue overflowed): only a walk sees everything now
   */
  boolean notifications(WatchKey first, Found found) throws IOException {
    boolean complete = true;
    WatchKey key = first;
    while (watcher != null) {
      if (key == null) {
        try {
          key = watcher.poll();
        } catch (ClosedWatchServiceException e) {
          key = null;
        }
        if (key == null) {
          break;
        }
      }
      complete &= handle(key, found);
      key = null;
    }
    return complete;
  }

  /** One directory's notifications; false if one was lost. */
  private boolean handle(WatchKey key, Found found) throws IOException {
    boolean complete = true;
    Path dir = watched.get(key);
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == StandardWatchEventKinds.OVERFLOW || dir == null) {
        complete = false;
        continue;
      }
      Path path = dir.resolve((Path) event.context());
      if (event.kind() == StandardWatchEventKinds.ENTRY_DELETE) {
        found.deleted(path);
      } else if (!ignored(path)) {
        look(path, found);
      }
    }
    if (!key.reset()) {
      watchedDirs.remove(watched.remove(key)); // the directory is gone
    }
    return complete;
  }

  /** A path a notification named: a new directory is watched and walked, a file is reported. */
  private void look(Path path, Found found) throws IOException {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return; // gone again, or unreadable: the rescan will tell
    }
    if (attrs.isDirectory()) {
      walk(path, found);
    } else if (attrs.isRegularFile()) {
      found.file(path, attrs);
    }
  }

  /**
   * Walks the tree under {@code start}, watching each directory, and reports every file.
   *
   * @throws IOException when {@code start} is the root and cannot be read
   */
  void walk(Path start, Found found) throws IOException {
    // Following links lets people link files or folders into the inbox; loops end up in visitFileFailed.
    Files.walkFileTree(start, EnumSet.of(FileVisitOption.FOLLOW_LINKS), Integer.MAX_VALUE, new SimpleFileVisitor<>() {
      @Override
      public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
        if (!dir.equals(root) && ignored(dir)) {
          return FileVisitResult.SKIP_SUBTREE;
        }
        register(dir);
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
        if (attrs.isRegularFile() && !ignored(file)) {
          found.file(file, attrs);
        }
        return FileVisitResult.CONTINUE;
      }

      @Override
      public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
        if (file.equals(root)) {
          throw e;
        }
        if (e instanceof AccessDeniedException && warnedUnreadable.add(file)) {
          LOG.warn("{}: permission denied; skipped (and not mentioned again)", file);
        } else if (!(e instanceof NoSuchFileException)) {
          // Deleted between listing and reading, or a link loop: the next walk will tell.
          LOG.debug("cannot read {}: {}", file, e.toString());
        }
        return FileVisitResult.CONTINUE;
      }
    });
  }

  /** Watches {@code dir} for new and changed entries; on failure falls back to walking the tree. */
  private void register(Path dir) {
    if (watcher == null || watchedDirs.contains(dir)) {
      return;
    }
    try {
      WatchKey key = dir.register(watcher, StandardWatchEventKinds.ENTRY_CREATE, StandardWatchEventKinds.ENTRY_MODIFY,
          StandardWatchEventKinds.ENTRY_DELETE);
      watched.put(key, dir);
      watchedDirs.add(dir);
    } catch (IOException | UnsupportedOperationException e) {
      LOG.warn("{}: cannot watch {} ({}; on Linux, raise fs.inotify.max_user_watches); walking the folder every {}"
          + " instead", root, dir, e.getMessage(), scanInterval);
      close();
    }
  }

  /** Stops notifications (walks only from now on); the service is closed, so a wait on it ends. */
  void close() {
    WatchService service = watcher;
    watcher = null;
    watched.clear();
    watchedDirs.clear();
    if (service != null) {
      try {
        service.close();
      } catch (IOException e) {
        LOG.debug("closing the watch service of {} failed", root, e);
      }
    }
  }

  /** Hidden and temporary names, which writers use before an atomic rename. */
  static boolean ignored(Path path) {
    Path name = path.getFileName();
    if (name == null) {
      return false;
    }
    String text = name.toString();
    String lower = text.toLowerCase(Locale.ROOT);
    return text.startsWith(".") || lower.endsWith(".tmp") || lower.endsWith(".part");
  }
}
