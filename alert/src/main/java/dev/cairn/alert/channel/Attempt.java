package dev.cairn.alert.channel;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/** How one delivery attempt ended: the delivery loop retries only {@link Transient} failures. */
public sealed interface Attempt {

  /** The receiver accepted it (a 2xx, an accepted SMTP message). */
  record Delivered() implements Attempt {}

  /**
   * A failure that may pass: a 429, a 5xx, a timeout, a dropped connection.
   *
   * @param reason for people and the delivery record (no secrets): {@code HTTP 503 from hooks.slack.com}
   * @param retryAfter how long the receiver asked us to wait ({@code Retry-After}), if it did
   */
  record Transient(String reason, Optional<Duration> retryAfter) implements Attempt {
    public Transient {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(retryAfter, "retryAfter");
    }
  }

  /**
   * A failure that retrying cannot fix: the webhook is gone (Slack 404/410), the request is invalid
   * (PagerDuty 400), the credentials are refused.
   */
  record Permanent(String reason) implements Attempt {
    public Permanent {
      Objects.requireNonNull(reason, "reason");
    }
  }

  Attempt DELIVERED = new Delivered();
}
