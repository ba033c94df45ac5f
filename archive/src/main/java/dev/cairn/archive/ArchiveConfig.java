package dev.cairn.archive;

import static dev.cairn.config.ConfigType.byteSize;
import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.json;
import static dev.cairn.config.ConfigType.listOf;
import static dev.cairn.config.ConfigType.oneOf;
import static dev.cairn.config.ConfigType.path;
import static dev.cairn.config.ConfigType.secret;
import static dev.cairn.config.ConfigType.text;
import static dev.cairn.config.ConfigType.url;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import dev.cairn.config.Secret;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * The keys of the {@code archive} section of {@code cairn.yaml}, declared once: {@link
 * ArchiveSettings#from} reads a loaded section, and {@code docs/configuration.md} is generated from
 * them.
 *
 * <pre>{@code
 * archive:
 *   to: s3://trail-archive/cairn          # or a folder
 *   layout: hive                          # or firehose
 *   partitionBy: [account, region]
 *   format: parquet                       # or jsonl.gz
 *   flush: {size: 64MB, interval: 5m}
 *   include: all                          # or matched, or {filter: ..., pattern: ...}
 * }</pre>
 */
public final class ArchiveConfig {
  public static final ConfigKey<String> TO = ConfigKey.of("to", text())
      .validate(t -> !t.isBlank() && (!t.startsWith("s3://") || S3Location.parse(t).isPresent()),
          "a folder, or s3://bucket/prefix")
      .doc("Where part files go: a folder (relative to the working directory), or `s3://bucket/prefix`.");

  public static final ConfigKey<Layout> LAYOUT = ConfigKey.of("layout", oneOf(Layout.class))
      .defaultValue(Layout.hive)
      .doc("`hive`: `year=2026/month=03/day=01/hour=09/`; `firehose`: `2026/03/01/09/` (as Kinesis Data "
          + "Firehose writes). Hours are the events' own (eventTime, UTC): a late event lands in its hour.");

  public static final ConfigKey<List<PartitionKey>> PARTITION_BY = ConfigKey.of("partitionBy", listOf(oneOf(PartitionKey.class)))
      .defaultValue(List.of())
      .validate(keys -> keys.stream().distinct().count() == keys.size(), "each of account, region at most once")
      .doc("Partition levels before the time levels, in this order: `account`, `region`.");

  public static final ConfigKey<String> FORMAT = ConfigKey.of("format", text())
      .defaultValue("parquet")
      .validate(t -> t.equals("parquet") || t.equals("jsonl.gz"), "parquet or jsonl.gz")
      .doc("`parquet` (typed columns, compressed) or `jsonl.gz` (one JSON object per line, gzip).");

  public static final ConfigKey<Long> FLUSH_SIZE = ConfigKey.of("size", byteSize())
      .defaultValue(64L << 20)
      .range(1L << 20, 1L << 30)
      .doc("Rows (as staged JSON) that make a flush: memory while flushing is bounded by about twice this.");

  public static final ConfigKey<Duration> FLUSH_INTERVAL = ConfigKey.of("interval", duration())
      .defaultValue(Duration.ofMinutes(5))
      .range(Duration.ofSeconds(1), Duration.ofHours(24))
      .doc("Longest time a handled event waits before it is in a part file.");

  public static final ConfigDef FLUSH_DEF = ConfigDef.builder().define(FLUSH_SIZE).define(FLUSH_INTERVAL).build();

  public static final ConfigKey<dev.cairn.config.Config> FLUSH = ConfigKey.section("flush", FLUSH_DEF)
      .doc("When staged rows become part files, like Firehose's buffering hints: whichever comes first.");

  /** Which events are kept. */
  public enum Events {
    all,
    matched
  }

  public static final ConfigKey<Events> INCLUDE_EVENTS = ConfigKey.of("events", oneOf(Events.class))
      .defaultValue(Events.all)
      .doc("`all` handled events, or only those that `matched` a rule.");

  public static final ConfigKey<String> INCLUDE_FILTER = ConfigKey.of("filter", text())
      .optional("no filter pattern")
      .doc("Only events this CloudWatch Logs filter pattern matches.");

  public static final ConfigKey<JsonNode> INCLUDE_PATTERN = ConfigKey.of("pattern", json("event pattern"))
      .optional("no event pattern")
      .doc("Only events this EventBridge event pattern matches (with `filter`: both must match).");

  public static final ConfigDef INCLUDE_DEF = ConfigDef.builder()
      .define(INCLUDE_EVENTS).define(INCLUDE_FILTER).define(INCLUDE_PATTERN)
      .shortForm(INCLUDE_EVENTS)
      .build();

  public static final ConfigKey<dev.cairn.config.Config> INCLUDE = ConfigKey.section("include", INCLUDE_DEF)
      .doc("Which handled events are kept: `all` (default), `matched`, or a filter written like an "
          + "`exclude` entry (`{filter: ..., pattern: ...}`) naming the events to keep.");

  public static final ConfigKey<Path> STAGING = ConfigKey.of("staging", path())
      .optional("`archive/` next to the state file (a temporary folder with `state: memory`)")
      .doc("Local folder for the journal of rows not yet in a part file, and for parts being written.");

  public static final ConfigKey<String> REGION = ConfigKey.of("region", text())
      .optional("the SDK's region chain")
      .doc("With `to: s3://...`: the bucket's region.");

  public static final ConfigKey<URI> S3_ENDPOINT = ConfigKey.of("s3Endpoint", url())
      .optional("AWS")
      .doc("Only for an S3-compatible server, e.g. `http://127.0.0.1:9000` (path-style addressing is then used).");

  public static final ConfigKey<Secret> ACCESS_KEY_ID = ConfigKey.of("accessKeyId", secret())
      .optional("the SDK's default credential chain")
      .doc("With `secretAccessKey`: static credentials for the bucket.");

  public static final ConfigKey<Secret> SECRET_ACCESS_KEY = ConfigKey.of("secretAccessKey", secret())
      .optional("the SDK's default credential chain")
      .doc("With `accessKeyId`: static credentials for the bucket.");

  public static final ConfigDef DEF = ConfigDef.builder()
      .define(TO)
      .define(LAYOUT)
      .define(PARTITION_BY)
      .define(FORMAT)
      .define(FLUSH)
      .define(INCLUDE)
      .define(STAGING)
      .define(REGION)
      .define(S3_ENDPOINT)
      .define(ACCESS_KEY_ID)
      .define(SECRET_ACCESS_KEY)
      .check("give both accessKeyId and secretAccessKey, or neither (default credential chain)",
          c -> c.isSet(ACCESS_KEY_ID) == c.isSet(SECRET_ACCESS_KEY))
      .build();

  /** The {@code archive} key of {@code cairn.yaml}. */
  public static final ConfigKey<dev.cairn.config.Config> ARCHIVE = ConfigKey.of("archive",
          dev.cairn.config.ConfigType.section(DEF))
      .optional("no archive")
      .doc("Keep every handled event in an archive laid out by hour, written exactly once, for `cairn query` "
          + "and Athena (see docs/archive.md).");

  private ArchiveConfig() {}
}
