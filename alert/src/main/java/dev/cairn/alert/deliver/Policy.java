package dev.cairn.alert.deliver;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How hard delivery tries.
 *
 * @param maxAttempts attempts of one delivery before it is dead (a permanent refusal ends it at once)
 * @param firstBackoff the wait after the first failed attempt; each next wait doubles
 * @param maxBackoff the longest wait between two attempts
 * @param maxRetryAfter the longest {@code Retry-After} honoured (a receiver asking for more gets this)
 * @param breakerAfter transient failures in a row after which a channel is left alone for a while
 * @param breakerCooldown how long it is left alone
 */
public record Policy(int maxAttempts, Duration firstBackoff, Duration maxBackoff, Duration maxRetryAfter,
    int breakerAfter, Duration breakerCooldown) {

  /**
   * 12 attempts over about 25 minutes (1 s doubling to 5 min), {@code Retry-After} up to 10 min, a
   * breaker after 5 failures in a row for 30 s.
   */
  public static final Policy DEFAULT = new Policy(12, Duration.ofSeconds(1), Duration.ofMinutes(5),
      Duration.ofMinutes(10), 5, Duration.ofSeconds(30));

  public Policy {
    Objects.requireNonNull(firstBackoff, "firstBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(maxRetryAfter, "maxRetryAfter");
    Objects.requireNonNull(breakerCooldown, "breakerCooldown");
    if (maxAttempts < 1 || breakerAfter < 1) {
      throw new IllegalArgumentException("maxAttempts and breakerAfter must be at least 1");
    }
  }

  /**
   * The wait after the {@code attempts}-th failed attempt: {@code firstBackoff × 2^(attempts-1)},
   * capped, of which a random half ("equal jitter"), so that deliveries failing together do not all
   * come back at the same instant, yet none comes back at once.
   */
  Duration backoff(int attempts) {
    long first = firstBackoff.toMillis();
    long cap = maxBackoff.toMillis();
    long full = attempts >= 40 ? cap : Math.min(cap, first << Math.max(0, attempts - 1));
    long half = full / 2;
    return Duration.ofMillis(half + ThreadLocalRandom.current().nextLong(half + 1));
  }
}
