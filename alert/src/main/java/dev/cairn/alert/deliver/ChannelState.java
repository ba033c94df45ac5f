package dev.cairn.alert.deliver;

import dev.cairn.runtime.state.Outbox;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/** Pacing, the circuit breaker and the fetched deliveries of one channel. Guarded by itself. */
final class ChannelState {
  /** The alert ids of the attempts running now. */
  final Set<String> running = new HashSet<>();
  /** Due deliveries fetched from the outbox, oldest first. */
  final ArrayDeque<Outbox.PendingDelivery> queue = new ArrayDeque<>();
  /** When the outbox was last asked, and when it said the next pending delivery is due. */
  Instant askedAt = Instant.MIN;
  private Instant dueAt = Instant.MIN;
  /** Pacing (the channel's minimum interval) and the breaker: nothing is sent before either. */
  Instant pacedUntil = Instant.MIN;
  Instant openUntil = Instant.MIN;
  /** Failed attempts in a row. */
  int failures;

  synchronized Instant dueAt() {
    return dueAt;
  }

  synchronized void asked(Instant at, Instant nextDue) {
    askedAt = at;
    dueAt = nextDue;
  }

  /** A retry was scheduled for {@code at}: look again by then. */
  synchronized void dueBy(Instant at) {
    if (at.isBefore(dueAt)) {
      dueAt = at;
    }
  }

  Instant readyAt() {
    return pacedUntil.isAfter(openUntil) ? pacedUntil : openUntil;
  }

  void succeeded(Instant now, Duration minInterval) {
    failures = 0;
    pacedUntil = now.plus(minInterval);
  }

  /** Returns true when the breaker opens now. */
  boolean failed(Instant now, Duration minInterval, Optional<Duration> retryAfter, Policy policy) {
    failures++;
    pacedUntil = now.plus(minInterval);
    if (retryAfter.isPresent()) {
      // The receiver asked everyone to wait: nothing goes to it before then.
      Instant asked = now.plus(retryAfter.get());
      openUntil = asked.isAfter(openUntil) ? asked : openUntil;
    }
    if (failures >= policy.breakerAfter()) {
      Instant cooldown = now.plus(policy.breakerCooldown());
      boolean opens = !openUntil.isAfter(now);
      openUntil = cooldown.isAfter(openUntil) ? cooldown : openUntil;
      return opens;
    }
    return false;
  }
}
