package dev.cairn.alarm;

import dev.cairn.match.Severity;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A built-in alarm on the traffic itself: no CloudTrail event arrived from an account and region
 * (or from any source) for {@code after} → ALARM, treating silence as breaching; an event arriving
 * again → OK. A stopped trail, a broken bucket policy or a dead queue is noticed even when no rule
 * fires. Arrival is when Cairn read the event (a replay: the log file's delivery time), not the
 * event's own time, which CloudTrail delivers minutes late anyway.
 *
 * @param name unique among alarms and silences
 * @param by {@code account}, {@code region}, both, or neither (any source)
 * @param after how long without an event is silence, a whole number of minutes
 * @param channels channels told when silence starts and ends
 * @param severity of the ALARM notifications
 */
public record Silence(String name, List<String> by, Duration after, List<String> channels, Severity severity) {
  /** What a silence may be watched by. */
  public static final Set<String> KEYS = Set.of("account", "region");

  public Silence {
    Objects.requireNonNull(name, "name");
    by = List.copyOf(by);
    Objects.requireNonNull(after, "after");
    channels = List.copyOf(channels);
    Objects.requireNonNull(severity, "severity");
    if (!KEYS.containsAll(by)) {
      throw new IllegalArgumentException("silence " + name + ": by takes account and region, got " + by);
    }
    if (after.toMillis() < 60_000 || after.toMillis() % 60_000 != 0) {
      throw new IllegalArgumentException("silence " + name + ": after must be a whole number of minutes, got " + after);
    }
  }
}
