package dev.cairn.runtime.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Optional;

/**
 * One readable thing a {@link WorkItem} names: a local file, an S3 object, an event carried inline in
 * a queue message. Opening it is lazy, so a {@code SourceFilter} can reject it by name before any
 * byte is downloaded.
 */
public interface Input {

  /** A name people recognise, used in every message: a path, {@code s3://bucket/key}, {@code sqs:<message id>}. */
  String name();

  /**
   * Facts known before opening, e.g. {@code bucket}, {@code key}, {@code accountId}, {@code region},
   * {@code size}. Immutable; possibly empty.
   */
  Map<String, String> attributes();

  /**
   * Opens the raw bytes (possibly gzip; the decoder detects it). The caller closes the stream.
   * Streams, never buffers the whole input in memory.
   *
   * @throws IOException when the input cannot be read (missing object, access denied, network)
   */
  InputStream open() throws IOException;

  /**
   * The key the engine records this input's progress under, stable across redeliveries: {@code
   * s3://bucket/key}, an absolute path. Empty (the default) for inputs with no object behind them,
   * such as an event carried inline in a queue message: those are not tracked, only the events acted
   * on are (see {@link dev.cairn.runtime.state.ActionLog}).
   */
  default Optional<String> progressKey() {
    return Optional.empty();
  }

  /**
   * What tells two contents under one {@link #progressKey()} apart, when known before opening: an S3
   * ETag from the notice, a file's size and modification time. Empty when unknown.
   */
  default Optional<String> version() {
    return Optional.empty();
  }

  /**
   * True when opening and reading waits on a network (an S3 object): the engine then downloads it
   * ahead of the worker that will decode it, several at once, within a memory budget. False (the
   * default) for local files, which are read where they are decoded.
   */
  default boolean remote() {
    return false;
  }
}
