package dev.cairn.bench.sqs;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The local webhook the alerts go to: answers every POST 200 with no body, after an optional delay
 * (a remote receiver's round trip), and records, per alert, when it arrived ({@link System#nanoTime}
 * once the whole body was read; the sender is in this process, so the clocks are the same) by the
 * eventID of the body's {@code events[0].eventID}, and how many requests repeated a
 * {@code webhook-id} (Cairn's idempotency key) already seen.
 *
 * <p>Threads: the JDK server's dispatcher hands each exchange to a pool of 4; the records are
 * concurrent maps and counters.
 */
final class WebhookReceiver implements Closeable {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpServer server;
  private final ExecutorService pool;
  private final Map<String, Long> arrivals = new ConcurrentHashMap<>();
  private final Set<String> webhookIds = ConcurrentHashMap.newKeySet();
  private final LongAdder requests = new LongAdder();
  private final LongAdder repeats = new LongAdder();
  private final LongAdder unreadable = new LongAdder();
  private final AtomicLong first = new AtomicLong(Long.MAX_VALUE);
  private final AtomicLong last = new AtomicLong(Long.MIN_VALUE);
  /** When the last answer was written, and the gaps until the next request (see {@link #gapsMillis}). */
  private final AtomicLong answered = new AtomicLong();
  /** Requests being handled now, and the most at once (Cairn's webhook channel keeps several open). */
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicInteger mostOpen = new AtomicInteger();
  private final List<Double> gaps = new ArrayList<>();
  private final List<Double> service = new ArrayList<>();
  private volatile long minDelayNanos;
  private volatile long maxDelayNanos;

  WebhookReceiver(long[] delayMillis) throws IOException {
    this.minDelayNanos = delayMillis[0] * 1_000_000L;
    this.maxDelayNanos = delayMillis[1] * 1_000_000L;
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 256);
    pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "webhook-receiver");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    server.createContext("/", this::handle);
    server.start();
  }

  URI url() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/cairn-alerts");
  }

  private void handle(HttpExchange exchange) throws IOException {
    mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
    try {
      answer(exchange);
    } finally {
      open.decrementAndGet();
    }
  }

  private void answer(HttpExchange exchange) throws IOException {
    long begin = System.nanoTime();
    long previous = answered.get();
    byte[] body;
    try (InputStream in = exchange.getRequestBody()) {
      body = in.readAllBytes();
    }
    long now = System.nanoTime();
    requests.increment();
    first.accumulateAndGet(now, Math::min);
    last.accumulateAndGet(now, Math::max);
    String id = exchange.getRequestHeaders().getFirst("webhook-id");
    if (id != null && !webhookIds.add(id)) {
      repeats.increment();
    }
    try {
      String eventId = JSON.readTree(body).path("events").path(0).path("eventID").asText("");
      if (eventId.isEmpty()) {
        unreadable.increment();
      } else {
        arrivals.putIfAbsent(eventId, now);
      }
    } catch (IOException e) {
      unreadable.increment();
    }
    long delay = minDelayNanos == maxDelayNanos ? minDelayNanos
        : ThreadLocalRandom.current().nextLong(minDelayNanos, maxDelayNanos + 1);
    long until = System.nanoTime() + delay;
    for (long left = delay; left > 0; left = until - System.nanoTime()) {
      LockSupport.parkNanos(left);
    }
    exchange.sendResponseHeaders(200, -1);
    exchange.close();
    long end = System.nanoTime();
    answered.set(end);
    synchronized (gaps) {
      if (previous != 0) {
        gaps.add((begin - previous) / 1e6);
      }
      service.add((end - begin) / 1e6);
    }
  }

  /** The most requests this receiver handled at once. */
  int mostAtOnce() {
    return mostOpen.get();
  }

  /**
   * Milliseconds from writing one answer to the next request's head being read. With one channel
   * served one attempt at a time ({@code inFlight: 1}), this is Cairn's turnaround per delivery:
   * recording the outcome, choosing the next delivery, rendering, signing and sending it.
   */
  List<Double> gapsMillis() {
    synchronized (gaps) {
      return List.copyOf(gaps);
    }
  }

  /** Milliseconds this receiver took per request, from its head read to its answer written. */
  List<Double> serviceMillis() {
    synchronized (gaps) {
      return List.copyOf(service);
    }
  }

  /** Forgets everything received (a new run begins). */
  void reset() {
    arrivals.clear();
    webhookIds.clear();
    requests.reset();
    mostOpen.set(0);
    repeats.reset();
    unreadable.reset();
    first.set(Long.MAX_VALUE);
    last.set(Long.MIN_VALUE);
    answered.set(0);
    synchronized (gaps) {
      gaps.clear();
      service.clear();
    }
  }

  /** Every first arrival, sorted. */
  long[] arrivals() {
    return arrivals.values().stream().mapToLong(Long::longValue).sorted().toArray();
  }

  /** When the alert for this eventID first arrived, or null. */
  Long arrival(String eventId) {
    return arrivals.get(eventId);
  }

  /**
   * Waits until an alert arrived for every one of these eventIDs or the timeout passed; returns how
   * many have not arrived. Polls every 20 ms: a benchmark's wait, not a measurement.
   */
  long awaitAll(Collection<String> eventIds, long timeout, TimeUnit unit) throws InterruptedException {
    long deadline = System.nanoTime() + unit.toNanos(timeout);
    while (true) {
      long missing = eventIds.stream().filter(id -> !arrivals.containsKey(id)).count();
      if (missing == 0 || System.nanoTime() - deadline > 0) {
        return missing;
      }
      Thread.sleep(20);
    }
  }

  long requests() {
    return requests.sum();
  }

  /** Requests whose webhook-id was seen before: the same alert delivered again. */
  long repeats() {
    return repeats.sum();
  }

  /** Requests whose body had no events[0].eventID. */
  long unreadable() {
    return unreadable.sum();
  }

  long firstNanos() {
    return first.get();
  }

  long lastNanos() {
    return last.get();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
