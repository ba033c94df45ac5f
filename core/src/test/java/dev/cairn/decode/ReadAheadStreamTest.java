package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The hand-off itself: bytes in order, failures after the bytes before them, bounded read-ahead. */
class ReadAheadStreamTest {
  @Test
  void deliversTheSourceBytesInOrderWhateverTheReadSizes() throws IOException {
    byte[] data = new byte[3 * ReadAheadStream.CHUNK_SIZE + 12345];
    new SplittableRandom(1).nextBytes(data);
    SplittableRandom sizes = new SplittableRandom(2);
    byte[] copy = new byte[data.length];
    int at = 0;

    try (ReadAheadStream ahead = ReadAheadStream.start(new ByteArrayInputStream(data), Decoded.INFLATING)) {
      while (at < copy.length) {
        if (sizes.nextInt(4) == 0) {
          copy[at++] = (byte) ahead.read();
        } else {
          at += ahead.read(copy, at, Math.min(copy.length - at, 1 + sizes.nextInt(100_000)));
        }
      }
      assertThat(ahead.read()).isEqualTo(-1);
      assertThat(ahead.read(copy, 0, 1)).isEqualTo(-1);
      assertThat(ahead.reachedEnd()).isTrue();
    }
    assertThat(at).isEqualTo(data.length);
    assertThat(copy).isEqualTo(data);
  }

  @Test
  void theSourceFailureArrivesAfterTheBytesBeforeItAsTheSameException() throws IOException {
    IOException failure = new IOException("gone");
    byte[] data = new byte[ReadAheadStream.CHUNK_SIZE + 10];
    InputStream failing = dev.cairn.testkit.Streams.failingAfter(data, data.length - 3, failure);

    try (ReadAheadStream ahead = ReadAheadStream.start(failing, Decoded.INFLATING)) {
      assertThat(ahead.readNBytes(data.length - 3)).hasSize(data.length - 3);
      assertThatThrownBy(ahead::read).isSameAs(failure);
      assertThatThrownBy(ahead::read).as("again").isSameAs(failure);
      assertThat(ahead.reachedEnd()).isFalse();
    }
  }

  @Test
  void runtimeExceptionsOfTheSourcePassThroughUnchanged() {
    IllegalStateException bug = new IllegalStateException("bug");
    InputStream buggy = new InputStream() {
      @Override
      public int read() {
        throw bug;
      }

      @Override
      public int read(byte[] b, int off, int len) {
        throw bug;
      }
    };

    try (ReadAheadStream ahead = ReadAheadStream.start(buggy, Decoded.INFLATING)) {
      assertThatThrownBy(ahead::read).isSameAs(bug);
    }
  }

  @Test
  void readsAheadAtMostTheChunksThenWaitsAndCloseStopsIt() throws Exception {
    long bound = (long) ReadAheadStream.CHUNKS * ReadAheadStream.CHUNK_SIZE;
    Zeros zeros = new Zeros(bound);
    AtomicReference<Thread> task = new AtomicReference<>();
    ReadAheadStream ahead = ReadAheadStream.start(zeros, runnable -> {
      Thread thread = new Thread(runnable, "read-ahead");
      thread.setDaemon(true);
      task.set(thread);
      thread.start();
    });
    assertThat(ahead.read()).isZero();

    // The task fills every chunk, then waits for one to be handed back: parked, having served no more.
    assertThat(zeros.servedTheBound.await(10, TimeUnit.SECONDS)).as("read ahead up to the bound").isTrue();
    awaitParked(task.get());
    assertThat(zeros.served.get()).isEqualTo(bound);
    ahead.close();

    assertThat(zeros.closed.get()).as("source closed by the time close returns").isTrue();
    task.get().join(10_000);
    assertThat(task.get().isAlive()).as("task ended").isFalse();
    assertThat(zeros.served.get()).isEqualTo(bound);
  }

  /** Waits until {@code thread} blocks (waiting for a chunk), for at most ten seconds. */
  private static void awaitParked(Thread thread) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (thread.getState() != Thread.State.WAITING && thread.getState() != Thread.State.TIMED_WAITING) {
      assertThat(System.nanoTime()).as("task parked in time (state %s)", thread.getState()).isLessThan(deadline);
      Thread.onSpinWait();
    }
  }

  /** Zeros for ever, counting what it served and whether it was closed; says when it has served {@code bound}. */
  private static final class Zeros extends InputStream {
    final AtomicLong served = new AtomicLong();
    final AtomicBoolean closed = new AtomicBoolean();
    final CountDownLatch servedTheBound = new CountDownLatch(1);
    private final long bound;

    Zeros(long bound) {
      this.bound = bound;
    }

    @Override
    public int read() {
      count(1);
      return 0;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      java.util.Arrays.fill(into, offset, offset + length, (byte) 0);
      count(length);
      return length;
    }

    private void count(int n) {
      if (served.addAndGet(n) >= bound) {
        servedTheBound.countDown();
      }
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
