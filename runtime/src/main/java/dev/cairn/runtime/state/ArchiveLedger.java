package dev.cairn.runtime.state;

import java.time.Instant;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * The archive's bookkeeping in the state store: which journal segments hold archived rows and how
 * many of their bytes ({@link ArchiveMark}s, recorded by {@link Checkpoint}s), and the flushes that
 * turn segments into part files.
 *
 * <p>A flush is recorded as a <em>plan</em> (opaque text written by the archive: which segments,
 * which lengths, which target) before any part file is written, and {@linkplain #finish finished}
 * in one transaction that also forgets its segments. A process that dies in between finds the plan
 * {@linkplain #pending() pending} and carries it out again exactly as planned, so the part files
 * it writes have the same names and rows as those the dead process may have written.
 *
 * <p>Thread-safety: like {@link StateStore}, every method may be called from any thread; each call
 * is one short transaction. Failures are {@link StateStoreException}s.
 */
public interface ArchiveLedger {

  /** Every segment with a mark, by name, with its recorded length. */
  Map<String, Long> segments();

  /** Forgets segments (for instance ones whose every row was flushed, or that were empty). */
  void forget(Collection<String> segments);

  /**
   * Records a flush plan; returns its id, which increases with every plan.
   *
   * @throws IllegalStateException when another plan is pending
   */
  long plan(String plan, Instant at);

  /** The plan recorded and not finished, if any. */
  Optional<Flush> pending();

  /**
   * The flush is done: in one transaction, the plan is marked finished with its outcome (for
   * diagnostics) and the segments it consumed are forgotten.
   */
  void finish(long id, Collection<String> segments, String outcome, Instant at);

  /** A random id made on first use and kept with the state: names this Cairn's part files. */
  String instanceId();

  /** A flush plan: its id and the archive's own text. */
  record Flush(long id, String plan) {}
}
