package dev.cairn.decode;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads a source stream ahead on a task of an executor, so that producing bytes (inflating gzip)
 * and consuming them (parsing JSON) run on two cores at once.
 *
 * <p>Bytes travel in at most {@link #CHUNKS} chunks of {@link #CHUNK_SIZE} bytes, allocated as
 * needed and then reused, so memory is bounded however large the source. The source's failure
 * reaches the reader as the very exception the source threw, after every byte read before it, so
 * callers see the same bytes and the same exception as when reading the source directly.
 *
 * <p>Threads: one reader thread calls {@code read} and {@link #close}; the task is the only one
 * to touch the source, from {@link #start} until {@link #close} returns. {@code close} stops the
 * task and waits for it to let go of the source (at most one source read away), then closes the
 * source on the task, so the caller may close what lies under the source as soon as it returns.
 */
final class ReadAheadStream extends InputStream {
  static final int CHUNK_SIZE = 256 * 1024;
  static final int CHUNKS = 4;

  private static final int PENDING = 0;
  private static final int RUNNING = 1;
  private static final int DONE = 2;

  private final InputStream source;
  private final Thread reader;
  /** Chunks the reader has emptied, for the task to fill again. */
  private final BlockingQueue<Chunk> free = new ArrayBlockingQueue<>(CHUNKS);
  /** Chunks the task has filled, in order; never full: there are {@link #CHUNKS} chunks and one failure. */
  private final BlockingQueue<Chunk> filled = new ArrayBlockingQueue<>(CHUNKS + 1);
  private final AtomicInteger state = new AtomicInteger(PENDING);
  private final CountDownLatch released = new CountDownLatch(1);
  private volatile boolean closed;
  /** Chunks allocated so far; touched by the task only. */
  private int allocated;
  /** The chunk being read from; touched by the reader only. */
  private Chunk current;
  private boolean ended;
  /** Set when an executor ran the task inside {@code execute}, on the reader's own thread. */
  private boolean ranInline;

  private ReadAheadStream(InputStream source, Thread reader) {
    this.source = source;
    this.reader = reader;
  }

  /**
   * Starts reading {@code source} ahead on {@code executor}; returns null, having read nothing, if
   * the executor refuses the task or runs it on the calling thread (the caller then reads the
   * source itself: waiting on a task that can only run after the wait would never end).
   */
  static ReadAheadStream start(InputStream source, Executor executor) {
    ReadAheadStream stream = new ReadAheadStream(source, Thread.currentThread());
    try {
      executor.execute(stream::produce);
    } catch (RejectedExecutionException e) {
      return null;
    }
    return stream.ranInline ? null : stream;
  }

  /** Whether a read returned -1: the whole source was read, cleanly. */
  boolean reachedEnd() {
    return ended;
  }

  @Override
  public int read() throws IOException {
    Chunk chunk = readable();
    return chunk == null ? -1 : chunk.data[chunk.position++] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    Chunk chunk = readable();
    if (chunk == null) {
      return -1;
    }
    int n = Math.min(length, chunk.length - chunk.position);
    System.arraycopy(chunk.data, chunk.position, into, offset, n);
    chunk.position += n;
    return n;
  }

  /**
   * Stops the task and waits until it has closed the source. Never blocks on the executor: a task
   * that has not started yet will do nothing when it does.
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (state.compareAndSet(PENDING, DONE)) {
      closeQuietly(source); // the task never ran and never will: it finds the state DONE
      return;
    }
    // A task waiting for a free chunk holds none, so every chunk is current or filled: hand them back.
    if (current != null) {
      free.offer(current);
      current = null;
    }
    filled.drainTo(free);
    awaitRelease();
  }

  /** The chunk to read from, with bytes left; null at the end; throws what the source threw. */
  private Chunk readable() throws IOException {
    while (current == null || current.position == current.length) {
      if (current != null && current.last) {
        return endOf(current);
      }
      if (current != null) {
        free.offer(current);
      }
      current = nextFilled();
    }
    return current;
  }

  private Chunk endOf(Chunk last) throws IOException {
    if (last.failure != null) {
      throw rethrown(last.failure);
    }
    ended = true;
    return null;
  }

  private Chunk nextFilled() throws IOException {
    try {
      return filled.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while waiting for decompressed data");
    }
  }

  // ---- the task ---------------------------------------------------------------------------------

  private void produce() {
    if (Thread.currentThread() == reader && state.get() == PENDING) {
      ranInline = true;
      state.set(DONE);
      return;
    }
    if (!state.compareAndSet(PENDING, RUNNING)) {
      return; // closed before it started
    }
    try {
      Chunk chunk;
      do {
        chunk = emptyChunk();
        if (chunk == null) {
          return;
        }
        chunk.fill();
        filled.add(chunk);
      } while (!chunk.last);
    } finally {
      closeQuietly(source);
      state.set(DONE);
      released.countDown();
    }
  }

  /** A chunk to fill, allocating up to the bound; null once the reader has closed. */
  private Chunk emptyChunk() {
    Chunk chunk = free.poll();
    if (chunk == null && allocated < CHUNKS) {
      allocated++;
      chunk = new Chunk();
    }
    try {
      while (chunk == null && !closed) {
        chunk = free.take();
      }
    } catch (InterruptedException e) {
      // The executor is shutting down: end the source with an interruption the reader will see.
      Chunk failed = new Chunk(0);
      failed.end(new InterruptedIOException("decompression task interrupted"));
      filled.add(failed);
      return null;
    }
    if (closed) {
      return null;
    }
    chunk.reset();
    return chunk;
  }

  private void awaitRelease() {
    boolean interrupted = false;
    while (true) {
      try {
        released.await();
        break;
      } catch (InterruptedException e) {
        interrupted = true; // the task lets go within one source read; keep the caller's interrupt
      }
    }
    if (interrupted) {
      Thread.currentThread().interrupt();
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      // Closing only frees memory here (the inflater); nothing the reader needs to hear about.
    }
  }

  private static IOException rethrown(Throwable failure) {
    if (failure instanceof IOException io) {
      return io;
    }
    if (failure instanceof RuntimeException runtime) {
      throw runtime;
    }
    throw (Error) failure;
  }

  /** A run of bytes from the source; the last one says how the source ended. */
  private final class Chunk {
    final byte[] data;
    int length;
    int position;
    boolean last;
    Throwable failure;

    Chunk() {
      this(CHUNK_SIZE);
    }

    Chunk(int size) {
      data = new byte[size];
    }

    void reset() {
      length = 0;
      position = 0;
    }

    /** Reads until full, the end, a failure, or the reader closing. */
    void fill() {
      try {
        while (length < data.length && !closed) {
          int n = source.read(data, length, data.length - length);
          if (n < 0) {
            end(null);
            return;
          }
          length += n;
        }
      } catch (IOException | RuntimeException | Error e) {
        end(e);
      }
    }

    void end(Throwable why) {
      last = true;
      failure = why;
    }
  }
}
