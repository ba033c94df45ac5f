package dev.cairn.runtime.source;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

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
}
