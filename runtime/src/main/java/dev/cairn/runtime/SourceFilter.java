package dev.cairn.runtime;

import dev.cairn.runtime.source.Input;

/**
 * Decides which inputs (files, S3 objects) are read at all, by name and attributes, before a byte
 * is opened or downloaded.
 *
 * <p>Called on a worker thread, once per input, concurrently for different items (so it must be
 * thread-safe). Must not block. A rejected input counts as handled: the item is still acknowledged.
 * A thrown exception fails the work item (stage {@link ProcessingFailure.Stage#SOURCE_FILTER}), which
 * is then delivered again.
 */
@FunctionalInterface
public interface SourceFilter {

  /** Every input is read. */
  SourceFilter ALL = input -> true;

  /** True to read {@code input}, false to skip it. */
  boolean accept(Input input);
}
