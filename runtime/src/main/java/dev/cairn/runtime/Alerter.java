package dev.cairn.runtime;

import dev.cairn.runtime.state.Outbox;
import java.util.List;

/**
 * Turns matches into alerts, which the engine records in the state store's {@link Outbox} in the
 * same transaction as the checkpoint that marks their events handled: so no crash can lose an alert
 * or leave its events unhandled, and a redelivered event makes the same alert (same id), recorded
 * once. Set with {@link CairnProcessor.Builder#alerter}; delivering the alerts is someone else's
 * job (the {@code alert} module's delivery loop reads the outbox).
 *
 * <p>Matched events reach the alerter as decoded for the rules: reading other fields parses the
 * rest of their record then, a cost paid per match rather than per event.
 *
 * <p>Called on a worker thread, concurrently for different inputs, with the matches of one batch
 * that were not acted on before. A thrown exception fails the work item, as a match handler's does.
 */
public interface Alerter {

  /** The alerts for these matches (possibly none), each naming its channels. */
  List<Outbox.NewAlert> alerts(List<Match> matches);

  /** Alerts were recorded: a good moment to wake whatever delivers them. Must not block. */
  default void recorded() {}
}
