package dev.cairn.archive;

import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * How part files are laid out under the archive's root: by account and region when asked
 * ({@code partitionBy}), then by the UTC hour of the event.
 *
 * <ul>
 *   <li>{@link #hive}: {@code account=111122223333/region=eu-west-1/year=2026/month=03/day=01/hour=09/}
 *       (Hive-style keys: DuckDB, Spark and Athena read the partition values from the path);
 *   <li>{@link #firehose}: {@code 111122223333/eu-west-1/2026/03/01/09/}, the layout Kinesis Data
 *       Firehose writes, so an archive can continue a Firehose delivery stream's.
 * </ul>
 */
public enum Layout {
  hive,
  firehose;

  /** The directory (no leading or trailing slash) of an event's partition. */
  public String directory(List<PartitionKey> keys, String account, String region, ZonedDateTime hour) {
    List<String> parts = new ArrayList<>(keys.size() + 4);
    for (PartitionKey key : keys) {
      String value = PartitionKey.pathValue(key == PartitionKey.account ? account : region);
      parts.add(this == hive ? key.name() + "=" + value : value);
    }
    ZonedDateTime utc = hour.withZoneSameInstant(ZoneOffset.UTC);
    String[] names = {"year", "month", "day", "hour"};
    String[] values = {String.format(Locale.ROOT, "%04d", utc.getYear()), two(utc.getMonthValue()),
        two(utc.getDayOfMonth()), two(utc.getHour())};
    for (int i = 0; i < 4; i++) {
      parts.add(this == hive ? names[i] + "=" + values[i] : values[i]);
    }
    return String.join("/", parts);
  }

  private static String two(int value) {
    return value < 10 ? "0" + value : Integer.toString(value);
  }
}
