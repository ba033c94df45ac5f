package dev.cairn.alarm.notify;

import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.regions.RegionMetadata;

/**
 * Region display names as CloudWatch writes them in alarm notifications ({@code "Region": "US East
 * (N. Virginia)"}): the AWS SDK's region metadata, except that CloudWatch still says {@code EU
 * (Ireland)} where the SDK now says {@code Europe (Ireland)} (notifications captured in 2024 read
 * "EU (Ireland)"). A region the SDK does not know is shown by its code.
 */
public final class Regions {
  private Regions() {}

  /** {@code us-east-1} → {@code US East (N. Virginia)}; empty for empty. */
  public static String displayName(String code) {
    if (code == null || code.isEmpty()) {
      return "";
    }
    RegionMetadata metadata;
    try {
      metadata = Region.of(code).metadata();
    } catch (IllegalArgumentException e) {
      return code;
    }
    if (metadata == null || metadata.description() == null) {
      return code;
    }
    String name = metadata.description();
    return name.startsWith("Europe (") ? "EU (" + name.substring("Europe (".length()) : name;
  }
}
