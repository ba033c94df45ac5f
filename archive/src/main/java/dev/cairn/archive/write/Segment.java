package dev.cairn.archive.write;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Optional;

/**
 * One journal file: rows appended by one reader at a time. {@link #written} bytes are in the file
 * (or its buffer), {@link #staged} of them are forced to disk for the next checkpoint, and {@link
 * #committed} of them are recorded in the state store (the rest is dropped when the segment is
 * flushed, or on restart).
 *
 * <p>Guarded by the {@link Segments} pool for its lease; its byte counts and its rows' {@link
 * #partition} are written by the one reader that holds it and read by the flusher only after it is
 * retired (the pool's lock orders the two).
 */
final class Segment extends OutputStream {
  private static final int BUFFER = 64 << 10;

  final String name;
  final Path path;
  private FileChannel channel;
  private final ByteBuffer buffer = ByteBuffer.allocate(BUFFER);
  private RowEncoder.Rows rows;
  /** Bytes written through this stream (buffered or not). */
  private long written;
  volatile long staged;
  volatile long committed;
  /** Rows in the {@link #committed} bytes (for metrics). */
  volatile long committedRows;
  /** When the first committed byte not yet flushed was committed; null when none is. */
  volatile Instant firstCommit;
  /** An append failed part-way: the bytes after {@link #staged} are garbage. */
  boolean broken;
  /** A flush asked this segment to rotate at its next commit (guarded by the {@link Segments} pool). */
  boolean rotate;

  private Segment(String name, Path path, FileChannel channel, long length) {
    this.name = name;
    this.path = path;
    this.channel = channel;
    this.written = length;
    this.staged = length;
    this.committed = length;
  }

  /** A new, empty segment file. */
  static Segment create(Path dir, String name) throws IOException {
    Path path = dir.resolve(name);
    FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    return new Segment(name, path, channel, 0);
  }

  /**
   * A segment of an earlier run, known by its recorded length; never written again. Its rows are
   * counted (one per line) for metrics; a file missing or shorter than recorded counts what is there.
   */
  static Segment leftOver(Path dir, String name, long length, Instant committedAt) {
    Segment s = new Segment(name, dir.resolve(name), null, length);
    s.firstCommit = committedAt;
    s.committedRows = lines(s.path, length);
    return s;
  }

  private static long lines(Path path, long length) {
    long count = 0;
    try (FileChannel c = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer b = ByteBuffer.allocate(BUFFER);
      long left = length;
      while (left > 0) {
        b.clear().limit((int) Math.min(BUFFER, left));
        int n = c.read(b);
        if (n < 0) {
          break;
        }
        for (int i = 0; i < n; i++) {
          if (b.get(i) == '\n') {
            count++;
          }
        }
        left -= n;
      }
    } catch (IOException e) {
      // Only a metric: the flush reports the segment properly.
    }
    return count;
  }

  /** The row writer on this segment (made on first use). */
  RowEncoder.Rows rows(RowEncoder encoder) throws IOException {
    if (rows == null) {
      rows = encoder.rows(this);
    }
    return rows;
  }

  long written() {
    return written;
  }

  /**
   * The partition directory of all the rows written here (committed or not), when it is one; empty
   * when they are of several, when none was written, or for a segment of an earlier run.
   */
  Optional<String> partition() {
    return rows == null ? Optional.empty() : rows.onlyPartition();
  }

  @Override
  public void write(int b) throws IOException {
    if (!buffer.hasRemaining()) {
      drain();
    }
    buffer.put((byte) b);
    written++;
  }

  @Override
  public void write(byte[] bytes, int offset, int length) throws IOException {
    while (length > 0) {
      if (!buffer.hasRemaining()) {
        drain();
      }
      int n = Math.min(length, buffer.remaining());
      buffer.put(bytes, offset, n);
      offset += n;
      length -= n;
      written += n;
    }
  }

  private void drain() throws IOException {
    buffer.flip();
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
    buffer.clear();
  }

  /** Pushes the rows written so far to the file and forces them to disk; returns the length staged. */
  long stage() throws IOException {
    if (rows != null) {
      rows.flush();
    }
    drain();
    channel.force(false);
    staged = written;
    return staged;
  }

  /** Closes the file (the segment is retired). */
  void closeFile() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException ignored) {
        // Retired: its recorded length is all that counts, and the flusher truncates to it.
      }
      channel = null;
    }
  }

  @Override
  public void flush() {
    // Rows flush their generator onto this stream; bytes reach the file in stage().
  }

  @Override
  public void close() {
    // Never closed by the row writer; see closeFile().
  }
}
