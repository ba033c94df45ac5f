package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import mockwebserver3.SocketEffect;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.FieldSource;

/** Every HTTP channel against a real local server, answering as receivers do on good and bad days. */
class HttpChannelsTest {
  static final java.util.List<String> TYPES = Receivers.TYPES;

  private final FakeClock clock = new FakeClock(Instant.parse("2026-03-01T12:00:00Z"));
  private final HttpTransport http = HttpTransport.create(Duration.ofSeconds(2), Duration.ofMillis(800), clock);
  private final MockWebServer server = new MockWebServer();

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private String host() {
    return server.getHostName();
  }

  private HttpChannel channel(String type) {
    return Receivers.channel(type, server, http);
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void postsJsonOnceAndA2xxIsDelivered(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().code(type.equals("slack") ? 200 : 202).body("ok").build());

    assertThat(channel(type).send(Alerts.consoleLogin(), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);

    RecordedRequest request = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(request.getMethod()).isEqualTo("POST");
    assertThat(request.getUrl().encodedPath()).isEqualTo(Receivers.path(type));
    assertThat(request.getHeaders().get("Content-Type")).isEqualTo("application/json; charset=utf-8");
    assertThat(Alerts.json(request.getBody().utf8()).isObject()).isTrue();
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void a429WithRetryAfterInSecondsIsTransientAndSaysHowLongToWait(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().code(429).setHeader("Retry-After", "30").body("rate_limited").build());

    Attempt a = channel(type).send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(a).isEqualTo(new Attempt.Transient("HTTP 429 from " + host() + ": rate_limited",
        Optional.of(Duration.ofSeconds(30))));
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void a503WithRetryAfterAsADateCountsFromTheClock(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().code(503).setHeader("Retry-After", "Sun, 01 Mar 2026 12:02:00 GMT")
        .build());

    Attempt a = channel(type).send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(a).isEqualTo(new Attempt.Transient("HTTP 503 from " + host() + "", Optional.of(Duration.ofMinutes(2))));
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void a500IsTransient(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("internal error").build());

    assertThat(channel(type).send(Alerts.consoleLogin(), Alerts.KEY))
        .isEqualTo(new Attempt.Transient("HTTP 500 from " + host() + ": internal error", Optional.empty()));
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void aReceiverThatDoesNotAnswerInTimeIsTransient(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).headersDelay(10, TimeUnit.SECONDS).build());

    assertThat(channel(type).send(Alerts.consoleLogin(), Alerts.KEY))
        .isEqualTo(new Attempt.Transient("no answer from " + host() + " within 800 ms", Optional.empty()));
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void aBodyThatComesAfterTheTimeoutIsTransientToo(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().code(200).body("late").bodyDelay(10, TimeUnit.SECONDS).build());

    assertThat(channel(type).send(Alerts.consoleLogin(), Alerts.KEY))
        .isEqualTo(new Attempt.Transient("no answer from " + host() + " within 800 ms", Optional.empty()));
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void aDroppedConnectionIsTransient(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().onRequestStart(new SocketEffect.CloseSocket()).build());

    Attempt a = channel(type).send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(a).isInstanceOf(Attempt.Transient.class);
    assertThat(((Attempt.Transient) a).reason()).startsWith("connection to " + host() + " failed");
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void aReceiverThatIsNotListeningIsTransient(String type) throws Exception {
    HttpChannel channel = channel(type);
    server.close();

    Attempt a = channel.send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(a).isInstanceOf(Attempt.Transient.class);
    assertThat(((Attempt.Transient) a).reason()).startsWith("could not connect to " + host() + "");
  }

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource({
      "slack, 404, no_service, permanent", "slack, 410, channel_is_archived, permanent",
      "slack, 400, invalid_payload, permanent", "slack, 403, action_prohibited, permanent",
      "pagerduty, 400, Event object is invalid, permanent", "opsgenie, 422, Request body is not processable, permanent",
      "opsgenie, 401, Key is invalid, permanent", "teams, 413, Request Entity Too Large, permanent",
      "webhook, 410, gone, permanent", "webhook, 400, bad, transient", "webhook, 401, who are you, transient"})
  void refusalsAreClassifiedPerReceiver(String type, int status, String body, String kind) throws Exception {
    server.enqueue(new MockResponse.Builder().code(status).body(body).build());

    Attempt a = channel(type).send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(ResponsesTest.kind(a)).isEqualTo(kind);
    assertThat(a.toString()).contains("HTTP " + status + " from " + host() + ": " + body);
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void noSecretInReasonsPreviewsOrSettings(String type) throws Exception {
    // A receiver that echoes what it got: its answer must not carry the credential into our records.
    String echo = String.join(" ", Receivers.SECRETS);
    server.enqueue(new MockResponse.Builder().code(500).body("you sent " + echo + " " + server.url(Receivers.path(type)))
        .build());
    HttpChannel channel = channel(type);

    Attempt a = channel.send(Alerts.consoleLogin(), Alerts.KEY);
    String preview = channel.preview(Alerts.consoleLogin(), Alerts.KEY);

    for (String secret : Receivers.SECRETS) {
      assertThat(preview).doesNotContain(secret);
      if (reasonMayQuote(type, secret)) {
        assertThat(a.toString()).doesNotContain(secret);
      }
    }
    assertThat(preview).startsWith("POST http://" + host() + ":" + server.getPort());
  }

  @Test
  void settingsShowNoSecretEither() {
    String shown = String.join("\n", Receivers.slack(server).toString(), Receivers.webhook(server).toString(),
        Receivers.teams(server).toString(), new OpsgenieSettings("o", OpsgenieSettings.EU,
            dev.cairn.config.Secret.of(Receivers.OPSGENIE_KEY), java.util.List.of()).toString(),
        PagerDutySettings.of("p", dev.cairn.config.Secret.of(Receivers.ROUTING_KEY)).toString());
    for (String secret : Receivers.SECRETS) {
      assertThat(shown).doesNotContain(secret);
    }
    assertThat(shown).contains("webhookUrl=http://" + host() + ":" + server.getPort() + "/services/…",
        "url=http://" + host() + ":" + server.getPort() + "/cairn, signed=true", "/workflows/…",
        "apiKey=[secret]", "routingKey=[secret]");
  }

  /** A reason scrubs the channel's own secrets; the others (of other channels) mean nothing to it. */
  private static boolean reasonMayQuote(String type, String secret) {
    return switch (type) {
      case "slack" -> secret.equals(Receivers.SLACK_TOKEN);
      case "webhook" -> secret.equals(Receivers.WEBHOOK_BEARER) || Receivers.WEBHOOK_SECRET.endsWith(secret);
      case "opsgenie" -> secret.equals(Receivers.OPSGENIE_KEY);
      case "pagerduty" -> secret.equals(Receivers.ROUTING_KEY);
      default -> secret.equals(Receivers.TEAMS_SIG);
    };
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void aTemporaryRedirectOnTheSameHostIsFollowedWithTheSameBody(String type) throws Exception {
    server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "/moved").build());
    server.enqueue(new MockResponse.Builder().code(200).build());

    assertThat(channel(type).send(Alerts.consoleLogin(), Alerts.KEY)).isEqualTo(Attempt.DELIVERED);

    RecordedRequest first = server.takeRequest(1, TimeUnit.SECONDS);
    RecordedRequest second = server.takeRequest(1, TimeUnit.SECONDS);
    assertThat(second.getUrl().encodedPath()).isEqualTo("/moved");
    assertThat(second.getMethod()).isEqualTo("POST");
    assertThat(second.getBody()).isEqualTo(first.getBody());
  }

  @Test
  void aRedirectToAnotherHostIsNotFollowed() throws Exception {
    server.enqueue(new MockResponse.Builder().code(308).setHeader("Location", "http://203.0.113.9/steal").build());

    Attempt a = channel("slack").send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(a).isEqualTo(new Attempt.Permanent("HTTP 308 from " + host() + " (redirect not followed: update the URL)"));
    assertThat(server.getRequestCount()).isEqualTo(1);
  }

  @Test
  void aPermanentRedirectThatWouldTurnThePostIntoAGetIsNotFollowed() throws Exception {
    server.enqueue(new MockResponse.Builder().code(302).setHeader("Location", "/elsewhere").build());

    assertThat(channel("webhook").send(Alerts.consoleLogin(), Alerts.KEY))
        .isEqualTo(new Attempt.Permanent("HTTP 302 from " + host() + " (redirect not followed: update the URL)"));
  }

  @Test
  void aRedirectLoopEndsAfterAFewHops() throws Exception {
    for (int i = 0; i <= HttpTransport.MAX_REDIRECTS; i++) {
      server.enqueue(new MockResponse.Builder().code(307).setHeader("Location", "/again").build());
    }

    assertThat(channel("teams").send(Alerts.consoleLogin(), Alerts.KEY)).isInstanceOf(Attempt.Permanent.class);
    assertThat(server.getRequestCount()).isEqualTo(HttpTransport.MAX_REDIRECTS + 1);
  }

  @Test
  void aHugeAnswerIsReadOnlyAsFarAsItIsQuoted() throws Exception {
    server.enqueue(new MockResponse.Builder().code(500).body("e".repeat(5_000_000)).build());

    Attempt a = channel("pagerduty").send(Alerts.consoleLogin(), Alerts.KEY);

    assertThat(((Attempt.Transient) a).reason()).hasSizeLessThan(300);
  }
}
