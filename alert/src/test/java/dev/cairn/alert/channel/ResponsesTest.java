package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.alert.channel.Responses.Receiver;
import dev.cairn.testkit.FakeClock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ResponsesTest {
  private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T12:00:00Z"));

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "SLACK, 200, delivered", "SLACK, 404, permanent", "SLACK, 410, permanent", "SLACK, 400, permanent",
      "SLACK, 403, permanent", "SLACK, 429, transient", "SLACK, 500, transient", "SLACK, 302, permanent",
      "PAGERDUTY, 202, delivered", "PAGERDUTY, 400, permanent", "PAGERDUTY, 429, transient",
      "PAGERDUTY, 502, transient",
      "OPSGENIE, 202, delivered", "OPSGENIE, 401, permanent", "OPSGENIE, 422, permanent", "OPSGENIE, 429, transient",
      "TEAMS, 202, delivered", "TEAMS, 413, permanent", "TEAMS, 408, transient", "TEAMS, 503, transient",
      "WEBHOOK, 204, delivered", "WEBHOOK, 410, permanent", "WEBHOOK, 400, transient", "WEBHOOK, 404, transient",
      "WEBHOOK, 301, permanent", "WEBHOOK, 504, transient"})
  void classifiesEachReceiverAsItDocuments(Receiver receiver, int status, String expected) {
    Attempt a = Responses.classify(receiver, status, Optional.empty(), "example.com", "", clock);
    assertThat(kind(a)).isEqualTo(expected);
  }

  @Test
  void theReasonNamesTheStatusTheHostAndQuotesTheBodyOnOneLine() {
    Attempt a = Responses.classify(Receiver.SLACK, 404, Optional.empty(), "hooks.slack.com", "no_service\r\n", clock);
    assertThat(a).isEqualTo(new Attempt.Permanent("HTTP 404 from hooks.slack.com: no_service"));
    Attempt long503 = Responses.classify(Receiver.SLACK, 503, Optional.empty(), "h", "x".repeat(5000), clock);
    assertThat(((Attempt.Transient) long503).reason()).hasSizeLessThan(Responses.MAX_QUOTED + 30);
  }

  @Test
  void retryAfterInSeconds() {
    assertThat(Responses.retryAfter("120", clock)).contains(Duration.ofSeconds(120));
    assertThat(Responses.retryAfter(" 0 ", clock)).contains(Duration.ZERO);
    assertThat(Responses.classify(Receiver.SLACK, 429, Optional.of("7"), "h", "", clock))
        .isEqualTo(new Attempt.Transient("HTTP 429 from h", Optional.of(Duration.ofSeconds(7))));
  }

  @Test
  void retryAfterAsAnHttpDateCountsFromTheClock() {
    assertThat(Responses.retryAfter("Sun, 01 Mar 2026 12:01:30 GMT", clock)).contains(Duration.ofSeconds(90));
    assertThat(Responses.retryAfter("Sun, 01 Mar 2026 11:00:00 GMT", clock)).contains(Duration.ZERO);
  }

  @Test
  void retryAfterThatIsNeitherIsIgnored() {
    assertThat(Responses.retryAfter("-5", clock)).isEmpty();
    assertThat(Responses.retryAfter("soon", clock)).isEmpty();
    assertThat(Responses.retryAfter("99999999999999999999999", clock)).isEmpty();
    assertThat(Responses.retryAfter("", clock)).isEmpty();
  }

  static String kind(Attempt a) {
    if (a instanceof Attempt.Delivered) {
      return "delivered";
    }
    return a instanceof Attempt.Transient ? "transient" : "permanent";
  }
}
