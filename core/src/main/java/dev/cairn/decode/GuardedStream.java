package dev.cairn.decode;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * Counts the bytes handed to the JSON parser and refuses to hand over more than a set limit, so a
 * single huge value fails fast instead of filling memory while it is materialised as a tree.
 *
 * <p>When {@linkplain #keepBehind() asked to}, it also keeps a copy of what it handed over: at
 * least the last {@link #WINDOW} bytes, and everything from a {@linkplain #holdFrom held} offset on,
 * so the text of a value the parser has just read can be {@linkplain #copy copied} out.
 */
final class GuardedStream extends InputStream {
  /** Bytes always kept behind the newest one; far more than the parser buffers (8,000). */
  static final int WINDOW = 64 * 1024;

  private final InputStream in;
  private long delivered;
  private long limit = Long.MAX_VALUE;
  /** Copies of delivered bytes, from offset {@link #keptFrom}; null when not keeping. */
  private byte[] kept;
  private long keptFrom;
  private int keptLength;
  /** Offset from which nothing is dropped; -1 when nothing is held. */
  private long heldFrom = -1;
  /** For {@link #read()}: one byte to keep, without an array per byte. */
  private final byte[] single = new byte[1];

  GuardedStream(InputStream in) {
    this.in = in;
  }

  /** Fails reads that would go past {@code offset} bytes from the start. */
  void limitTo(long offset) {
    limit = offset;
  }

  void unlimited() {
    limit = Long.MAX_VALUE;
  }

  /** From now on, keep copies of delivered bytes (see the class documentation). */
  void keepBehind() {
    if (kept == null) {
      kept = new byte[2 * WINDOW];
      keptFrom = delivered;
    }
  }

  /** True when the bytes from {@code offset} to the newest delivered one are all kept. */
  boolean keeps(long offset) {
    return kept != null && offset >= keptFrom && offset <= delivered;
  }

  /** Keeps every byte from {@code offset} (which {@link #keeps}) until {@link #release}. */
  void holdFrom(long offset) {
    heldFrom = offset;
  }

  void release() {
    heldFrom = -1;
    if (kept != null && kept.length > 8 * WINDOW) {
      // A large value was held: go back to a small buffer with the window in it.
      int keep = Math.min(keptLength, WINDOW);
      byte[] small = new byte[2 * WINDOW];
      System.arraycopy(kept, keptLength - keep, small, 0, keep);
      keptFrom += keptLength - keep;
      keptLength = keep;
      kept = small;
    }
  }

  /** A copy of the kept bytes from offset {@code from} (inclusive) to {@code to} (exclusive). */
  byte[] copy(long from, long to) {
    if (!keeps(from) || to > delivered || to < from) {
      throw new IllegalStateException(
          "bytes " + from + ".." + to + " are not kept (kept: " + keptFrom + ".." + delivered + ")");
    }
    int start = (int) (from - keptFrom);
    return Arrays.copyOfRange(kept, start, start + (int) (to - from));
  }

  private void keep(byte[] bytes, int offset, int length) {
    if (keptLength + length > kept.length) {
      // Drop what is neither held nor in the window, then grow if that was not enough.
      long newest = keptFrom + keptLength + length;
      long dropTo = heldFrom >= 0 ? Math.min(heldFrom, newest - WINDOW) : newest - WINDOW;
      int drop = (int) Math.max(0, Math.min(dropTo - keptFrom, keptLength));
      System.arraycopy(kept, drop, kept, 0, keptLength - drop);
      keptFrom += drop;
      keptLength -= drop;
      if (keptLength + length > kept.length) {
        // Doubling, but never past what the read limit lets in: a held value is refused at the
        // limit, so a buffer twice its size would only be memory the limit does not account for.
        long most = limit == Long.MAX_VALUE ? Long.MAX_VALUE : limit - keptFrom;
        long grown = Math.min((long) kept.length * 2, Math.min(most, Integer.MAX_VALUE - 16));
        kept = Arrays.copyOf(kept, (int) Math.max(grown, keptLength + length));
      }
    }
    System.arraycopy(bytes, offset, kept, keptLength, length);
    keptLength += length;
  }

  /** Bytes handed over so far. */
  long delivered() {
    return delivered;
  }

  @Override
  public int read() throws IOException {
    if (delivered >= limit) {
      throw new LimitReached();
    }
    int b = in.read();
    if (b >= 0) {
      delivered++;
      if (kept != null) {
        single[0] = (byte) b;
        keep(single, 0, 1);
      }
    }
    return b;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (delivered >= limit) {
      throw new LimitReached();
    }
    int n = in.read(into, offset, (int) Math.min(length, limit - delivered));
    if (n > 0) {
      delivered += n;
      if (kept != null) {
        keep(into, offset, n);
      }
    }
    return n;
  }

  /** The limit set by {@link #limitTo} was reached. */
  static final class LimitReached extends IOException {
    private static final long serialVersionUID = 1L;

    LimitReached() {
      super("value size limit reached", null);
    }
  }
}
