package dev.cairn.alarm;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Cairn's own heartbeat: a short "still running" alert to channels at every multiple of {@code every}
 * (from midnight UTC), so that a receiver can alarm on its absence.
 *
 * @param every at least a minute
 * @param channels the channels
 */
public record Heartbeat(Duration every, List<String> channels) {
  public Heartbeat {
    Objects.requireNonNull(every, "every");
    channels = List.copyOf(channels);
    if (every.toMillis() < 60_000) {
      throw new IllegalArgumentException("heartbeat every must be at least 1m, got " + every);
    }
  }
}
