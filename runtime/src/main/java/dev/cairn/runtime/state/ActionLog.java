package dev.cairn.runtime.state;

import java.time.Instant;
import java.util.Collection;
import java.util.Set;

/**
 * Keys of events that were acted on (a rule matched; later, an alert was queued), each remembered
 * until it expires, so that the same event seen again (in another object, in an object that
 * changed) is not acted on twice. Keys are written by {@link StateStore#commit}, with the position
 * of the input they came from.
 */
public interface ActionLog {

  /** The subset of {@code keys} recorded with an expiry after {@code now}. */
  Set<String> recorded(Collection<String> keys, Instant now);

  /** Deletes keys that expired at or before {@code now}; returns how many. */
  int purgeExpired(Instant now);
}
