package dev.cairn.runtime.source;

import static dev.cairn.config.ConfigType.bool;
import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.folder;
import static dev.cairn.config.ConfigType.integer;

import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The config keys of a watched folder, declared once: {@link FolderSource.Builder}'s defaults and
 * ranges, the entries of {@code sources.folders} in {@code cairn.yaml}, and their documentation.
 * Apply a loaded section with {@link FolderSource.Builder#configure}.
 */
public final class FolderConfig {
  public static final ConfigKey<Path> PATH = ConfigKey.of("path", folder())
      .doc("The folder, watched recursively (created if missing); any file name. An entry may be just "
          + "this path.");

  public static final ConfigKey<Duration> SETTLE = ConfigKey.of("settle", duration())
      .defaultValue(Duration.ofSeconds(1))
      .atLeast(Duration.ZERO)
      .doc("How long a file's size and modification time must stay unchanged before it is read; 0s reads "
          + "it at first sight.");

  public static final ConfigKey<Boolean> WATCH = ConfigKey.of("watch", bool())
      .defaultValue(true)
      .doc("Find new files by file-system notifications (inotify). Turn off for network mounts, whose "
          + "changes by other hosts raise no notifications here: the tree is then walked every `scanInterval`.");

  public static final ConfigKey<Duration> SCAN_INTERVAL = ConfigKey.of("scanInterval", duration())
      .defaultValue(Duration.ofSeconds(1))
      .atLeast(Duration.ofMillis(1))
      .doc("Time between walks of the tree when notifications are not used.");

  public static final ConfigKey<Duration> RESCAN_INTERVAL = ConfigKey.of("rescanInterval", duration())
      .defaultValue(Duration.ofMinutes(1))
      .atLeast(Duration.ofMillis(1))
      .doc("Time between safety walks of the tree while notifications are used, for what they miss.");

  public static final ConfigKey<Duration> RETRY_DELAY = ConfigKey.of("retryDelay", duration())
      .defaultValue(Duration.ofSeconds(5))
      .atLeast(Duration.ZERO)
      .doc("Wait before a file whose handling failed for a reason that may pass is offered again.");

  public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.of("maxAttempts", integer())
      .defaultValue(3)
      .range(1, 100)
      .doc("Attempts in one process before a file that keeps failing is recorded as failed.");

  /** All of the above; a single value in place of the mapping is the {@link #PATH}. */
  public static final ConfigDef DEF = ConfigDef.builder()
      .define(PATH)
      .define(SETTLE)
      .define(WATCH)
      .define(SCAN_INTERVAL)
      .define(RESCAN_INTERVAL)
      .define(RETRY_DELAY)
      .define(MAX_ATTEMPTS)
      .shortForm(PATH)
      .build();

  private FolderConfig() {}
}
