package dev.cairn.runtime.state;

import java.nio.file.Path;

/**
 * Cairn's durable state, one interface per concern: how far each input was read ({@link
 * #inputs()}), which events were acted on ({@link #actions()}), the alerts waiting for delivery
 * ({@link #outbox()}), metric data and alarm states ({@link #metrics()}), and the one write that moves them forward together ({@link
 * #commit(Checkpoint)}).
 *
 * <p>The state is built around how CloudTrail and SQS repeat work: they redeliver <em>whole
 * objects</em> (a crash, a visibility timeout, a duplicate notice), while the same event in two
 * different objects is rare. So progress is recorded per input and, within an input, by position,
 * a few writes per object however many events it holds; a key is recorded per event only where an
 * action happened (a match). Nothing here is written per event.
 *
 * <p>Implementations: {@link #open(Path)} (an SQLite file, the default of {@code cairn run}) and
 * {@link #inMemory()}. Nothing in these interfaces is specific to SQLite, so a shared database can
 * implement them for several instances reading one queue.
 *
 * <p>Thread-safety: every method may be called from any thread; each call is one short
 * transaction. Failures are {@link StateStoreException}s, which callers treat as passing (a full
 * disk, a busy or unreachable database): the engine retries them with backoff rather than failing
 * the input.
 */
public interface StateStore extends AutoCloseable {

  /**
   * Opens (creating if needed, with its parent directories) the SQLite state in {@code file}, and
   * holds an exclusive operating-system lock on it until {@link #close()} or the process ends, so
   * that a second process cannot use the same state.
   *
   * @throws StateLockedException when another process holds the lock; its message names the holder
   * @throws StateStoreException when the file cannot be created or opened, is not a Cairn state
   *     store, or was written by a newer version
   */
  static StateStore open(Path file) {
    return SqliteStateStore.open(file);
  }

  /**
   * Opens an existing state file alongside the engine that may be running on it, for operator
   * commands ({@code cairn alerts list}, {@code retry}): no lock is taken and nothing is created.
   * Each call is one short transaction, which the engine's own wait out.
   *
   * @throws StateStoreException when the file does not exist, is not a Cairn state store, or was
   *     written by a newer version
   */
  static StateStore attach(Path file) {
    return SqliteStateStore.attach(file);
  }

  /** State that lives in memory and is gone when closed: for library users that need no restarts, and tests. */
  static StateStore inMemory() {
    return SqliteStateStore.inMemory();
  }

  /** How far each input was read. */
  InputLedger inputs();

  /** Events that were acted on. */
  ActionLog actions();

  /** Alerts waiting to be delivered. */
  Outbox outbox();

  /** The archive's journal segments and flushes (see {@link ArchiveLedger}). */
  default ArchiveLedger archive() {
    throw new UnsupportedOperationException(describe() + " keeps no archive bookkeeping");
  }

  /**
   * Metric datapoints and alarm states. The SQLite store has them; a store without them (a test's
   * wrapper) throws {@link UnsupportedOperationException}.
   */
  default MetricLog metrics() {
    throw new UnsupportedOperationException(describe() + " keeps no metric data");
  }

  /**
   * Records, in one transaction, that the checkpoint's input was handled up to its position (or
   * entirely), that its action keys were acted on, its alerts, its metric data and its archive mark.
   */
  void commit(Checkpoint checkpoint);

  /** For messages: the file, or "in-memory state store". */
  String describe();

  /** Releases the store (and its lock). Idempotent; later calls on the store fail. */
  @Override
  void close();
}
