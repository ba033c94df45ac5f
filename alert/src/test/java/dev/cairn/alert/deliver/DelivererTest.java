package dev.cairn.alert.deliver;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.alert.outbox.Alerting;
import dev.cairn.alert.TestAlerts;
import dev.cairn.alert.channel.Attempt;
import dev.cairn.alert.channel.Channel;
import dev.cairn.runtime.state.Checkpoint;
import dev.cairn.runtime.state.Outbox;
import dev.cairn.runtime.state.Outbox.DeliveryStatus;
import dev.cairn.runtime.state.StateStore;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The delivery loop against scripted channels: retries, Retry-After, dead letters, isolation, pacing. */
class DelivererTest {
  private static final Policy FAST = new Policy(4, Duration.ofMillis(20), Duration.ofMillis(100),
      Duration.ofSeconds(30), 3, Duration.ofMillis(300));

  private final StateStore store = StateStore.inMemory();
  private final List<Deliverer> started = new ArrayList<>();

  @AfterEach
  void close() {
    started.forEach(d -> d.stop(Duration.ofSeconds(2)));
    store.close();
  }

  /** A channel that answers as its script says and records what it was sent, and when. */
  private static final class Scripted implements Channel {
    final String name;
    final Function<Integer, Attempt> script;
    final Duration minInterval;
    final ConcurrentLinkedQueue<String> sent = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<Long> at = new ConcurrentLinkedQueue<>();
    final ConcurrentLinkedQueue<String> keys = new ConcurrentLinkedQueue<>();
    boolean threadsByKey;
    int maxInFlight = 1;
    int maxBatch = 1;
    /** The size of each run of alerts the channel was handed. */
    final ConcurrentLinkedQueue<Integer> runs = new ConcurrentLinkedQueue<>();
    final java.util.concurrent.atomic.AtomicInteger calls = new java.util.concurrent.atomic.AtomicInteger();

    Scripted(String name, Duration minInterval, Function<Integer, Attempt> script) {
      this.name = name;
      this.minInterval = minInterval;
      this.script = script;
    }

    @Override
    public String name() {
      return name;
    }

    @Override
    public String type() {
      return "test";
    }

    @Override
    public Duration minInterval() {
      return minInterval;
    }

    @Override
    public boolean threadsByKey() {
      return threadsByKey;
    }

    @Override
    public int maxInFlight() {
      return maxInFlight;
    }

    @Override
    public int maxBatch() {
      return maxBatch;
    }

    @Override
    public List<Attempt> sendAll(List<Alert> alerts, List<String> keys) throws InterruptedException {
      runs.add(alerts.size());
      return Channel.super.sendAll(alerts, keys);
    }

    @Override
    public String preview(Alert alert, String key) {
      return alert.title();
    }

    @Override
    public Attempt send(Alert alert, String key) {
      at.add(System.nanoTime());
      sent.add(alert.id());
      keys.add(key);
      return script.apply(calls.incrementAndGet());
    }
  }

  private Deliverer deliverer(Channel... channels) {
    Map<String, Channel> byName = new java.util.HashMap<>();
    for (Channel c : channels) {
      byName.put(c.name(), c);
    }
    Deliverer deliverer = new Deliverer(store.outbox(), byName, TestAlerts.alerting(Map.of(), List.of(), Map.of()),
        FAST, InstantSource.system(), DeliveryListener.NONE);
    started.add(deliverer);
    deliverer.start();
    return deliverer;
  }

  private void queue(String id, String... channels) {
    queue(id, Optional.empty(), channels);
  }

  private void queue(String id, Optional<Outbox.Grouping> group, String... channels) {
    Alert alert = TestAlerts.alert(id);
    Instant now = Instant.now();
    store.commit(new Checkpoint(Optional.empty(), Optional.empty(), 0, false, List.of(), now,
        List.of(new Outbox.NewAlert(id, "r", now, AlertJson.write(alert), List.of(channels), group)), now));
  }

