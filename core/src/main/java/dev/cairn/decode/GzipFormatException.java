package dev.cairn.decode;

import java.io.IOException;

/** Gzip data that is corrupt or truncated, as opposed to a stream that failed to read. */
final class GzipFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  GzipFormatException(String message) {
    super(message);
  }
}
