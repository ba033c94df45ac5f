package dev.cairn.alert.deliver;

import dev.cairn.alert.channel.Attempt;
import dev.cairn.alert.channel.Channel;
import dev.cairn.runtime.state.Outbox;
import dev.cairn.runtime.state.StateStoreException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records what attempts came to, for {@link Deliverer}: in the outbox (delivered, retried after a
 * backoff, or dead), in the channel's pacing and circuit breaker, and to the listener. A failing
 * store is waited out with backoff rather than the outcome forgotten, which would mean sending
 * again. Called from the attempts' pool threads; the channel's state is guarded by its monitor.
 */
final class Outcomes {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);

  private final Outbox outbox;
  private final Policy policy;
  private final DeliveryListener listener;
  /** True once the deliverer is stopping: an outcome the store refuses is then left unrecorded. */
  private final BooleanSupplier stopping;

  Outcomes(Outbox outbox, Policy policy, DeliveryListener listener, BooleanSupplier stopping) {
    this.outbox = outbox;
    this.policy = policy;
    this.listener = listener;
    this.stopping = stopping;
  }

  /** Records deliveries the channel accepted, in one write to the store. */
  void delivered(List<Outbox.PendingDelivery> delivered, Channel channel, ChannelState state, Instant now) {
    if (delivered.isEmpty()) {
      return;
    }
    String name = channel.name();
    if (delivered.size() == 1) {
      Outbox.PendingDelivery one = delivered.get(0);
      write(() -> outbox.delivered(one.alertId(), name, one.attempts() + 1, now));
    } else {
      Map<String, Integer> attempts = new LinkedHashMap<>();
      delivered.forEach(d -> attempts.put(d.alertId(), d.attempts() + 1));
      write(() -> outbox.delivered(attempts, name, now));
    }
    for (Outbox.PendingDelivery d : delivered) {
      listener.delivered(name, Duration.between(d.queued(), now));
    }
    synchronized (state) {
      state.succeeded(now, channel.minInterval());
    }
  }

  /** Records an attempt that did not deliver: retried later, or dead. */
  void notDelivered(Outbox.PendingDelivery delivery, Channel channel, ChannelState state, int attempts, Attempt result,
      Instant now) {
    String name = channel.name();
    if (result instanceof Attempt.Permanent permanent) {
      write(() -> outbox.dead(delivery.alertId(), name, attempts, permanent.reason(), now));
      LOG.warn("alert {} to {}: refused for good ({}); it is dead (cairn alerts retry puts it back)",
          delivery.alertId(), name, permanent.reason());
      listener.dead(name);
      synchronized (state) {
        state.succeeded(now, channel.minInterval()); // the channel answered: it is not broken
      }
    } else {
      Attempt.Transient failure = (Attempt.Transient) result;
      listener.failed(name);
      Optional<Duration> asked = failure.retryAfter().map(d -> d.compareTo(policy.maxRetryAfter()) > 0
          ? policy.maxRetryAfter() : d);
      if (attempts >= policy.maxAttempts()) {
        String reason = "gave up after " + attempts + " attempts: " + failure.reason();
        write(() -> outbox.dead(delivery.alertId(), name, attempts, reason, now));
        LOG.warn("alert {} to {}: {}; it is dead (cairn alerts retry puts it back)", delivery.alertId(), name, reason);
        listener.dead(name);
      } else {
        Instant next = now.plus(asked.orElseGet(() -> policy.backoff(attempts)));
        write(() -> outbox.retryAt(delivery.alertId(), name, attempts, next, failure.reason(), now));
        state.dueBy(next);
        LOG.info("alert {} to {}: attempt {} failed ({}); next at {}", delivery.alertId(), name, attempts,
            failure.reason(), next);
        listener.retried(name);
      }
      synchronized (state) {
        if (state.failed(now, channel.minInterval(), asked, policy)) {
          LOG.warn("channel {}: {} failures in a row; not tried again until {}", name, state.failures,
              state.openUntil);
        }
      }
    }
  }

  /** Records an outcome, waiting out a failing store (forgetting it would mean sending again). */
  private void write(Runnable write) {
    long backoff = 100;
    boolean warned = false;
    while (true) {
      try {
        write.run();
        return;
      } catch (StateStoreException e) {
        if (!warned) {
          LOG.warn("cannot record a delivery outcome yet ({}); retrying", e.getMessage());
          warned = true;
        }
        if (stopping.getAsBoolean()) {
          LOG.warn("stopping before the outcome was recorded; the delivery will be repeated after the restart");
          return;
        }
        try {
          Thread.sleep(backoff);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          return;
        }
        backoff = Math.min(backoff * 2, 5_000);
      }
    }
  }
}
