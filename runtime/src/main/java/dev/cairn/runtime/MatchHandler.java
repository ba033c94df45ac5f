package dev.cairn.runtime;

import java.util.List;

/**
 * Acts on matches: set with {@link CairnProcessor.Builder#rules} and {@link
 * CairnProcessor.Builder#matchHandler}; the engine matches every event against the rules and hands
 * over those that matched.
 *
 * <p>Contract, as for {@link EventsProcessor}: called on a worker thread, concurrently for
 * different inputs; 1 to {@code batchSize} matches per call, all from one input, in input order;
 * never empty. When it returns, the matches count as acted on: the key of each (rule, eventID) is
 * recorded durably with the input's position, so the same match is not handed over again within
 * the dedup window, from this input or any other. A thrown exception fails the work item (it is
 * redelivered, and resumes after the last recorded position). It may block.
 */
@FunctionalInterface
public interface MatchHandler {

  /** Acts on a batch of matches; see the interface contract. */
  void handle(List<Match> matches);
}
