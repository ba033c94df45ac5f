package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.match.Severity;
import dev.cairn.testkit.FakeClock;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import mockwebserver3.MockWebServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * An alarm's state change on every channel: the webhook sends CloudWatch's SNS message as it is;
 * the others show the subject, the reason, who and what is behind it (top contributors with counts)
 * and the sample events' summaries.
 */
class AlarmRenderTest {
  static final List<String> TYPES = Receivers.TYPES;
  private static final ObjectMapper JSON = new ObjectMapper();

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

  static Alert alarm() {
    ObjectNode message = JSON.createObjectNode().put("AlarmName", "console-login-failures").put("NewStateValue", "ALARM")
        .put("NewStateReason", "Threshold Crossed: 1 out of the last 1 datapoints [7.0 (06/12/26 10:05:00)] was greater"
            + " than or equal to the threshold (3.0) (minimum 1 datapoint for OK -> ALARM transition).")
        .put("StateChangeTime", "2026-12-06T10:06:00.000+0000");
    message.putObject("Cairn").put("matchingEvents", 7);
    Alert.Facts facts = new Alert.Facts("111111111111", "Prod", "us-east-1", "", "", "", "alarm", "", false, "", "", "", "",
        "", "", "", "");
    Alert.Digest digest = new Alert.Digest("alarm-1", Instant.parse("2026-12-06T10:05:00Z"),
        Instant.parse("2026-12-06T10:10:00Z"), List.of(new Alert.Count("alice", 6), new Alert.Count("bob", 1)),
        List.of(new Alert.Count("203.0.113.9", 7)), List.of(new Alert.Count("Prod", 7)),
        List.of(new Alert.Count("us-east-1", 7)), List.of(new Alert.Count("ConsoleLogin", 7)));
    List<Alert.AlertEvent> samples = List.of(new Alert.AlertEvent("e-1", "2026-12-06T10:05:10Z", "ConsoleLogin",
        "alice ConsoleLogin in Prod us-east-1 from 203.0.113.9", JSON.createObjectNode()));
    return new Alert("alarm-1", "console-login-failures", "", Severity.HIGH,
        "ALARM: \"console-login-failures\" in US East (N. Virginia)", message.path("NewStateReason").asText(), facts, 7,
        samples, Optional.of(digest), Map.of(), Instant.parse("2026-12-06T10:06:00Z"), Optional.of(message));
  }

  @ParameterizedTest
  @FieldSource("TYPES")
  void everyChannelSaysWhoIsBehindIt(String type) {
    String body = new String(Receivers.channel(type, server, http).render(alarm(), "key").body(), StandardCharsets.UTF_8);
    if (type.equals("webhook")) { // CloudWatch's message, parsed unchanged by its consumers
      JsonNode m = Alerts.json(body);
      assertThat(m.path("AlarmName").asText()).isEqualTo("console-login-failures");
      assertThat(m.has("rule")).isFalse();
    } else {
      // PagerDuty's custom details carry the count as a field rather than the digest's first line.
      assertThat(body).contains(type.equals("pagerduty") ? "\"count\":\"7\"" : "7 matching events");
      assertThat(body).contains("console-login-failures", "Threshold Crossed", "alice (6), bob (1)",
          "203.0.113.9 (7)", "us-east-1 (7)", "ConsoleLogin (7)", "alice ConsoleLogin in Prod us-east-1 from 203.0.113.9");
    }
  }

  @Test
  void theConsoleShowsTheSubjectTheReasonAndTheTopActor() {
    String line = LineFormat.table(24).line(alarm());
    assertThat(line).startsWith("high     console-login-failures   2026-12-06T10:06:00.000+0000 ")
        .contains("ALARM: \"console-login-failures\" in US East (N. Virginia) - Threshold Crossed")
        .endsWith("top actor alice (6)\n");
    assertThat(Alerts.json(LineFormat.jsonLines().line(alarm())).path("NewStateValue").asText()).isEqualTo("ALARM");
  }

  @Test
  void theEmailSaysWhoIsBehindItInBothParts() {
    for (String part : List.of(EmailChannel.text(alarm()), EmailChannel.html(alarm()))) {
      assertThat(part).contains("console-login-failures", "Threshold Crossed", "alice (6), bob (1)", "203.0.113.9 (7)",
          "ConsoleLogin (7)", "alice ConsoleLogin in Prod us-east-1 from 203.0.113.9");
    }
    // CloudWatch's subject, after the severity every e-mail subject of Cairn's starts with.
    assertThat(EmailChannel.subject(alarm())).isEqualTo("[HIGH] ALARM: \"console-login-failures\" in US East (N. Virginia)");
  }
}
