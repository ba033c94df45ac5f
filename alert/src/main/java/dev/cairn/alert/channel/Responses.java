package dev.cairn.alert.channel;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * The one place that turns a receiver's HTTP answer into an {@link Attempt}, per receiver, as each
 * documents it:
 *
 * <table>
 *   <caption>Classification by receiver and status</caption>
 *   <tr><th>status</th><th>slack, opsgenie, pagerduty, teams</th><th>webhook (Standard Webhooks)</th></tr>
 *   <tr><td>2xx</td><td>delivered</td><td>delivered</td></tr>
 *   <tr><td>3xx not followed</td><td>permanent</td><td>permanent</td></tr>
 *   <tr><td>408, 429, 5xx</td><td>transient, with {@code Retry-After}</td><td>transient, with {@code Retry-After}</td></tr>
 *   <tr><td>410</td><td>permanent</td><td>permanent (the spec: stop sending)</td></tr>
 *   <tr><td>other 4xx</td><td>permanent (Slack 400/403/404, PagerDuty 400, Opsgenie 401/403/422,
 *       Teams 413, …)</td><td>transient (the spec: any other status is a failure to retry)</td></tr>
 * </table>
 *
 * <p>Connections that fail, drop or time out are transient ({@link HttpTransport}).
 */
final class Responses {
  /** How much of a response body a reason quotes. */
  static final int MAX_QUOTED = 200;

  private Responses() {}

  /** Who answered: decides the 4xx row of the table. */
  enum Receiver {
    SLACK,
    WEBHOOK,
    OPSGENIE,
    PAGERDUTY,
    TEAMS
  }

  /**
   * The attempt an answer means.
   *
   * @param host who answered, for the reason
   * @param body the start of the response body, quoted in the reason (already scrubbed of secrets)
   */
  static Attempt classify(Receiver receiver, int status, Optional<String> retryAfter, String host, String body,
      InstantSource clock) {
    if (status >= 200 && status < 300) {
      return Attempt.DELIVERED;
    }
    String reason = "HTTP " + status + " from " + host + quote(body);
    if (status >= 300 && status < 400) {
      return new Attempt.Permanent(reason + " (redirect not followed: update the URL)");
    }
    if (status == 408 || status == 429 || status >= 500) {
      return new Attempt.Transient(reason, retryAfter.flatMap(v -> retryAfter(v, clock)));
    }
    if (status == 410) {
      return new Attempt.Permanent(reason);
    }
    if (receiver == Receiver.WEBHOOK) {
      return new Attempt.Transient(reason, retryAfter.flatMap(v -> retryAfter(v, clock)));
    }
    return new Attempt.Permanent(reason);
  }

  /**
   * A {@code Retry-After} value: whole seconds, or an HTTP-date (RFC 1123, the form RFC 9110 says
   * senders use) measured from now. Empty when it is neither; never negative. Not capped: the
   * delivery loop caps it.
   */
  static Optional<Duration> retryAfter(String value, InstantSource clock) {
    String v = value.trim();
    if (!v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      try {
        return Optional.of(Duration.ofSeconds(Long.parseLong(v)));
      } catch (NumberFormatException e) {
        return Optional.empty(); // more digits than a long holds
      }
    }
    try {
      Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
      Duration wait = Duration.between(clock.instant(), at);
      return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static String quote(String body) {
    String b = Text.oneLine(body).strip();
    return b.isEmpty() ? "" : ": " + Text.fit(b, MAX_QUOTED);
  }
}
