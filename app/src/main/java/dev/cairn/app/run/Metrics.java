package dev.cairn.app.run;

import dev.cairn.alarm.Transition;
import dev.cairn.alert.deliver.DeliveryListener;
import dev.cairn.decode.SkippedValue;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import dev.cairn.runtime.PipelineListener;
import dev.cairn.runtime.state.Outbox;
import dev.cairn.archive.Format;
import dev.cairn.archive.write.ArchiveListener;
import dev.cairn.archive.write.ArchiveWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The engine's observations as Prometheus metrics ({@code /metrics}). One instance serves every
 * source; each source's listener adds its {@code source} tag.
 */
final class Metrics {
  /** Lag gauges are kept per account and region; beyond this many pairs new ones are not added. */
  static final int MAX_LAG_SERIES = 2_000;

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final AtomicInteger inFlight = new AtomicInteger();
  private final Map<String, AtomicLong> lagMillis = new ConcurrentHashMap<>();

  Metrics() {
    Gauge.builder("cairn_items_in_flight", inFlight, AtomicInteger::get)
        .description("Work items (SQS messages, files) received and not yet settled").register(registry);
  }

  private final LongAdder delivered = new LongAdder();
  /**
   * Per channel (a handful, from the config), registered once: looking a meter up in the registry
   * builds its id and tags each time, once per delivery.
   */
  private final Map<String, Sent> sent = new ConcurrentHashMap<>();
  /** Match counters by rule id. */
  private final Map<String, Counter> matched = new ConcurrentHashMap<>();
  private final LongAdder dead = new LongAdder();

  /** A channel's delivery meters. */
  private record Sent(Counter count, Timer latency) {
    void record(Duration took) {
      count.increment();
      latency.record(took);
    }
  }

  /**
   * Delivery per channel: {@code cairn_alerts_sent_total}, {@code _failed_total} (attempts that
   * failed), {@code _retried_total}, {@code _dead_total}, and the delivery latency (from the alert
   * being recorded to the receiver accepting it) as a Prometheus histogram.
   */
  DeliveryListener deliveries() {
    return new DeliveryListener() {
      @Override
      public void delivered(String channel, Duration latency) {
        delivered.increment();
        sent.computeIfAbsent(channel, c -> new Sent(registry.counter("cairn_alerts_sent", "channel", c),
            Timer.builder("cairn_alert_delivery_latency").description("From an alert being recorded to its delivery")
                .tag("channel", c).publishPercentileHistogram().register(registry)))
            .record(latency);
      }

      @Override
      public void failed(String channel) {
        registry.counter("cairn_alerts_failed", "channel", channel).increment();
      }

      @Override
      public void retried(String channel) {
        registry.counter("cairn_alerts_retried", "channel", channel).increment();
      }

      @Override
      public void dead(String channel) {
        dead.increment();
        registry.counter("cairn_alerts_dead", "channel", channel).increment();
      }
    };
  }

  /** {@code cairn_alerts_pending{channel}}: deliveries waiting, read from the outbox at each scrape. */
  void outbox(Outbox outbox, Set<String> channels) {
    for (String channel : channels) {
      Gauge.builder("cairn_alerts_pending", outbox, o -> o.pending(channel))
          .description("Alert deliveries waiting (pending or retrying)").tag("channel", channel).register(registry);
    }
  }

  /** Deliveries that died in this process. */
  long deadDeliveries() {
    return dead.sum();
  }

  /** "N alert(s) delivered, M dead", for the drain summary. */
  String deliverySummary() {
    return delivered.sum() + " alert deliver" + (delivered.sum() == 1 ? "y" : "ies") + " made, " + dead.sum() + " dead";
  }

  /** The Prometheus text exposition of every metric. */
  private final Map<String, AtomicInteger> alarmLevels = new ConcurrentHashMap<>();

