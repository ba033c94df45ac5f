package dev.cairn.archive;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.config.Config;
import dev.cairn.config.Secret;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An archive's settings: where, how laid out, in which format, when flushed, which events. Read from
 * the {@code archive} section with {@link #from}, or built in code with {@link #to(String)} and the
 * {@code with*} methods.
 *
 * @param to a folder, or {@code s3://bucket/prefix}
 * @param layout hive or firehose paths
 * @param partitionBy levels before the time levels
 * @param format parquet or jsonl.gz
 * @param flushSize staged bytes that make a flush
 * @param flushInterval longest wait of a staged row
 * @param events all, or only matched ones
 * @param filter only events this rule set matches (empty: no filter)
 * @param staging where the journal lives (empty: the caller's default)
 * @param s3 how to reach the bucket when {@code to} is in S3
 */
public record ArchiveSettings(String to, Layout layout, List<PartitionKey> partitionBy, Format format, long flushSize,
    Duration flushInterval, ArchiveConfig.Events events, Optional<RuleSet> filter, Optional<Path> staging, S3Access s3) {

  public ArchiveSettings {
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(layout, "layout");
    partitionBy = List.copyOf(partitionBy);
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(flushInterval, "flushInterval");
    Objects.requireNonNull(events, "events");
    Objects.requireNonNull(filter, "filter");
    Objects.requireNonNull(staging, "staging");
    Objects.requireNonNull(s3, "s3");
    if (partitionBy.indexOf(PartitionKey.region) >= 0 && partitionBy.indexOf(PartitionKey.account) > partitionBy.indexOf(PartitionKey.region)) {
      partitionBy = List.of(PartitionKey.account, PartitionKey.region); // always account, then region
    }
  }

  /**
   * Access to the archive's bucket.
   *
   * @param region the bucket's region; empty: the SDK's chain
   * @param endpoint an S3-compatible server; empty: AWS
   * @param accessKeyId with secretAccessKey: static credentials; empty: the SDK's chain
   * @param secretAccessKey see accessKeyId
   */
  public record S3Access(Optional<String> region, Optional<URI> endpoint, Optional<Secret> accessKeyId,
      Optional<Secret> secretAccessKey) {
    public static final S3Access DEFAULT = new S3Access(Optional.empty(), Optional.empty(), Optional.empty(),
        Optional.empty());
  }

  /** Default settings for an archive at {@code to}: hive, parquet, 64 MB or 5 min, every event. */
  public static ArchiveSettings to(String to) {
    return from(ArchiveConfig.DEF.defaults(), to);
  }

  /** The settings of a loaded {@code archive} section. */
  public static ArchiveSettings from(Config section) {
    return from(section, section.get(ArchiveConfig.TO));
  }

  private static ArchiveSettings from(Config section, String to) {
    Config flush = section.get(ArchiveConfig.FLUSH);
    Config include = section.get(ArchiveConfig.INCLUDE);
    return new ArchiveSettings(to, section.get(ArchiveConfig.LAYOUT), section.get(ArchiveConfig.PARTITION_BY),
        Format.parse(section.get(ArchiveConfig.FORMAT)), flush.get(ArchiveConfig.FLUSH_SIZE),
        flush.get(ArchiveConfig.FLUSH_INTERVAL), include.get(ArchiveConfig.INCLUDE_EVENTS),
        filter(include.find(ArchiveConfig.INCLUDE_FILTER), include.find(ArchiveConfig.INCLUDE_PATTERN)),
        section.find(ArchiveConfig.STAGING),
        new S3Access(section.find(ArchiveConfig.REGION), section.find(ArchiveConfig.S3_ENDPOINT),
            section.find(ArchiveConfig.ACCESS_KEY_ID), section.find(ArchiveConfig.SECRET_ACCESS_KEY)));
  }

  /**
   * The include filter as a rule, or empty.
   *
   * @throws IllegalArgumentException when the filter or pattern is invalid, with the rule problems
   */
  static Optional<RuleSet> filter(Optional<String> filter, Optional<JsonNode> pattern) {
    if (filter.isEmpty() && pattern.isEmpty()) {
      return Optional.empty();
    }
    Rule.Builder rule = Rule.builder("archive.include");
    filter.ifPresent(rule::filter);
    pattern.ifPresent(p -> rule.pattern(p.isTextual() ? p.textValue() : p.toString()));
    try {
      return Optional.of(RuleSet.of(List.of(rule.build())));
    } catch (InvalidRulesException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
  }

  public ArchiveSettings withLayout(Layout value) {
    return new ArchiveSettings(to, value, partitionBy, format, flushSize, flushInterval, events, filter, staging, s3);
  }

  public ArchiveSettings withPartitionBy(List<PartitionKey> value) {
    return new ArchiveSettings(to, layout, value, format, flushSize, flushInterval, events, filter, staging, s3);
  }

  public ArchiveSettings withFormat(Format value) {
    return new ArchiveSettings(to, layout, partitionBy, value, flushSize, flushInterval, events, filter, staging, s3);
  }

  public ArchiveSettings withFlush(long size, Duration interval) {
    return new ArchiveSettings(to, layout, partitionBy, format, size, interval, events, filter, staging, s3);
  }

  public ArchiveSettings withEvents(ArchiveConfig.Events value) {
    return new ArchiveSettings(to, layout, partitionBy, format, flushSize, flushInterval, value, filter, staging, s3);
  }

  public ArchiveSettings withS3(S3Access value) {
    return new ArchiveSettings(to, layout, partitionBy, format, flushSize, flushInterval, events, filter, staging, value);
  }

  /** True when the archive is in S3. */
  public boolean inS3() {
    return to.startsWith("s3://");
  }
}
