package dev.cairn.runtime.state;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/**
 * An exclusive operating-system lock on {@code <state file>.lock}, held while a store is open. The
 * operating system releases it when the process ends however it ends ({@code kill -9} included),
 * so a stale lock file never blocks a restart; its text (pid, host, start time) only serves to name
 * the holder in the refusal.
 *
 * <p>A separate file, not the database: SQLite takes its own POSIX locks on the database file, and
 * POSIX drops every lock a process holds on a file when any descriptor of it is closed.
 */
final class StateLock implements AutoCloseable {
  private final FileChannel channel;
  private final FileLock lock;

  private StateLock(FileChannel channel, FileLock lock) {
    this.channel = channel;
    this.lock = lock;
  }

  /**
   * Takes the lock for {@code database} or throws naming who holds it.
   *
   * @throws StateLockedException when another process (or another store in this one) holds it
   * @throws StateStoreException when the lock file cannot be created
   */
  static StateLock acquire(Path database) {
    Path file = database.resolveSibling(database.getFileName() + ".lock");
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StateStoreException("state store " + database + ": cannot create its lock file " + file + ": " + e, e);
    }
    FileLock lock;
    try {
      lock = channel.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null; // held by this very process, through another store
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StateStoreException("state store " + database + ": cannot lock " + file + ": " + e, e);
    }
    if (lock == null) {
      String holder = holder(channel);
      closeQuietly(channel);
      throw new StateLockedException("state store " + database + " is in use by " + holder
          + "; two engines on one state would both act on every event. Stop the other one, or give this one"
          + " another state file.");
    }
    try {
      byte[] me = (ProcessHandle.current().pid() + " " + host() + " " + Instant.now() + "\n")
          .getBytes(StandardCharsets.UTF_8);
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me), 0);
      channel.force(false);
    } catch (IOException e) {
      // The lock is what matters; the text only names the holder.
    }
    return new StateLock(channel, lock);
  }

  /** "pid 123 on host h (since 2026-…)", from the lock file's text, or "another process" when unreadable. */
  private static String holder(FileChannel channel) {
    try {
      ByteBuffer buffer = ByteBuffer.allocate(512);
      channel.read(buffer, 0);
      String[] parts = new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8).strip().split(" ", -1);
      if (parts.length == 3 && parts[0].chars().allMatch(Character::isDigit)) {
        return "pid " + parts[0] + " on host " + sanitize(parts[1]) + " (since " + sanitize(parts[2]) + ")";
      }
    } catch (IOException e) {
      // fall through
    }
    return "another process";
  }

  /** The lock file can be written by anyone who can write the folder: print only plain characters. */
  private static String sanitize(String text) {
    return text.replaceAll("[^A-Za-z0-9._:+\\-]", "?");
  }

  private static String host() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      return "unknown-host";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException ignored) {
      // nothing to add
    }
  }

  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException ignored) {
      // closing the channel releases it too
    }
    closeQuietly(channel);
  }
}
