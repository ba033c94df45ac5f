package dev.cairn.runtime;

import dev.cairn.event.CloudTrailEvent;

/**
 * Decides which decoded events reach the {@link EventsProcessor}.
 *
 * <p>Called on a worker thread, once per decoded event, in input order, concurrently for different
 * inputs (so it must be thread-safe), before dedup. Should be fast and must not block. A thrown
 * exception fails the work item exactly as an {@link EventsProcessor} exception does (stage
 * {@link ProcessingFailure.Stage#EVENT_FILTER}).
 */
@FunctionalInterface
public interface EventFilter {

  /** Every event passes. */
  EventFilter ALL = event -> true;

  /** True to keep {@code event}, false to drop it (counted as filtered). */
  boolean accept(CloudTrailEvent event);
}
