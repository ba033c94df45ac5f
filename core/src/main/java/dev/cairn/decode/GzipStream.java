package dev.cairn.decode;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decompresses gzip (RFC 1952), every member of a multi-member file, checking each member's CRC and
 * length.
 *
 * <p>Written on {@link Inflater} rather than {@code GZIPInputStream} because the JDK class decides
 * whether another member follows by asking {@code available()}, which is 0 on network and
 * slow streams, so it silently drops the members after the first; and because it reports corrupt
 * data with the same {@code IOException} type as a failing disk. Here corrupt or truncated data is
 * a {@link GzipFormatException} and a read failure of the underlying stream passes through as is.
 *
 * <p>Data after the last member that does not start with the gzip magic bytes is ignored, as
 * {@code gzip -d} does; {@link #trailingDataOffset()} says where it was. Not thread-safe. {@link
 * #close()} frees the inflater but leaves the underlying stream open.
 */
final class GzipStream extends InputStream {
  private static final int MAGIC1 = 0x1f;
  private static final int MAGIC2 = 0x8b;
  private static final int DEFLATE = 8;
  private static final int FHCRC = 2;
  private static final int FEXTRA = 4;
  private static final int FNAME = 8;
  private static final int FCOMMENT = 16;
  private static final int RESERVED_FLAGS = 0xe0;

  private final InputStream in;
  /** Compressed input, read in whole buffers: see {@link #fill}. */
  private final byte[] buffer;
  /**
   * Inflated bytes not yet read. The inflater always writes into the whole of it, from input read
   * in whole buffers, so the bytes it produces before a corrupt spot, and thus where the error is
   * reported in the inflated data, are the same however the input's reads and the caller's split:
   * output written in the call that finds the damage is lost, and the calls must not depend on them.
   */
  private final byte[] inflated;
  private int inflatedPosition;
  private int inflatedLimit;
  /** A read failure met after some bytes of a fill: thrown by the next fill, once those are used. */
  private IOException pendingFailure;
  private final Inflater inflater = new Inflater(true);
  private final CRC32 crc = new CRC32();
  private final byte[] one = new byte[1];
  private int position;
  private int limit;
  /** Compressed bytes read from {@code in} before the current buffer contents. */
  private long bufferStart;
  private int member;
  private long memberLength;
  private boolean inMember;
  private boolean finished;
  private long trailingDataOffset = -1;

  GzipStream(InputStream in, int bufferSize) {
    this.in = in;
    this.buffer = new byte[bufferSize];
    this.inflated = new byte[bufferSize];
  }

  /** Offset in the compressed input of ignored data after the last member, or -1 if none. */
  long trailingDataOffset() {
    return trailingDataOffset;
  }

  @Override
  public int read() throws IOException {
    return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
  }

  @Override
  public int read(byte[] into, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    if (inflatedPosition == inflatedLimit && !inflateMore()) {
      return -1;
    }
    int n = Math.min(length, inflatedLimit - inflatedPosition);
    System.arraycopy(inflated, inflatedPosition, into, offset, n);
    inflatedPosition += n;
    return n;
  }

  /** Inflates the next bytes into {@link #inflated}; false at the end of the last member. */
  private boolean inflateMore() throws IOException {
    while (!finished) {
      if (!inMember) {
        if (!startMember()) {
          finished = true;
          break;
        }
        continue;
      }
      int produced = inflate(inflated, 0, inflated.length);
      if (produced > 0) {
        crc.update(inflated, 0, produced);
        memberLength += produced;
        inflatedPosition = 0;
        inflatedLimit = produced;
        return true;
      }
      if (inflater.finished()) {
        endMember();
      } else if (inflater.needsInput()) {
        if (!fill()) {
          throw truncated("inside the compressed data");
        }
        inflater.setInput(buffer, position, limit - position);
      } else if (inflater.needsDictionary()) {
        throw corrupt("asks for a preset dictionary, which gzip never uses");
      }
    }
    return false;
  }

  @Override
  public void close() {
    inflater.end();
  }

  private int inflate(byte[] into, int offset, int length) throws GzipFormatException {
    try {
      return inflater.inflate(into, offset, length);
    } catch (DataFormatException e) {
      throw corrupt("is corrupt (" + e.getMessage() + ")");
    }
  }

  /** Reads a member header; false at a clean end of input or at trailing non-gzip data. */
  private boolean startMember() throws IOException {
    long headerOffset = offset();
    int first = nextByte();
    if (first < 0) {
      return false;
    }
    int second = nextByte();
    if (first != MAGIC1 || second != MAGIC2) {
      if (member == 0) {
        throw new GzipFormatException("not gzip data (no magic bytes 1f 8b at compressed byte 0)");
      }
      trailingDataOffset = headerOffset;
      return false;
    }
    member++;
    readHeaderAfterMagic();
    inflater.reset();
    crc.reset();
    memberLength = 0;
    inflater.setInput(buffer, position, limit - position);
    inMember = true;
    return true;
  }

  private void readHeaderAfterMagic() throws IOException {
    if (requireByte("header") != DEFLATE) {
      throw corrupt("uses an unknown compression method (only deflate, 8, exists)");
    }
    int flags = requireByte("header");
    if ((flags & RESERVED_FLAGS) != 0) {
      throw corrupt("has reserved header flags set");
    }
    skip(6); // modification time (4), extra flags (1), operating system (1)
    if ((flags & FEXTRA) != 0) {
      int extraLength = requireByte("header") | requireByte("header") << 8;
      skip(extraLength);
    }
    if ((flags & FNAME) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FCOMMENT) != 0) {
      skipZeroTerminated();
    }
    if ((flags & FHCRC) != 0) {
      skip(2);
    }
  }

  private void endMember() throws IOException {
    position = limit - inflater.getRemaining();
    inMember = false;
    long trailer = offset();
    long expectedCrc = readLittleEndianInt();
    long expectedLength = readLittleEndianInt();
    if (expectedCrc != crc.getValue()) {
      throw corrupt("fails its CRC check (the data is damaged)", trailer);
    }
    if (expectedLength != (memberLength & 0xffffffffL)) {
      throw corrupt("has the wrong length in its trailer (the data is damaged)", trailer);
    }
  }

  private long readLittleEndianInt() throws IOException {
    long value = 0;
    for (int shift = 0; shift < 32; shift += 8) {
      value |= (long) requireByte("trailer") << shift;
    }
    return value;
  }

  private void skip(int count) throws IOException {
    for (int i = 0; i < count; i++) {
      requireByte("header");
    }
  }

  private void skipZeroTerminated() throws IOException {
    while (requireByte("header") != 0) {
      // a file name or comment: nothing in it matters here
    }
  }

  private int requireByte(String part) throws IOException {
    int b = nextByte();
    if (b < 0) {
      throw truncated("inside a member " + part);
    }
    return b;
  }

  private int nextByte() throws IOException {
    if (position == limit && !fill()) {
      return -1;
    }
    return buffer[position++] & 0xff;
  }

  /**
   * Refills the buffer from the underlying stream, to the full (or to the stream's end), however
   * its reads split; false at its end. A read failure after some bytes is kept for the next fill,
   * so the bytes before it are inflated first, as they would be had the reads split elsewhere.
   */
  private boolean fill() throws IOException {
    bufferStart += limit;
    position = 0;
    limit = 0;
    if (pendingFailure != null) {
      throw pendingFailure;
    }
    while (limit < buffer.length) {
      int n;
      try {
        n = in.read(buffer, limit, buffer.length - limit);
      } catch (IOException e) {
        if (limit == 0) {
          throw e;
        }
        pendingFailure = e;
        break;
      }
      if (n < 0) {
        break;
      }
      limit += n;
    }
    return limit > 0;
  }

  private long offset() {
    return bufferStart + position;
  }

  private long inflaterOffset() {
    return bufferStart + limit - inflater.getRemaining();
  }

  private GzipFormatException truncated(String where) {
    return new GzipFormatException(
        "truncated gzip data: input ends " + where + " of member " + member + " at compressed byte " + offset());
  }

  private GzipFormatException corrupt(String what) {
    return corrupt(what, inMember ? inflaterOffset() : offset());
  }

  private GzipFormatException corrupt(String what, long at) {
    return new GzipFormatException("gzip member " + member + " " + what + " near compressed byte " + at);
  }
}
