package dev.cairn.runtime;

import dev.cairn.runtime.source.EventSource;
import dev.cairn.runtime.state.StateStore;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.ThreadFactory;

/** Everything the engine is built from, validated by {@link CairnProcessor.Builder}. */
record Settings(
    EventSource source,
    StateStore store,
    boolean ownsStore,
    EventsProcessor processor,
    EventFilter eventFilter,
    SourceFilter sourceFilter,
    ProgressReporter progress,
    ExceptionHandler exceptionHandler,
    PipelineListener listener,
    Duration dedupWindow,
    int batchSize,
    int pollers,
    int workers,
    int queueCapacity,
    Duration pollWait,
    Duration stopTimeout,
    Duration maxBackoff,
    Duration purgeInterval,
    InstantSource clock,
    ThreadFactory threadFactory,
    Decoder decoder) {}
