package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.alert.Alert;
import dev.cairn.config.Secret;
import dev.cairn.testkit.FakeClock;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WebhookChannelTest {
  private static final URI URL = URI.create("https://siem.example.com/cairn");
  private final FakeClock clock = new FakeClock(Instant.ofEpochSecond(1614265330));
  private final HttpTransport http = HttpTransport.create(java.time.Duration.ofSeconds(1),
      java.time.Duration.ofSeconds(1), clock);

  @Test
  void signsTheSpecsOwnExample() {
    // The test vector of the Standard Webhooks reference libraries.
    byte[] key = WebhookSettings.signingKey(Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"));
    assertThat(WebhookChannel.sign(key, "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330,
        "{\"test\": 2432232314}".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=");
  }

  @Test
  void theWhsecPrefixIsOptionalTheBase64IsNot() {
    assertThat(WebhookSettings.signingKey(Secret.of("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")))
        .isEqualTo(WebhookSettings.signingKey(Secret.of("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw")));
    assertThatIllegalArgumentException().isThrownBy(() -> signed("whsec_not base64 at all!"))
        .withMessage("secret: expected whsec_ followed by base64 (Standard Webhooks), got a value that is not base64");
    String shortKey = "whsec_" + Base64.getEncoder().encodeToString(new byte[16]);
    assertThatIllegalArgumentException().isThrownBy(() -> signed(shortKey))
        .withMessage("secret: expected 24 to 64 random bytes (Standard Webhooks), got 16")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain(shortKey));
  }

  private static WebhookSettings signed(String secret) {
    return new WebhookSettings("audit", URL, Optional.of(Secret.of(secret)), Map.of(), Map.of());
  }

  @Test
  void theIdIsTheKeyUnlessTheSpecForbidsIt() {
    assertThat(WebhookChannel.webhookId("console-login-failed/abc:webhook")).isEqualTo("console-login-failed/abc:webhook");
    // A '.' would make "id.timestamp.body" ambiguous: such a key is sent as its digest, the same every time.
    String dotted = WebhookChannel.webhookId("cis-4.3/abc");
    assertThat(dotted).startsWith("msg_").hasSize(4 + 43).doesNotContain(".").isEqualTo(WebhookChannel.webhookId("cis-4.3/abc"));
    assertThat(WebhookChannel.webhookId("x".repeat(129))).startsWith("msg_");
    assertThat(WebhookChannel.webhookId("with space")).startsWith("msg_");
  }

  @Test
  void anUnsignedWebhookCarriesTheIdButNoSignature() {
    HttpChannel.Rendered r = new WebhookChannel(WebhookSettings.of("audit", URL), http).render(Alerts.consoleLogin(), "k1");
    assertThat(r.headers()).containsEntry("webhook-id", "k1").doesNotContainKeys("webhook-timestamp", "webhook-signature");
  }

  @Test
  void theBodyIsTheAlertJsonWithTheWebhookTemplatesText() {
    Alert a = Alerts.consoleLogin();
    Alert templated = new Alert(a.id(), a.rule(), a.ruleDescription(), a.severity(), a.title(), a.text(), a.facts(),
        a.count(), a.events(), a.digest(), Map.of("webhook", "for the SIEM"), a.created());
    JsonNode body = Alerts.json(new String(WebhookChannel.body(templated, WebhookChannel.TYPE, "k1"), StandardCharsets.UTF_8));
    assertThat(body.get("text").asText()).isEqualTo("for the SIEM");
    assertThat(List.of(body.fieldNames().next(), body.get("rule").asText(), body.get("accountAlias").asText()))
        .containsExactly("id", "console-login-failed", "Corezoid Dev");
    assertThat(body.get("id").asText()).as("the idempotency key").isEqualTo("k1");
    assertThat(body.get("alertId").asText()).isEqualTo(a.id());
  }

  @Test
  void recordsAreLeftOutFromTheLastEventWhileTheBodyIsTooLarge() {
    Alert a = Alerts.consoleLogin();
    List<Alert.AlertEvent> events = new java.util.ArrayList<>();
    for (int i = 0; i < Alert.MAX_EVENTS; i++) {
      com.fasterxml.jackson.databind.node.ObjectNode record = Alerts.JSON.createObjectNode();
      for (int f = 0; f < 10; f++) {
        record.put("field" + f, "v".repeat(WebhookChannel.FIELD_MAX)); // 160 KB a record, 3.2 MB in all
      }
      events.add(new Alert.AlertEvent("e" + i, "t", "n", "s", record));
    }
    Alert big = new Alert(a.id(), a.rule(), a.ruleDescription(), a.severity(), a.title(), a.text(), a.facts(), 20,
        events, Optional.empty(), Map.of(), a.created());

    byte[] body = WebhookChannel.body(big, WebhookChannel.TYPE, "k1");

    assertThat(body.length).isLessThanOrEqualTo(WebhookChannel.BODY_MAX);
    JsonNode tree = Alerts.json(new String(body, StandardCharsets.UTF_8));
    int omitted = tree.get("recordsOmitted").asInt();
    assertThat(omitted).isBetween(1, 20);
    assertThat(tree.at("/events/19/record").isNull()).isTrue();
    assertThat(tree.at("/events/0/record/field0").asText()).hasSize(WebhookChannel.FIELD_MAX);
    assertThat(tree.at("/events/" + (20 - omitted) + "/record").isNull()).isTrue();
    assertThat(tree.at("/events/" + (19 - omitted) + "/record").isObject()).isTrue();
    assertThat(big.events().get(0).record().get("field0").asText()).hasSize(WebhookChannel.FIELD_MAX); // untouched
  }

  @Test
  void headersTheChannelOwnsOrThatBreakLinesAreRefused() {
    assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSettings("a", URL, Optional.empty(),
        Map.of("Content-Type", "text/plain"), Map.of())).withMessage("headers: 'Content-Type' is set by the channel itself");
    assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSettings("a", URL, Optional.empty(),
        Map.of(), Map.of("webhook-signature", Secret.of("x")))).withMessage("secretHeaders: 'webhook-signature' is set by the channel itself");
    assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSettings("a", URL, Optional.empty(),
        Map.of("X-A", "1\r\nX-Injected: 2"), Map.of())).withMessage("headers: the value of 'X-A' must be one line");
    assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSettings("a", URL, Optional.empty(),
        Map.of("Bad Name", "1"), Map.of())).withMessage("headers: 'Bad Name' is not a header name");
    assertThatIllegalArgumentException().isThrownBy(() -> new WebhookSettings("a", URI.create("ftp://x/y"),
        Optional.empty(), Map.of(), Map.of())).withMessage("url: expected an http(s) URL, got 'ftp://x/y'");
  }
}
