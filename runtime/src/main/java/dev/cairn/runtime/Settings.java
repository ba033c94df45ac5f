package dev.cairn.runtime;

import dev.cairn.match.RuleSet;
import dev.cairn.runtime.source.EventSource;
import dev.cairn.runtime.state.StateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ThreadFactory;

/**
 * Everything the engine is built from, validated by {@link CairnProcessor.Builder}.
 *
 * @param processor receives every event; null when only matches are wanted
 * @param rules what events are matched against; empty when no match handler is set
 * @param matchHandler receives the matches; null when there is none
 * @param alerter turns matches into alerts recorded with the checkpoint; null when there is none
 * @param measurer turns matches of its rules (and every event) into metric data recorded with the
 *     checkpoint; null when there is none
 * @param measured the ids of the measurer's rules, which are part of {@code rules}: their matches go
 *     to the measurer only
 * @param archiver keeps every handled event, recorded with the checkpoint; null when there is none
 * @param exclude events any of these rules match are dropped before the rules (empty: none)
 * @param dedupWindow how long a match's key is remembered as acted on; zero records none
 * @param recentEventIds ids in the in-memory window of recently handled events; zero turns it off
 * @param checkpointInterval longest time reading an input goes without recording its position
 * @param downloads remote inputs downloaded ahead at once; zero reads them on the worker
 * @param downloadBuffer most bytes downloaded ahead and not yet decoded
 * @param maxInterruptions an input whose reading was cut short this many times (the process died)
 *     is given up on
 */
record Settings(
    EventSource source,
    StateStore store,
    boolean ownsStore,
    EventsProcessor processor,
    RuleSet rules,
    MatchHandler matchHandler,
    Alerter alerter,
    Measurer measurer,
    java.util.Set<String> measured,
    RuleSet exclude,
    EventFilter eventFilter,
    SourceFilter sourceFilter,
    ProgressReporter progress,
    ExceptionHandler exceptionHandler,
    PipelineListener listener,
    Duration dedupWindow,
    int recentEventIds,
    int batchSize,
    int pollers,
    int workers,
    int queueCapacity,
    Duration pollWait,
    Duration stopTimeout,
    Duration maxBackoff,
    Duration purgeInterval,
    Duration checkpointInterval,
    int downloads,
    long downloadBuffer,
    int maxInterruptions,
    InstantSource clock,
    ThreadFactory threadFactory,
    Decoder decoder,
    Archiver archiver) {}
