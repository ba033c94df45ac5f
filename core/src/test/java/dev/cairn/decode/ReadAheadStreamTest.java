package dev.cairn.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
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
    };

    try (ReadAheadStream ahead = ReadAheadStream.start(buggy, Decoded.INFLATING)) {
      assertThatThrownBy(ahead::read).isSameAs(bug);
    }
  }

  @Test
  void readsAheadAtMostTheChunksThenWaitsAndCloseStopsIt() throws Exception {
    Zeros zeros = new Zeros();
    ReadAheadStream ahead = ReadAheadStream.start(zeros, Decoded.INFLATING);
    assertThat(ahead.read()).isZero();

    Thread.sleep(200); // time to run ahead, were it unbounded; the bound holds at every moment
    assertThat(zeros.served.get()).isLessThanOrEqualTo((long) ReadAheadStream.CHUNKS * ReadAheadStream.CHUNK_SIZE);
    ahead.close();

    assertThat(zeros.closed.get()).as("source closed by the time close returns").isTrue();
    long served = zeros.served.get();
    Thread.sleep(50);
    assertThat(zeros.served.get()).isEqualTo(served);
  }

  /** Zeros for ever, counting what it served and whether it was closed. */
  private static final class Zeros extends InputStream {
    final AtomicLong served = new AtomicLong();
    final AtomicBoolean closed = new AtomicBoolean();

    @Override
    public int read() {
      served.incrementAndGet();
      return 0;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      java.util.Arrays.fill(into, offset, offset + length, (byte) 0);
      served.addAndGet(length);
      return length;
    }

    @Override
    public void close() {
      closed.set(true);
    }
  }
}
