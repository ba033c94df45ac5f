package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * A group's digest ("and 41 more: top actors, source IPs, accounts") on every channel, pushed under
 * the key the delivery loop passes: the group's first alert's, so Opsgenie and PagerDuty add it to
 * the alert they already have.
 */
class DigestTest {
  static final java.util.List<String> TYPES = Receivers.TYPES;
  private static final String FIRST_KEY = "console-login-failed/3f4b1c3a/oncall";

  private final MockWebServer server = new MockWebServer();
  private final HttpTransport http = HttpTransport.create(Duration.ofSeconds(1), Duration.ofSeconds(1), new FakeClock());

  @BeforeEach
  void start() throws IOException {
    server.start(InetAddress.getLoopbackAddress(), 0);
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void saysHowManyMoreAndWhoFromWhereIn(String type) {
    String body = new String(Receivers.channel(type, server, http).render(Alerts.digest(), FIRST_KEY).body(),
        StandardCharsets.UTF_8);
    if (type.equals("webhook")) { // for machines: the digest as data
      JsonNode d = Alerts.json(body);
      assertThat(d.get("count").asInt()).isEqualTo(41);
      assertThat(d.at("/digest/topActors/0/value").asText()).isEqualTo("JohnDoe");
      assertThat(d.at("/digest/topSourceIPs/0/count").asInt()).isEqualTo(40);
      assertThat(d.at("/digest/topAccounts/0/value").asText()).isEqualTo("Corezoid Dev");
    } else {
      assertThat(body).contains("41 more", "JohnDoe (30), root (11)", "159.224.244.142 (40)", "Corezoid Dev (41)");
    }
  }

  @Test
  void opsgenieAndPagerDutyPutItOnTheKeyTheyAreGiven() {
    JsonNode og = Alerts.json(new String(Receivers.channel("opsgenie", server, http).render(Alerts.digest(), FIRST_KEY)
        .body(), StandardCharsets.UTF_8));
    JsonNode pd = Alerts.json(new String(Receivers.channel("pagerduty", server, http).render(Alerts.digest(), FIRST_KEY)
        .body(), StandardCharsets.UTF_8));
    assertThat(og.get("alias").asText()).isEqualTo(FIRST_KEY);
    assertThat(og.at("/details/count").asText()).isEqualTo("41");
    assertThat(og.at("/details/Top actors").asText()).isEqualTo("JohnDoe (30), root (11)");
    assertThat(pd.get("dedup_key").asText()).isEqualTo(FIRST_KEY);
    assertThat(pd.at("/payload/custom_details/samples/0").asText())
        .isEqualTo("JohnDoe ConsoleLogin in Corezoid Dev (us-east-1) from 159.224.244.142");
    assertThat(Receivers.channel("webhook", server, http).render(Alerts.digest(), FIRST_KEY).headers())
        .containsEntry("webhook-id", FIRST_KEY);
  }

  @Test
  void slackShowsTheDigestAndItsSamplesInSectionsOfTheirOwn() {
    JsonNode blocks = SlackChannel.message(Alerts.digest()).get("blocks");
    assertThat(blocks.get(3).at("/text/text").asText()).isEqualTo("and 41 more, 2023-07-19T21:20:05Z – "
        + "2023-07-19T22:20:05Z\nTop actors: JohnDoe (30), root (11)\nTop source IPs: 159.224.244.142 (40), "
        + "198.51.100.7 (1)\nTop accounts: Corezoid Dev (41)");
    assertThat(blocks.get(4).at("/text/text").asText())
        .isEqualTo("• JohnDoe ConsoleLogin in Corezoid Dev (us-east-1) from 159.224.244.142");
  }

  @Test
  void aPlainAlertHasNoDigestPart() {
    assertThat(AlertView.digest(Alerts.consoleLogin())).isEmpty();
    assertThat(AlertView.samples(Alerts.consoleLogin())).isEmpty();
  }
}