  /** Alerts a0, a1, … queued for the channel, oldest first; their ids. */
  private List<String> backlog(int alerts, String channel) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < alerts; i++) {
      ids.add("a" + i);
      queue("a" + i, channel);
    }
    return ids;
  }

  private static void await(String what, java.util.function.BooleanSupplier done) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!done.getAsBoolean()) {
      assertThat(System.nanoTime()).as("timed out waiting for %s", what).isLessThan(deadline);
      Thread.sleep(10);
    }
  }

  private Outbox.DeliveryRecord delivery(String alertId, String channel) {
    return store.outbox().alerts(Instant.EPOCH, false, 100).stream().filter(a -> a.id().equals(alertId))
        .flatMap(a -> a.deliveries().stream()).filter(d -> d.channel().equals(channel)).findFirst().orElseThrow();
  }

  @Test
  void everyAlertReachesEveryChannelOnceWithTheSameKeyEachTime() throws Exception {
    Scripted slack = new Scripted("secops", Duration.ZERO, n -> Attempt.DELIVERED);
    Scripted opsgenie = new Scripted("oncall", Duration.ZERO, n -> n == 1
        ? new Attempt.Transient("HTTP 503", Optional.empty()) : Attempt.DELIVERED);
    queue("a1", "secops", "oncall");
    queue("a2", "secops");
    Deliverer deliverer = deliverer(slack, opsgenie);
    deliverer.wake();
    await("settled", deliverer::settled);

    assertThat(slack.sent).containsExactly("a1", "a2");
    assertThat(opsgenie.sent).as("retried once").containsExactly("a1", "a1");
    assertThat(opsgenie.keys).as("the same idempotency key for every attempt").containsOnly(
        Alerting.deliveryKey("a1", "oncall"));
    assertThat(store.outbox().counts()).containsEntry(DeliveryStatus.DELIVERED, 3L).containsEntry(DeliveryStatus.PENDING, 0L);
  }

  /** A receiver that counts the attempts it has at once, takes {@code roundTrip} each and fails every 7th. */
  private static final class Busy {
    final java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
    final java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
    final Scripted channel;

    Busy(int maxInFlight, Duration roundTrip) {
      channel = new Scripted("audit", Duration.ZERO, n -> {
        most.accumulateAndGet(now.incrementAndGet(), Math::max);
        if (roundTrip.isZero()) {
          Thread.onSpinWait();
        } else {
          try {
            Thread.sleep(roundTrip.toMillis());
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }
        now.decrementAndGet();
        return n % 7 == 0 ? new Attempt.Transient("HTTP 503", Optional.empty()) : Attempt.DELIVERED;
      });
      channel.maxInFlight = maxInFlight;
    }
  }

  /** Queues {@code count} alerts to one channel: several batches of the outbox, refilled between them. */
  private List<String> queueMany(int count, String channel) {
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ids.add(String.format("a%03d", i));
      queue(ids.get(i), channel);
    }
    return ids;
  }

  @Test
  void aBusyChannelGetsItsDeliveriesInOrderOneAtATimeAcrossBatches() throws Exception {
    Busy busy = new Busy(1, Duration.ZERO);
    Scripted webhook = busy.channel;
    List<String> ids = queueMany(300, "audit");
    Deliverer deliverer = deliverer(webhook);
    deliverer.wake();
    await("settled", deliverer::settled);

    assertThat(busy.most.get()).as("one attempt at a time on a channel").isEqualTo(1);
    assertThat(new java.util.LinkedHashSet<>(webhook.sent)).as("each delivered, the retried ones too")
        .containsExactlyInAnyOrderElementsOf(ids);
    List<String> firstTries = new ArrayList<>(new java.util.LinkedHashSet<>(webhook.sent));
    assertThat(firstTries.subList(0, 50)).as("first attempts in the order queued").isEqualTo(ids.subList(0, 50));
    assertThat(store.outbox().counts()).containsEntry(DeliveryStatus.DELIVERED, 300L).containsEntry(DeliveryStatus.PENDING, 0L);
  }

  @Test
  void aChannelThatAllowsSeveralInFlightGetsThemAtOnceAndEachDeliveryOnce() throws Exception {
    Busy busy = new Busy(4, Duration.ofMillis(2)); // a round trip: the next requests go out meanwhile
    Scripted webhook = busy.channel;
    List<String> ids = queueMany(300, "audit"); // the outbox is asked again while attempts run
    Deliverer deliverer = deliverer(webhook);
    deliverer.wake();
    await("settled", deliverer::settled);

    assertThat(busy.most.get()).as("several at once, never more than allowed").isBetween(2, 4);
    assertThat(store.outbox().counts()).containsEntry(DeliveryStatus.DELIVERED, 300L).containsEntry(DeliveryStatus.PENDING, 0L);
    long failures = webhook.calls.get() / 7;
    assertThat(webhook.sent).as("each sent once, plus one retry per failed attempt: none started twice")
        .hasSize(300 + (int) failures).containsAll(ids);
  }

  @Test
  void fewerDeliveriesThanAChannelTakesAtOnceLeaveTheLoopRunning() throws Exception {
    // One delivery where four fit: the look that started it must not end with a wait it cannot
    // compute (the delivery loop once died there, and nothing was delivered after).
    Scripted webhook = new Scripted("audit", Duration.ZERO, n -> Attempt.DELIVERED);
    webhook.maxInFlight = 4;
    queue("a1", "audit");
    Deliverer deliverer = deliverer(webhook);
    deliverer.wake();
    await("the first", deliverer::settled);
    queue("a2", "audit");
    deliverer.wake();
    await("the second", () -> webhook.sent.contains("a2") && deliverer.settled());
    assertThat(webhook.sent).containsExactly("a1", "a2");
  }

  @Test
  void aDigestLandsOnItsFirstAlertsKeyWhereTheReceiverThreadsAlertsByKey() throws Exception {
    Scripted opsgenie = new Scripted("oncall", Duration.ZERO, n -> Attempt.DELIVERED);
    opsgenie.threadsByKey = true;
    Scripted webhook = new Scripted("audit", Duration.ZERO, n -> Attempt.DELIVERED);
    Optional<Outbox.Grouping> group = Optional.of(new Outbox.Grouping("actor=root", Duration.ofHours(1)));
    queue("g1", group, "oncall", "audit");
    queue("g2", group, "oncall", "audit");
    queue("g3", group, "oncall", "audit");
    Deliverer deliverer = deliverer(opsgenie, webhook);
    deliverer.wake();
    await("the first alert", () -> opsgenie.sent.size() == 1 && webhook.sent.size() == 1);
    deliverer.closeGroupsNow();
    await("the digest", () -> opsgenie.sent.size() == 2 && webhook.sent.size() == 2 && deliverer.settled());

    assertThat(opsgenie.keys).as("the digest updates the first alert's incident")
        .containsExactly(Alerting.deliveryKey("g1", "oncall"), Alerting.deliveryKey("g1", "oncall"));
    List<String> webhookKeys = List.copyOf(webhook.keys);
    assertThat(webhookKeys.get(0)).isEqualTo(Alerting.deliveryKey("g1", "audit"));
    assertThat(webhookKeys.get(1)).as("a receiver that deduplicates by key must not drop the digest")
        .isNotEqualTo(webhookKeys.get(0));
  }

  @Test
  void retryAfterIsHonouredForTheWholeChannel() throws Exception {
    Scripted slack = new Scripted("secops", Duration.ZERO, n -> n == 1
        ? new Attempt.Transient("HTTP 429", Optional.of(Duration.ofSeconds(20))) : Attempt.DELIVERED);
    queue("a1", "secops");
    queue("a2", "secops");
    Instant before = Instant.now();
    deliverer(slack).wake();
    await("first attempt", () -> slack.calls.get() >= 1);
    Thread.sleep(300);

    assertThat(slack.calls.get()).as("nothing else goes to a channel that said wait").isEqualTo(1);
    Outbox.DeliveryRecord first = delivery("a1", "secops");
    assertThat(first.status()).isEqualTo(DeliveryStatus.PENDING);
    assertThat(first.next()).get().satisfies(next -> assertThat(next).isAfter(before.plusSeconds(19)));
    assertThat(first.lastError()).contains("HTTP 429");
  }

  @Test
  void aPermanentRefusalIsDeadAtOnceAndTransientFailuresAfterTheBudget() throws Exception {
    Scripted gone = new Scripted("gone", Duration.ZERO, n -> new Attempt.Permanent("HTTP 404: no such webhook"));
    Scripted down = new Scripted("down", Duration.ZERO, n -> new Attempt.Transient("HTTP 500", Optional.empty()));
    queue("a1", "gone", "down");
    Deliverer deliverer = deliverer(gone, down);
    deliverer.wake();
    await("settled", deliverer::settled);

    assertThat(gone.calls.get()).isEqualTo(1);
    assertThat(down.calls.get()).isEqualTo(FAST.maxAttempts());
    assertThat(delivery("a1", "gone").lastError()).contains("HTTP 404: no such webhook");
    assertThat(delivery("a1", "down").lastError()).contains("gave up after 4 attempts: HTTP 500");
    assertThat(store.outbox().alerts(Instant.EPOCH, true, 10)).extracting(Outbox.AlertRecord::id).containsExactly("a1");

    assertThat(store.outbox().requeueAllDead(Instant.now())).isEqualTo(2);
    deliverer.wake();
    await("retried", () -> gone.calls.get() == 2);
  }

  @Test
  void aChannelThatTakesRunsGetsABacklogInRunsInOrderEachOnceAndRecorded() throws Exception {
    Scripted file = new Scripted("audit-file", Duration.ZERO, n -> Attempt.DELIVERED);
    file.maxBatch = 16;
    List<String> ids = backlog(100, "audit-file");
    Deliverer deliverer = deliverer(file);
    deliverer.wake();
    await("settled", deliverer::settled);

    assertThat(file.sent).containsExactlyElementsOf(ids);
    assertThat(file.runs).as("runs of at most maxBatch").allSatisfy(n -> assertThat(n).isBetween(2, 16));
    assertThat(file.runs.stream().mapToInt(Integer::intValue).sum()).as("nearly all in runs").isGreaterThan(90);
    assertThat(store.outbox().counts()).containsEntry(DeliveryStatus.DELIVERED, 100L).containsEntry(DeliveryStatus.PENDING, 0L);
    assertThat(delivery("a57", "audit-file").attempts()).isEqualTo(1);
  }

  @Test
  void aFailureInARunLeavesTheAlertsAfterItPendingAndStillInOrder() throws Exception {
    // The 10th write fails once (a full disk, say): the 9 before it are recorded as delivered, the
    // 10th is retried, and the ones after it were not tried: they go next, in order, each once.
    Scripted file = new Scripted("audit-file", Duration.ZERO, n -> n == 10
        ? new Attempt.Transient("disk full", Optional.empty()) : Attempt.DELIVERED);
    file.maxBatch = 16; // fewer than the dispatcher fetches: the rest wait in the channel's queue
    List<String> ids = backlog(100, "audit-file");
    Deliverer deliverer = deliverer(file);
    deliverer.wake();
    await("settled", deliverer::settled);

    List<String> sent = new ArrayList<>(file.sent);
    assertThat(sent).hasSize(101);
    assertThat(sent.subList(0, 10)).containsExactlyElementsOf(ids.subList(0, 10));
    List<String> rest = new ArrayList<>(sent.subList(10, 101));
    assertThat(rest).containsOnlyOnce("a9");
    rest.remove("a9");
    assertThat(rest).as("the untried ones, in order").containsExactlyElementsOf(ids.subList(10, 100));
    assertThat(delivery("a9", "audit-file").attempts()).isEqualTo(2);
    assertThat(store.outbox().counts()).containsEntry(DeliveryStatus.DELIVERED, 100L);
  }

  @Test
  void aChannelThatHangsNeverDelaysAnother() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    Scripted stuck = new Scripted("stuck", Duration.ZERO, n -> {
      try {
        release.await(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return Attempt.DELIVERED;
    });
    Scripted fine = new Scripted("fine", Duration.ZERO, n -> Attempt.DELIVERED);
    queue("a1", "stuck", "fine");
    queue("a2", "stuck", "fine");
    queue("a3", "fine");
    deliverer(stuck, fine).wake();
    await("the healthy channel delivered everything", () -> fine.sent.size() == 3);
    assertThat(stuck.sent).hasSize(1);
    release.countDown();
  }

  @Test
  void afterFailuresInARowTheBreakerLeavesTheChannelAloneForTheCooldown() throws Exception {
    Scripted flaky = new Scripted("flaky", Duration.ZERO, n -> n <= 3
        ? new Attempt.Transient("connection refused", Optional.empty()) : Attempt.DELIVERED);
    for (int i = 0; i < 3; i++) {
      queue("a" + i, "flaky");
    }
    Deliverer deliverer = deliverer(flaky);
    deliverer.wake();
    await("settled", deliverer::settled);
    List<Long> times = new ArrayList<>(flaky.at);
    // Measured from the third failure, when the breaker opened, as the channel saw it.
    assertThat(times.get(3) - times.get(2)).as("no attempt during the 300 ms cooldown")
        .isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(250));
  }

  @Test
  void requestsToOneChannelAreSpacedByItsMinimumInterval() throws Exception {
    Scripted slack = new Scripted("secops", Duration.ofMillis(200), n -> Attempt.DELIVERED);
    for (int i = 0; i < 4; i++) {
      queue("a" + i, "secops");
    }
    Deliverer deliverer = deliverer(slack);
    deliverer.wake();
    await("settled", deliverer::settled);
    List<Long> times = new ArrayList<>(slack.at);
    for (int i = 1; i < times.size(); i++) {
      assertThat(times.get(i) - times.get(i - 1)).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(190));
    }
  }
}
