package dev.cairn.alert.channel;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A file that collects alerts, one JSON object (the webhook body) per line.
 *
 * @param name the configured channel name ({@code archive})
 * @param path the file; created when missing, never truncated
 * @param sync whether each line is forced to the disk before the alert counts as delivered (slower;
 *     without it a line is in the operating system's hands, which survives a crash of the process)
 */
public record FileSettings(String name, Path path, boolean sync) {
  public FileSettings {
    Check.name(name);
    Objects.requireNonNull(path, "path");
  }
}