  /**
   * Told of every alarm transition: {@code cairn_alarm_transitions_total{alarm, key, to}} counts
   * them, and {@code cairn_alarm_state{alarm, key}} is 1 while an alarm is in ALARM, an escalation's
   * level while one is reached, else 0 (from the first transition this process sees).
   */
  Consumer<Transition> alarmTransitions() {
    return t -> {
      String to = t.to();
      int threshold = to.indexOf(" (");
      if (to.startsWith("level ") && threshold > 0) {
        to = to.substring(0, threshold); // "level 2 (> 100)": the threshold is in the alarm's definition
      }
      registry.counter("cairn_alarm_transitions", "alarm", t.alarm(), "key", t.key(), "to", to).increment();
      int level = to.equals("ALARM") ? 1 : to.startsWith("level ") ? Integer.parseInt(to.substring(6)) : 0;
      alarmLevels.computeIfAbsent(t.alarm() + "\u0000" + t.key(), k -> {
        AtomicInteger state = new AtomicInteger();
        Gauge.builder("cairn_alarm_state", state, AtomicInteger::get)
            .description("1 while the alarm is in ALARM (an escalation: its level), 0 otherwise")
            .tag("alarm", t.alarm()).tag("key", t.key()).register(registry);
        return state;
      }).set(level);
    };
  }

  /** What the archive's meters read: they hold it weakly, so it is held here for as long as the registry lives. */
  @SuppressWarnings("UnusedVariable")
  private Supplier<ArchiveWriter.Stats> archiveStats;

  /**
   * The archive: {@code cairn_archive_rows_total}, {@code _parts_total} and {@code _bytes_total}
   * committed to part files, {@code cairn_archive_flush_duration_seconds} (count and sum: the
   * flushes), {@code cairn_archive_flush_failures_total}, all by {@code to} and {@code format};
   * {@code cairn_archive_rows_journaled_total} (rows entering the archive with their checkpoints);
   * the gauges {@code cairn_archive_staged_rows} and {@code _staged_bytes} (committed, waiting for
   * a flush), {@code cairn_archive_oldest_staged_age_seconds} (0 when nothing waits) and {@code
   * cairn_archive_last_flush_timestamp_seconds} (NaN before the first flush of this process).
   */
  ArchiveListener archive(String to, Format format, Supplier<ArchiveWriter.Stats> stats) {
    archiveStats = stats; // meters hold what they read weakly
    Tags tags = Tags.of("to", to, "format", format.text());
    Counter.builder("cairn_archive_rows").description("Rows committed to archive part files").tags(tags)
        .register(registry);
    Counter.builder("cairn_archive_parts").description("Archive part files committed").tags(tags).register(registry);
    Counter.builder("cairn_archive_bytes").description("Bytes of archive part files committed").tags(tags)
        .register(registry);
    Counter.builder("cairn_archive_flush_failures").description("Archive flushes that failed (each retry counts)")
        .tag("to", to).register(registry);
    flushTimer(to, format.text());
    FunctionCounter.builder("cairn_archive_rows_journaled", stats, s -> s.get().rowsJournaled())
        .description("Rows committed to the archive's journal with their inputs' checkpoints").tag("to", to)
        .register(registry);
    Gauge.builder("cairn_archive_staged_rows", stats, s -> s.get().stagedRows())
        .description("Archive rows committed to the journal and not yet in a part file").tag("to", to).register(registry);
    Gauge.builder("cairn_archive_staged_bytes", stats, s -> s.get().pendingBytes())
        .description("Journal bytes of the archive rows waiting for a flush").tag("to", to).register(registry);
    Gauge.builder("cairn_archive_oldest_staged_age_seconds", stats,
            s -> s.get().oldestStaged().map(t -> Math.max(0, Duration.between(t, Instant.now()).toMillis()) / 1000.0)
                .orElse(0.0))
        .description("How long the oldest archive row waiting for a flush has waited (0: none waits)").tag("to", to)
        .register(registry);
    Gauge.builder("cairn_archive_last_flush_timestamp_seconds", stats,
            s -> s.get().lastFlush().map(t -> t.toEpochMilli() / 1000.0).orElse(Double.NaN))
        .description("When the last archive flush finished, in seconds since the epoch").tag("to", to).register(registry);
    return new ArchiveListener() {
      @Override
      public void flushed(ArchiveListener.Flushed f) {
        String format = f.format().text();
        registry.counter("cairn_archive_rows", "to", f.to(), "format", format).increment((double) f.rows());
        registry.counter("cairn_archive_parts", "to", f.to(), "format", format).increment(f.parts());
        registry.counter("cairn_archive_bytes", "to", f.to(), "format", format).increment((double) f.bytes());
        flushTimer(f.to(), format).record(f.took());
      }

      @Override
      public void flushFailed(String failedTo, Throwable cause) {
        registry.counter("cairn_archive_flush_failures", "to", failedTo).increment();
      }
    };
  }

