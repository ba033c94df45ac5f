package dev.cairn.runtime;

import dev.cairn.runtime.source.Input;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Downloads remote inputs (S3 objects) ahead of the workers that decode them, so that network
 * latency overlaps with decoding instead of adding to it: with one object in progress per worker,
 * each worker would wait out every GET's round trip.
 *
 * <p>When a poller receives an item, each of its remote inputs gets a {@link Fetch}, run on one of
 * {@code downloads} threads in arrival order: it opens the input and reads it into 64 KiB chunks
 * while memory allows. All chunks held, downloaded or not yet decoded, stay within one byte budget;
 * a download that finds the budget spent waits. When a worker reaches the input it {@link Fetch#take()
 * takes} it in whatever state it is: fully read (decoded from memory), part read (the chunks, then
 * the rest straight from the connection), being opened (the worker waits for the response), or not
 * started (the worker opens it itself). So a worker never waits for memory another download holds,
 * and a budget smaller than one object only means that object streams. Chunks return to the budget
 * when the worker closes the stream or the item is settled without reading.
 *
 * <p>An input whose progress record already says it is finished (a redelivered object) is not
 * downloaded at all.
 *
 * <p>Thread-safety: {@link #submit} from pollers, {@link Fetch#take()} and {@link Fetch#cancel()}
 * from workers or the thread stopping the engine; each fetch's state is guarded by its monitor.
 */
final class Prefetcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Prefetcher.class);
  static final int CHUNK = 64 * 1024;
  /** How long a waiting download sleeps before looking again whether it was taken over or cancelled. */
  private static final long BUDGET_WAIT_MILLIS = 20;

  private final ExecutorService downloads;
  private final ByteBudget budget;
  private final Predicate<Input> finished;
  private final Consumer<Error> died;

  /**
   * @param threads downloads in flight at once
   * @param budgetBytes most bytes held in chunks at once
   * @param finished true for an input already handled (not downloaded); must not throw
   * @param died told when a download thread dies of an {@link Error} (its fetch fails first, so no
   *     worker waits for it forever)
   */
  Prefetcher(int threads, long budgetBytes, Predicate<Input> finished, Consumer<Error> died, ThreadFactory factory) {
    AtomicInteger n = new AtomicInteger();
    this.downloads = Executors.newFixedThreadPool(threads, runnable -> {
      Thread thread = factory.newThread(runnable);
      if (factory == CairnProcessor.DEFAULT_THREADS) {
        thread.setName("cairn-download-" + n.getAndIncrement());
      }
      return thread;
    });
    this.budget = new ByteBudget(budgetBytes);
    this.finished = finished;
    this.died = died;
  }

  /** Starts downloading {@code input} as soon as a download thread is free. */
  Fetch submit(Input input) {
    Fetch fetch = new Fetch(input);
    try {
      downloads.execute(fetch::run);
    } catch (RejectedExecutionException e) {
      fetch.cancel(); // stopping: the worker, if it ever gets there, opens the input itself
    }
    return fetch;
  }

  /** Bytes held in chunks now (for tests and metrics). */
  long bytesHeld() {
    return budget.used();
  }

  /** Stops the download threads; fetches in progress end at their next chunk. */
  @Override
  public void close() {
    downloads.shutdownNow();
  }

  private enum State { QUEUED, OPENING, READING, COMPLETE, FAILED, SKIPPED, TAKEN, CANCELLED }

  /** One input's download. */
  final class Fetch {
    private final Input input;
    // Guarded by this.
    private State state = State.QUEUED;
    private final List<byte[]> chunks = new ArrayList<>();
    private int lastLength;
    private long held;
    private InputStream live;
    private IOException failure;
    private boolean handOver;

    private Fetch(Input input) {
      this.input = input;
    }

    private void run() {
      try {
        download();
      } catch (Error e) {
        failWith(new IOException(input.name() + ": download failed: " + e, e));
        died.accept(e);
      } catch (RuntimeException e) {
        failWith(new IOException(input.name() + ": download failed: " + e, e));
      }
    }

    /** Ends the fetch with {@code failure} unless a worker already has it; a waiting worker gets the failure. */
    private void failWith(IOException failure) {
      InputStream toClose;
      synchronized (this) {
        if (state == State.TAKEN || state == State.CANCELLED) {
          return;
        }
        toClose = live;
        live = null;
        this.failure = failure;
        budget.release(held);
        held = 0;
        chunks.clear();
        state = State.FAILED;
        notifyAll();
      }
      if (toClose != null) {
        closeQuietly(toClose);
      }
    }

    private void download() {
      synchronized (this) {
        if (state != State.QUEUED) {
          return;
        }
        state = State.OPENING;
      }
      if (finished.test(input)) {
        settle(State.SKIPPED, null);
        return;
      }
      InputStream in;
      try {
        in = input.open();
      } catch (IOException | RuntimeException e) {
        settle(State.FAILED, e instanceof IOException io ? io : new IOException(input.name() + ": " + e, e));
        return;
      }
      synchronized (this) {
        if (state == State.CANCELLED) {
          closeQuietly(in);
          return;
        }
        live = in;
        state = State.READING;
        notifyAll();
      }
      read(in);
    }

    /** Reads chunks until the end, a hand-over to the worker, a cancel, or a failure. */
    private void read(InputStream in) {
      while (true) {
        if (!reserve()) {
          return; // handed over or cancelled while waiting for memory
        }
        byte[] chunk = new byte[CHUNK];
        int n;
        try {
          n = in.readNBytes(chunk, 0, CHUNK);
        } catch (IOException e) {
          budget.release(CHUNK);
          synchronized (this) {
            if (state == State.READING) {
              failure = e;
              live = null;
              state = State.COMPLETE; // the chunks so far, then this failure, as a live read would have had it
              notifyAll();
            }
          }
          closeQuietly(in);
          return;
        }
        synchronized (this) {
          if (state != State.READING) {
            budget.release(CHUNK);
            return;
          }
          if (n > 0) {
            chunks.add(chunk);
            lastLength = n;
            held += CHUNK;
          } else {
            budget.release(CHUNK);
          }
          if (n < CHUNK) {
            live = null;
            state = State.COMPLETE;
            notifyAll();
            closeQuietly(in);
            return;
          }
        }
      }
    }

    /** Waits for a chunk's worth of budget; false when the worker took over or the fetch was cancelled. */
    private boolean reserve() {
      while (true) {
        synchronized (this) {
          if (state != State.READING) {
            return false;
          }
          if (handOver) {
            state = State.TAKEN;
            notifyAll();
            return false;
          }
        }
        try {
          if (budget.tryAcquire(CHUNK, BUDGET_WAIT_MILLIS)) {
            return true;
          }
        } catch (InterruptedException e) {
          cancel(); // the engine is stopping
          return false;
        }
      }
    }

    private synchronized void settle(State end, IOException cause) {
      if (state == State.OPENING) {
        state = end;
        failure = cause;
      }
      notifyAll();
    }

    /**
     * The input's bytes for a worker, or null when the worker should open it itself (the download
     * never started, or found it already handled).
     *
     * @throws IOException when opening it failed
     */
    synchronized InputStream take() throws IOException, InterruptedException {
      if (state == State.QUEUED) {
        state = State.TAKEN;
        return null;
      }
      while (state == State.OPENING) {
        wait();
      }
      if (state == State.READING) {
        handOver = true;
        while (state == State.READING) {
          wait(); // the download finishes the read it is in, then hands over
        }
      }
      return switch (state) {
        case SKIPPED, CANCELLED -> null;
        case FAILED -> throw failure;
        case TAKEN -> buffered(live);
        case COMPLETE -> {
          state = State.TAKEN;
          yield buffered(null);
        }
        default -> throw new IllegalStateException("fetch of " + input.name() + " in state " + state);
      };
    }

    /** The chunks, then {@code rest} (the live connection) or the read failure, if any. */
    private InputStream buffered(InputStream rest) {
      List<InputStream> parts = new ArrayList<>(chunks.size() + 1);
      for (int i = 0; i < chunks.size(); i++) {
        parts.add(new ByteArrayInputStream(chunks.get(i), 0, i == chunks.size() - 1 ? lastLength : CHUNK));
      }
      if (rest != null) {
        parts.add(rest);
      } else if (failure != null) {
        parts.add(new FailingStream(failure));
      }
      chunks.clear();
      long bytes = held;
      held = 0;
      live = null;
      return new SequenceInputStream(Collections.enumeration(parts)) {
        private boolean released;

        @Override
        public void close() throws IOException {
          if (!released) {
            released = true;
            budget.release(bytes);
          }
          super.close();
        }
      };
    }

    /** Drops the download and what it holds (the item was settled without reading it). */
    void cancel() {
      InputStream toClose;
      synchronized (this) {
        if (state == State.TAKEN || state == State.CANCELLED) {
          return;
        }
        state = State.CANCELLED;
        chunks.clear();
        budget.release(held);
        held = 0;
        toClose = live;
        live = null;
        notifyAll();
      }
      if (toClose != null) {
        closeQuietly(toClose);
      }
    }
  }

  private static void closeQuietly(InputStream in) {
    try {
      in.close();
    } catch (IOException | RuntimeException e) {
      LOG.debug("closing a download failed", e);
    }
  }

  /** A stream whose first read fails as the download did. */
  private static final class FailingStream extends InputStream {
    private final IOException failure;

    FailingStream(IOException failure) {
      this.failure = failure;
    }

    @Override
    public int read() throws IOException {
      throw failure;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
      throw failure;
    }
  }

  /** Bytes that may be held at once; acquired per chunk by downloads, released by readers. */
  static final class ByteBudget {
    private final long limit;
    private long used;

    ByteBudget(long limit) {
      this.limit = limit;
    }

    synchronized boolean tryAcquire(long bytes, long timeoutMillis) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
      while (used + bytes > limit) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(this, left);
      }
      used += bytes;
      return true;
    }

    synchronized void release(long bytes) {
      used -= bytes;
      notifyAll();
    }

    synchronized long used() {
      return used;
    }
  }
}
