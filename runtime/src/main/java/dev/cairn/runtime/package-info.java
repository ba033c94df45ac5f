/**
 * Cairn's engine, behind {@code cairn run} and usable as a library through {@link
 * dev.cairn.runtime.CairnProcessor}.
 *
 * <h2>Threads and who owns what</h2>
 *
 * <ul>
 *   <li><b>Pollers</b> ({@code cairn-poller-N}, default 1) call {@link
 *       dev.cairn.runtime.source.EventSource#poll} and put each work item into one bounded queue,
 *       blocking while it is full, so a slow processor slows polling instead of filling memory.
 *       Poller 0 also purges expired dedup records now and then. On a poll {@code IOException} a
 *       poller backs off (100 ms doubling to {@code maxBackoff}).
 *   <li><b>Workers</b> ({@code cairn-worker-N}, default one per processor) each take an item and
 *       handle all of it: source filter, open, decode (streaming), event filter, batches, dedup,
 *       events processor, record as handled, then {@code completed()} or {@code failed()}. Every
 *       user callback except {@code itemReceived} runs on a worker.
 *   <li><b>The caller of {@code stop()}</b> closes the source, interrupts pollers, fails queued
 *       items, waits for workers up to the stop timeout, fails what is left, closes the store it
 *       owns.
 * </ul>
 *
 * <p>The {@link dev.cairn.runtime.state.StateStore} is shared by all threads (its methods are
 * serialised). An item's settlement is a compare-and-set, so exactly one of {@code completed} or
 * {@code failed} is called whatever races with a stop. An event's id is recorded as handled only
 * after the processor returned for its batch, and an item is acknowledged only after every batch
 * of every input was recorded: a crash at any point means redelivery, never loss, and dedup keeps
 * recorded events from being processed twice.
 */
package dev.cairn.runtime;