  private Timer flushTimer(String to, String format) {
    return Timer.builder("cairn_archive_flush_duration").description("Archive flushes: journal to committed parts")
        .tags("to", to, "format", format).register(registry);
  }

  String scrape() {
    return registry.scrape();
  }

  void matched(Rule rule) {
    // Looked up once per rule (the rule set is fixed for the run), not in the registry per match.
    matched.computeIfAbsent(rule.id(),
        id -> registry.counter("cairn_events_matched", "rule", id, "severity", rule.severity().label())).increment();
  }

  /** A listener that records what one source's pipeline does. */
  PipelineListener listener(String source) {
    return new PipelineListener() {
      private final Counter eventsIn = counter("cairn_events_in", "Events decoded");
      private final Counter skipped = counter("cairn_values_skipped", "JSON values that were not events");
      private final Counter filtered = counter("cairn_events_filtered", "Events dropped by the event filter");
      private final Counter dedupHits = counter("cairn_dedup_hits", "Events already handled within the dedup window");
      private final Counter errors = counter("cairn_decode_errors", "Inputs that could not be read or decoded");
      private final Counter bytes = counter("cairn_bytes_read", "Bytes read from inputs (S3 objects, files)");
      private final Counter completed = counter("cairn_items_completed", "Work items fully handled and acknowledged");
      private final Counter failed = counter("cairn_items_failed", "Work items left for redelivery");
      private final Counter resumed = counter("cairn_inputs_resumed", "Inputs read on from where an earlier attempt stopped");
      private final Counter empty = counter("cairn_inputs_empty", "Inputs read to the end that held no events");
      private final Counter suppressed = counter("cairn_matches_suppressed",
          "Matches not acted on again: acted on before, within the dedup window");

      private Counter counter(String name, String help) {
        return Counter.builder(name).description(help).tag("source", source).register(registry);
      }

      @Override
      public void itemReceived(String item) {
        inFlight.incrementAndGet();
      }

      @Override
      public void itemCompleted(String item, Duration elapsed) {
        inFlight.decrementAndGet();
        completed.increment();
      }

      @Override
      public void itemFailed(String item, Throwable cause) {
        inFlight.decrementAndGet();
        failed.increment();
      }

      @Override
      public void inputSkipped(String input, String reason) {
        registry.counter("cairn_inputs_skipped", "source", source, "reason", skipReason(reason)).increment();
      }

      @Override
      public void inputResumed(String input, long position) {
        resumed.increment();
      }

      @Override
      public void inputEmpty(String input, String reason) {
        empty.increment();
      }

      @Override
      public void matchesSuppressed(int count) {
        suppressed.increment(count);
      }

      @Override
      public void eventReceived(CloudTrailEvent event) {
        eventsIn.increment();
      }

      @Override
      public void eventLag(String account, String region, Duration lag) {
        lag(account, region).set(lag.toMillis());
      }

      @Override
      public void valueSkipped(SkippedValue value) {
        skipped.increment();
      }

      @Override
      public void eventFiltered(CloudTrailEvent event) {
        filtered.increment();
      }

      @Override
      public void dedupHits(int count) {
        dedupHits.increment(count);
      }

      @Override
      public void decodeFailed(String input, String reason) {
        errors.increment();
      }

      @Override
      public void bytesRead(String input, long count) {
        bytes.increment((double) count);
      }
    };
  }

  /** Reasons a source gives in its own words; anything else is counted as "other" to keep the series bounded. */
  private static final Set<String> SKIP_REASONS = Set.of("digest file", "Insights file", "folder placeholder",
      "S3 test event", "CloudTrail validation message", "already handled", "source filter");

  private static String skipReason(String reason) {
    return SKIP_REASONS.contains(reason) ? reason : "other";
  }

  /** The lag gauge of one account and region: now minus the eventTime of its latest event. */
  private AtomicLong lag(String account, String region) {
    String key = account + "/" + region;
    AtomicLong gauge = lagMillis.get(key);
    if (gauge != null) {
      return gauge;
    }
    if (lagMillis.size() >= MAX_LAG_SERIES) {
      return new AtomicLong();
    }
    return lagMillis.computeIfAbsent(key, k -> {
      AtomicLong value = new AtomicLong();
      Gauge.builder("cairn_event_lag_seconds", value, v -> v.get() / 1000.0)
          .description("Now minus eventTime of the latest event, per account and region")
          .tags(Tags.of("account", String.valueOf(account), "region", String.valueOf(region)))
          .register(registry);
      return value;
    });
  }
}
