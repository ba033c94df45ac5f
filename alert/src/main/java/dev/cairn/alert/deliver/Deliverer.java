package dev.cairn.alert.deliver;

import dev.cairn.alert.Alert;
import dev.cairn.alert.outbox.Alerting;
import dev.cairn.alert.channel.Attempt;
import dev.cairn.alert.channel.Channel;
import dev.cairn.runtime.state.Outbox;
import dev.cairn.runtime.state.StateStoreException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers what the outbox holds, channel by channel, until each delivery is delivered or dead.
 *
 * <p>Threads: one dispatcher ({@code cairn-deliver}) decides what is due; each attempt runs on a
 * pool thread, at most {@link Channel#maxInFlight()} at a time per channel (one, for most: their
 * deliveries go in the order they were queued), so a slow or dead channel never holds up another. Per channel: pacing (its {@link
 * Channel#minInterval()}), and a circuit breaker that stops trying after {@link Policy#breakerAfter}
 * transient failures in a row, for a cooldown (or as long as the receiver's {@code Retry-After}
 * says), then lets one attempt through. A failed attempt is retried with exponential backoff and
 * jitter, or when the receiver's {@code Retry-After} says (capped); a permanent refusal, or a
 * transient failure after the retry budget, makes the delivery dead (listed, and put back by {@code
 * cairn alerts retry}). Groups whose window ended become digests here.
 *
 * <p>Crash safety: a delivery is recorded as delivered only after the receiver accepted it, so a
 * crash in between repeats it after the restart, with the same idempotency key for receivers that
 * deduplicate. Recording ({@link Outcomes}) waits out a failing state store rather than forgetting
 * the outcome.
 */
public final class Deliverer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Deliverer.class);
  /** Longest the dispatcher sleeps without being woken: also how soon a new group end is noticed. */
  private static final long IDLE_MILLIS = 1_000;
  /** Deliveries fetched at once per channel. */
  private static final int BATCH = 64;
  /** Later than any group's end; Instant.MAX would overflow epoch milliseconds. */
  private static final Instant FAR_FUTURE = Instant.parse("9999-12-31T23:59:59Z");

  private final Outbox outbox;
  private final Map<String, Channel> channels;
  private final Alerting alerting;
  private final InstantSource clock;
  private final Map<String, ChannelState> states = new HashMap<>();
  private final Outcomes outcomes;
  private final ExecutorService pool;
  private final Thread dispatcher;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition changed = lock.newCondition();
  private final AtomicInteger inProgress = new AtomicInteger();
  private boolean woken;
  /** Alerts were recorded since the dispatcher last asked the outbox (guarded by {@link #lock}). */
  private boolean recorded = true;
  private volatile boolean stopping;

  /**
   * @param channels every configured channel, by name
   * @param alerting makes the digests of groups whose window ended
   */
  public Deliverer(Outbox outbox, Map<String, Channel> channels, Alerting alerting, Policy policy,
      InstantSource clock, DeliveryListener listener) {
    this.outbox = Objects.requireNonNull(outbox, "outbox");
    this.channels = Map.copyOf(channels);
    this.alerting = Objects.requireNonNull(alerting, "alerting");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.outcomes = new Outcomes(outbox, Objects.requireNonNull(policy, "policy"),
        Objects.requireNonNull(listener, "listener"), () -> stopping);
    this.channels.keySet().forEach(name -> states.put(name, new ChannelState()));
    AtomicInteger n = new AtomicInteger();
    int threads = this.channels.values().stream().mapToInt(c -> Math.max(1, c.maxInFlight())).sum();
    this.pool = Executors.newFixedThreadPool(Math.max(1, Math.min(32, threads)), runnable -> {
      Thread t = new Thread(runnable, "cairn-send-" + n.getAndIncrement());
      t.setDaemon(true);
      return t;
    });
    this.dispatcher = new Thread(this::dispatch, "cairn-deliver");
    this.dispatcher.setDaemon(true);
  }

  public void start() {
    dispatcher.start();
  }

  /** Alerts were recorded: look for them now instead of at the next tick. */
  public void wake() {
    lock.lock();
    try {
      woken = true;
      recorded = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /** An attempt ended: its channel may take the next delivery. */
  private void attemptEnded() {
    lock.lock();
    try {
      woken = true;
      changed.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * True when nothing is pending (every delivery made so far is delivered or dead) and no attempt is
   * in progress: what a drain waits for.
   */
  public boolean settled() {
    return inProgress.get() == 0 && !outbox.anyPending();
  }

  /** Ends every open group now, so their digests go out (a drain does not wait out a window). */
  public void closeGroupsNow() {
    closeGroups(FAR_FUTURE);
    wake();
  }

  /** Stops the dispatcher; an attempt in progress is left to finish for up to {@code timeout}. */
  public void stop(Duration timeout) {
    stopping = true;
    wake();
    pool.shutdown();
    try {
      dispatcher.join(timeout.toMillis());
      pool.awaitTermination(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    pool.shutdownNow();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }

  // ---- the dispatcher -----------------------------------------------------------------------

  private void dispatch() {
    try {
      loop();
    } catch (RuntimeException | Error e) {
      // Not silent: the alerts stay in the outbox, but none is sent until the process restarts.
      LOG.error("the delivery loop stopped; alerts stay in the outbox until the restart", e);
      throw e;
    }
  }

  private void loop() {
    long failingSince = 0;
    Instant nextGroupCheck = Instant.MIN;
    while (!stopping) {
      Instant now = clock.instant();
      Instant next = now.plusMillis(IDLE_MILLIS);
      boolean fresh = takeWoken();
      try {
        if (!nextGroupCheck.isAfter(now)) {
          closeGroups(now);
          nextGroupCheck = now.plusMillis(IDLE_MILLIS);
        }
        for (Map.Entry<String, Channel> entry : channels.entrySet()) {
          Instant ready = startNext(entry.getKey(), entry.getValue(), now, fresh);
          if (ready != null && ready.isBefore(next)) {
            next = ready;
          }
        }
        failingSince = 0;
      } catch (StateStoreException e) {
        if (failingSince == 0) {
          failingSince = System.nanoTime();
          LOG.warn("delivering alerts waits for the state store: {}", e.getMessage());
        }
      } catch (RuntimeException e) {
        LOG.error("delivery loop failed; going on", e);
      }
      await(Duration.between(clock.instant(), next));
    }
  }

  /**
   * Starts the channel's next due delivery, if it may go now; returns when to look at the channel
   * again, or null when its running attempt will wake the dispatcher. Deliveries are fetched a batch
   * at a time; a channel with nothing due is asked again only when it said something comes due, or
   * when new alerts were recorded ({@code fresh}).
   */
  private Instant startNext(String name, Channel channel, Instant now, boolean fresh) {
    ChannelState state = states.get(name);
    int most = Math.max(1, channel.maxInFlight());
    // A run of deliveries per attempt only where the channel takes one and is neither paced nor
    // concurrent: pacing and parallel attempts are per delivery.
    int batch = most == 1 && channel.minInterval().isZero() ? Math.max(1, channel.maxBatch()) : 1;
    boolean asked = false;
    while (true) {
      List<Outbox.PendingDelivery> run;
      synchronized (state) {
        if (state.running.size() >= most) {
          return null;
        }
        Instant ready = state.readyAt();
        if (ready.isAfter(now)) {
          return ready;
        }
        run = take(state.queue, batch);
      }
      if (run.isEmpty()) {
        // Asked again when told of new alerts, when something comes due, and at least every second
        // (a retry scheduled here, or `cairn alerts retry` from another process); once per look.
        if (asked) {
          // All this look fetched has started: the attempts wake the dispatcher as they end.
          return null;
        }
        Instant askAgain = state.askedAt.plusMillis(IDLE_MILLIS);
        Instant dueAt = state.dueAt();
        if (!fresh && dueAt.isAfter(now) && askAgain.isAfter(now)) {
          return dueAt.isBefore(askAgain) ? dueAt : askAgain;
        }
        asked = true;
        // Deliveries of attempts still running are pending in the outbox too: not started twice.
        // Those running before the query are left out (only this thread starts attempts, and one that
        // ends records its outcome before it leaves the set, so one ended meanwhile is in the snapshot).
        Set<String> running;
        synchronized (state) {
          running = Set.copyOf(state.running);
        }
        List<Outbox.PendingDelivery> due = outbox.due(name, now, BATCH + most).stream()
            .filter(d -> !running.contains(d.alertId())).toList();
        if (due.isEmpty()) {
          Instant next = outbox.nextDue(name).orElse(FAR_FUTURE);
          state.asked(now, next);
          synchronized (state) {
            if (!state.running.isEmpty()) {
              return null; // a running attempt wakes the dispatcher when it ends
            }
          }
          return next.isAfter(now) ? next : now.plusMillis(50);
        }
        synchronized (state) {
          state.queue.addAll(due);
          run = take(state.queue, batch);
        }
      }
      List<Outbox.PendingDelivery> chosen = run;
      synchronized (state) {
        chosen.forEach(d -> state.running.add(d.alertId()));
      }
      inProgress.incrementAndGet();
      try {
        pool.execute(() -> attempt(chosen, channel, state));
      } catch (RejectedExecutionException e) {
        inProgress.decrementAndGet();
        synchronized (state) {
          chosen.forEach(d -> state.running.remove(d.alertId()));
        }
        return null;
      }
    }
  }

  /** Up to {@code most} deliveries from the head of the queue (the caller holds its lock). */
  private static List<Outbox.PendingDelivery> take(ArrayDeque<Outbox.PendingDelivery> queue, int most) {
    Outbox.PendingDelivery first = queue.poll();
    if (first == null) {
      return List.of();
    }
    if (most == 1 || queue.isEmpty()) {
      return List.of(first);
    }
    List<Outbox.PendingDelivery> run = new ArrayList<>(Math.min(most, queue.size() + 1));
    run.add(first);
    while (run.size() < most && !queue.isEmpty()) {
      run.add(queue.poll());
    }
    return run;
  }

  private void closeGroups(Instant now) {
    for (Outbox.OpenGroup group : outbox.groupsEndedBy(now)) {
      Optional<Outbox.NewAlert> digest = alerting.digest(group);
      outbox.closeGroup(group.key(), digest, clock.instant());
      digest.ifPresent(d -> LOG.info("alert group {} closed: digest {} for {} more match(es)", group.key(), d.id(),
          group.members().size()));
    }
  }

  /** Whether alerts were recorded (or an attempt ended) since the last look; clears it. */
  private boolean takeWoken() {
    lock.lock();
    try {
      boolean was = recorded;
      recorded = false;
      return was;
    } finally {
      lock.unlock();
    }
  }

  // One timed wait that any signal ends early, spurious or not: the delivery loop re-checks everything.
  @SuppressWarnings("WaitNotInLoop")
  private void await(Duration wait) {
    // Compared as durations: toMillis() of a wait to a far instant would overflow.
    long millis = wait.compareTo(Duration.ofMillis(1)) < 0 ? 1
        : wait.compareTo(Duration.ofMillis(IDLE_MILLIS)) >= 0 ? IDLE_MILLIS : wait.toMillis();
    lock.lock();
    try {
      if (!woken && !stopping) {
        changed.await(millis, TimeUnit.MILLISECONDS);
      }
      woken = false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      stopping = true;
    } finally {
      lock.unlock();
    }
  }

  // ---- one attempt --------------------------------------------------------------------------

  /**
   * Sends a run of deliveries (one, for most channels) and records the outcomes: those delivered in
   * one write, then the first that was not. The ones after it were not tried: they go back to the
   * head of the channel's queue, so the channel's order holds.
   */
  private void attempt(List<Outbox.PendingDelivery> run, Channel channel, ChannelState state) {
    int recorded = 0;
    try {
      List<Alert> alerts = new ArrayList<>(run.size());
      List<String> keys = new ArrayList<>(run.size());
      Attempt unreadable = null;
      for (Outbox.PendingDelivery delivery : run) {
        Alert alert;
        try {
          alert = alerting.read(delivery.alertId(), delivery.body());
        } catch (IllegalArgumentException e) {
          unreadable = new Attempt.Permanent("unreadable alert in the outbox: " + e.getMessage());
          break; // sent after the ones before it, in order
        }
        alerts.add(alert);
        keys.add(Alerting.deliveryKey(alert.digest().filter(d -> channel.threadsByKey())
            .map(Alert.Digest::firstAlert).orElse(alert.id()), channel.name()));
      }
      List<Attempt> results = send(channel, alerts, keys);
      int delivered = 0;
      while (delivered < results.size() && results.get(delivered) instanceof Attempt.Delivered) {
        delivered++;
      }
      Instant now = clock.instant();
      outcomes.delivered(run.subList(0, delivered), channel, state, now);
      recorded = delivered;
      Attempt failed = delivered < results.size() ? results.get(delivered)
          : delivered == alerts.size() ? unreadable : null;
      if (failed != null) {
        outcomes.notDelivered(run.get(delivered), channel, state, run.get(delivered).attempts() + 1, failed, now);
        recorded++;
      }
    } finally {
      synchronized (state) {
        run.forEach(d -> state.running.remove(d.alertId()));
        for (int i = run.size() - 1; i >= recorded; i--) {
          state.queue.addFirst(run.get(i));
        }
      }
      inProgress.decrementAndGet();
      attemptEnded();
    }
  }

  /** The channel's attempts at the alerts, in order: a prefix of them when one was not delivered. */
  private static List<Attempt> send(Channel channel, List<Alert> alerts, List<String> keys) {
    if (alerts.isEmpty()) {
      return List.of();
    }
    try {
      return alerts.size() == 1 ? List.of(channel.send(alerts.get(0), keys.get(0))) : channel.sendAll(alerts, keys);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return List.of(new Attempt.Transient("stopped while sending", Optional.empty()));
    } catch (RuntimeException e) {
      return List.of(new Attempt.Transient("the channel failed: " + e, Optional.empty()));
    }
  }
}
