package dev.cairn.runtime;

import static dev.cairn.config.ConfigType.byteSize;
import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.integer;

import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import dev.cairn.decode.EventDecoder;
import java.time.Duration;

/**
 * The engine's config keys, declared once: they are {@link CairnProcessor.Builder}'s defaults and
 * ranges, top-level keys of {@code cairn.yaml}, and rows of {@code docs/configuration.md}. Apply a
 * loaded section with {@link CairnProcessor.Builder#configure}.
 */
public final class EngineConfig {
  public static final ConfigKey<Integer> WORKERS = ConfigKey.of("workers", integer())
      .machineDefault(() -> Math.max(2, Runtime.getRuntime().availableProcessors()), "number of cores, at least 2")
      .range(1, 256)
      .doc("Threads that decode and match; each handles one work item (a file, an SQS message) at a time.");

  public static final ConfigKey<Integer> DOWNLOADS = ConfigKey.of("downloads", integer())
      .defaultValue(8)
      .range(0, 256)
      .doc("Remote inputs (S3 objects) downloaded ahead of the workers at once, so that network latency "
          + "overlaps with decoding; 0 downloads each on the worker that decodes it.");

  public static final ConfigKey<Integer> QUEUE_CAPACITY = ConfigKey.of("queueCapacity", integer())
      .derivedDefault(c -> 2 * c.get(WORKERS) + c.get(DOWNLOADS), "2 × workers + downloads")
      .range(1, 100_000)
      .doc("Work items (SQS messages, files) that may wait between polling and the workers.");

  public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.of("batchSize", integer())
      .defaultValue(100)
      .range(1, 10_000)
      .doc("Most events handed over (to an events processor, or matched and acted on) at once.");

  public static final ConfigKey<Duration> DEDUP_WINDOW = ConfigKey.of("dedupWindow", duration())
      .defaultValue(Duration.ofHours(24))
      .atLeast(Duration.ZERO)
      .doc("How long a match, once acted on, is remembered (by rule and eventID) so that the same event "
          + "delivered again is not acted on twice; 0s remembers none.");

  public static final ConfigKey<Integer> RECENT_EVENT_IDS = ConfigKey.of("recentEventIds", integer())
      .defaultValue(262_144)
      .range(0, 16_777_216)
      .doc("How many of the latest handled eventIDs are kept in memory (32 bytes each) to drop an event "
          + "repeated in another input; 0 turns this off.");

  public static final ConfigKey<Long> DOWNLOAD_BUFFER = ConfigKey.of("downloadBuffer", byteSize())
      .defaultValue(64L << 20)
      .atLeast((long) Prefetcher.CHUNK)
      .doc("Most bytes downloaded ahead and not yet decoded, across all downloads; an object larger than "
          + "what is free streams from its connection as it is decoded.");

  public static final ConfigKey<Integer> MAX_INTERRUPTIONS = ConfigKey.of("maxInterruptions", integer())
      .defaultValue(3)
      .range(1, 1_000)
      .doc("An input whose reading was cut short this many times in a row without getting further (the "
          + "process died while reading it, e.g. out of memory) is given up on as poison instead of being "
          + "read again.");

  public static final ConfigKey<Duration> CHECKPOINT_INTERVAL = ConfigKey.of("checkpointInterval", duration())
      .defaultValue(Duration.ofSeconds(10))
      .atLeast(Duration.ofMillis(1))
      .doc("Longest time reading one input goes without recording its position when nothing is acted "
          + "on: bounds what a large input reads again after a crash.");

  /** All of the above, in the order documented. */
  public static final ConfigKey<Long> MAX_VALUE_BYTES = ConfigKey.of("maxValueBytes", byteSize())
      .derivedDefault(c -> (long) Math.min(EventDecoder.DEFAULT_MAX_VALUE_BYTES,
              EventDecoder.safeMaxValueBytes(Runtime.getRuntime().maxMemory(), c.get(WORKERS))),
          "what the heap allows each worker (1.3 MB at -Xmx256m with 2 workers), at most 64MB")
      .range(1024L, (long) EventDecoder.DEFAULT_MAX_VALUE_BYTES)
      .doc("Largest single JSON value (one record, one envelope) an input may hold; a larger one fails that "
          + "input with an error naming it, rather than the process running out of memory.");

  public static final ConfigDef DEF = ConfigDef.builder()
      .define(WORKERS)
      .define(QUEUE_CAPACITY)
      .define(BATCH_SIZE)
      .define(DEDUP_WINDOW)
      .define(RECENT_EVENT_IDS)
      .define(DOWNLOADS)
      .define(DOWNLOAD_BUFFER)
      .define(MAX_INTERRUPTIONS)
      .define(CHECKPOINT_INTERVAL)
      .define(MAX_VALUE_BYTES)
      .build();

  private EngineConfig() {}
}
