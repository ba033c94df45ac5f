package dev.cairn.archive.query;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which archive files a time range needs: a part file's hour is in its path, in either layout
 * ({@code year=2026/month=03/day=01/hour=09/} or {@code 2026/03/01/09/}), whatever comes before.
 * Pruning by path: only the hours that overlap {@code [since, until)} are read (or, in S3,
 * downloaded) at all.
 */
public final class ArchiveFiles {
  private static final Pattern HIVE = Pattern.compile("(?:^|/)year=(\\d{4})/month=(\\d\\d)/day=(\\d\\d)/hour=(\\d\\d)/[^/]+$");
  private static final Pattern FIREHOSE = Pattern.compile("(?:^|/)(\\d{4})/(\\d\\d)/(\\d\\d)/(\\d\\d)/[^/]+$");

  private ArchiveFiles() {}

  /** True for a part file name: {@code .parquet} or {@code .jsonl.gz}, not hidden (a rename in progress). */
  public static boolean isPart(String path) {
    String name = path.substring(path.lastIndexOf('/') + 1);
    return !name.startsWith(".") && !name.startsWith("_") && (name.endsWith(".parquet") || name.endsWith(".jsonl.gz"));
  }

  /** The hour a part's path files it under, or empty when the path has no hour levels. */
  public static Optional<Instant> hour(String path) {
    String p = path.replace('\\', '/');
    Matcher m = HIVE.matcher(p);
    if (!m.find()) {
      m = FIREHOSE.matcher(p);
      if (!m.find()) {
        return Optional.empty();
      }
    }
    try {
      return Optional.of(LocalDateTime.of(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
          Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)), 0).toInstant(ZoneOffset.UTC));
    } catch (java.time.DateTimeException e) {
      return Optional.empty();
    }
  }

  /** True when a part at {@code path} may hold events in {@code [since, until)}; paths without an hour always may. */
  public static boolean wanted(String path, Optional<Instant> since, Optional<Instant> until) {
    Optional<Instant> hour = hour(path);
    if (hour.isEmpty()) {
      return true;
    }
    Instant start = hour.get();
    Instant end = start.plusSeconds(3600);
    return (since.isEmpty() || end.isAfter(since.get())) && (until.isEmpty() || start.isBefore(until.get()));
  }
}
