/**
 * Where work comes from: the {@link dev.cairn.runtime.source.EventSource} SPI (implemented by the
 * folder source here and the SQS source in the {@code aws} module), the {@link
 * dev.cairn.runtime.source.WorkItem}s it hands out and the {@link dev.cairn.runtime.source.Input}s
 * they name.
 */
package dev.cairn.runtime.source;
