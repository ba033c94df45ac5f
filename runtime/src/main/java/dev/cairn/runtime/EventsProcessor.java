package dev.cairn.runtime;

import dev.cairn.event.CloudTrailEvent;
import java.util.List;

/**
 * Handles events: the one callback every {@link CairnProcessor} needs.
 *
 * <p>Contract:
 *
 * <ul>
 *   <li><b>Thread:</b> called on a worker thread ({@code cairn-worker-N}); with several workers it
 *       is called concurrently for different inputs, so an implementation must be thread-safe.
 *   <li><b>Batches:</b> each call gets 1 to {@code batchSize} (default 100) events, all from the same
 *       input, in input order, already passed through the {@link EventFilter} and with events
 *       handled within the dedup window removed. Never called with an empty list. The list is
 *       unmodifiable and may be kept.
 *   <li><b>Durability:</b> when this method returns, the events count as handled: their ids are
 *       recorded in the dedup window and, once the whole work item is done, the source acknowledges
 *       it. So do (or durably record) everything that must not be lost before returning.
 *   <li><b>Exceptions:</b> a thrown exception fails the whole work item: the rest of it is not
 *       processed, it is not acknowledged (the SQS message or file is delivered again later), the
 *       batch's ids are not recorded as handled, and the {@link ExceptionHandler} is told with
 *       stage {@link ProcessingFailure.Stage#PROCESS}. Events of earlier batches stay recorded, so
 *       redelivery skips them. The engine keeps running.
 *   <li><b>Blocking:</b> may block; a slow processor slows reading down (bounded queues) rather
 *       than filling memory. It should respond to interruption, which the engine uses when a stop
 *       times out.
 * </ul>
 */
@FunctionalInterface
public interface EventsProcessor {

  /** Handles a batch of events; see the interface contract. */
  void process(List<CloudTrailEvent> events);
}
