package dev.cairn.decode;

import java.io.IOException;
import java.io.InputStream;

/**
 * Counts the bytes handed to the JSON parser and refuses to hand over more than a set limit, so a
 * single huge value fails fast instead of filling memory while it is materialised as a tree.
 */
final class GuardedStream extends InputStream {
  private final InputStream in;
  private long delivered;
  private long limit = Long.MAX_VALUE;

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
