package dev.cairn.alert.deliver;

import java.time.Duration;

/**
 * Told what delivery does, per channel, for metrics. Called on delivery threads; must be
 * thread-safe and fast. Every method does nothing by default.
 */
public interface DeliveryListener {

  /** Does nothing. */
  DeliveryListener NONE = new DeliveryListener() {};

  /** The receiver accepted an alert, {@code latency} after it was queued. */
  default void delivered(String channel, Duration latency) {}

  /** An attempt failed for a reason that may pass. */
  default void failed(String channel) {}

  /** A failed delivery was scheduled for another attempt. */
  default void retried(String channel) {}

  /** A delivery is dead: refused for good, or out of attempts. */
  default void dead(String channel) {}
}
