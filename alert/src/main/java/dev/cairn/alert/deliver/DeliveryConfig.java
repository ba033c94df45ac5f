package dev.cairn.alert.deliver;

import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.integer;
import static dev.cairn.config.ConfigType.section;

import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import java.time.Duration;

/** The {@code delivery} keys of {@code cairn.yaml}, declared once: how hard alerts are delivered. */
public final class DeliveryConfig {
  private DeliveryConfig() {}

  public static final ConfigKey<Integer> MAX_ATTEMPTS = ConfigKey.of("maxAttempts", integer())
      .defaultValue(Policy.DEFAULT.maxAttempts()).range(1, 1_000)
      .doc("Attempts of one delivery before it is dead (a permanent refusal ends it at once).");
  public static final ConfigKey<Duration> FIRST_BACKOFF = ConfigKey.of("firstBackoff", duration())
      .defaultValue(Policy.DEFAULT.firstBackoff()).atLeast(Duration.ofMillis(10))
      .doc("The wait after a first failed attempt; each next wait doubles (with jitter).");
  public static final ConfigKey<Duration> MAX_BACKOFF = ConfigKey.of("maxBackoff", duration())
      .defaultValue(Policy.DEFAULT.maxBackoff()).atLeast(Duration.ofMillis(10))
      .doc("The longest wait between two attempts.");
  public static final ConfigKey<Duration> MAX_RETRY_AFTER = ConfigKey.of("maxRetryAfter", duration())
      .defaultValue(Policy.DEFAULT.maxRetryAfter()).atLeast(Duration.ZERO)
      .doc("The longest `Retry-After` honoured; a receiver asking for more gets this.");
  public static final ConfigKey<Integer> BREAKER_AFTER = ConfigKey.of("breakerAfter", integer())
      .defaultValue(Policy.DEFAULT.breakerAfter()).range(1, 1_000)
      .doc("Failures in a row after which a channel is left alone for `breakerCooldown`.");
  public static final ConfigKey<Duration> BREAKER_COOLDOWN = ConfigKey.of("breakerCooldown", duration())
      .defaultValue(Policy.DEFAULT.breakerCooldown()).atLeast(Duration.ZERO)
      .doc("How long a failing channel is left alone.");
  public static final ConfigDef DELIVERY_DEF = ConfigDef.builder().define(MAX_ATTEMPTS).define(FIRST_BACKOFF)
      .define(MAX_BACKOFF).define(MAX_RETRY_AFTER).define(BREAKER_AFTER).define(BREAKER_COOLDOWN).build();
  public static final ConfigKey<Config> DELIVERY = ConfigKey.section("delivery", DELIVERY_DEF)
      .doc("How hard alerts are delivered.");

  /** The delivery policy a loaded section sets. */
  public static Policy policy(Config delivery) {
    return new Policy(delivery.get(MAX_ATTEMPTS), delivery.get(FIRST_BACKOFF), delivery.get(MAX_BACKOFF),
        delivery.get(MAX_RETRY_AFTER), delivery.get(BREAKER_AFTER), delivery.get(BREAKER_COOLDOWN));
  }
}
