package dev.cairn.alarm;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A state change of an alarm, an escalation level or a silence, as a live run records it and a
 * backtest prints it.
 *
 * @param at the state change time (a minute boundary)
 * @param alarm the alarm's name
 * @param key what within the alarm changed: a silence's {@code account=…,region=…}, empty otherwise
 * @param from the state (or level) before: {@code OK}, {@code ALARM}, {@code INSUFFICIENT_DATA}, {@code level 1}
 * @param to the state (or level) after
 * @param reason CloudWatch's {@code NewStateReason} sentence
 * @param channels the channels notified (none when the alarm has no action for the new state)
 * @param alertId the id of the alert the notification became, empty when none
 */
public record Transition(Instant at, String alarm, String key, String from, String to, String reason,
    List<String> channels, String alertId) {
  public Transition {
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(alarm, "alarm");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(reason, "reason");
    channels = List.copyOf(channels);
    Objects.requireNonNull(alertId, "alertId");
  }

  /** One line: {@code 2026-12-06T10:06:00Z console-login-failures OK -> ALARM [oncall] Threshold Crossed: …}. */
  public String describe() {
    return at + "  " + alarm + (key.isEmpty() ? "" : " (" + key + ")") + "  " + from + " -> " + to
        + (channels.isEmpty() ? "" : "  " + channels) + "  " + reason;
  }
}
