package dev.cairn.alert.channel;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.config.Secret;
import dev.cairn.match.Severity;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OpsgenieAndPagerDutyTest {
  private static final HttpTransport HTTP = HttpTransport.defaults();

  @Test
  void opsgenieInTheUsTheEuAndJiraServiceManagement() {
    assertThat(settings(OpsgenieSettings.US).alertsUrl()).hasToString("https://api.opsgenie.com/v2/alerts");
    assertThat(settings(OpsgenieSettings.EU).alertsUrl()).hasToString("https://api.eu.opsgenie.com/v2/alerts");
    assertThat(settings(OpsgenieSettings.JSM).alertsUrl())
        .hasToString("https://api.atlassian.com/jsm/ops/integration/v2/alerts");
    assertThat(settings(URI.create("https://api.eu.opsgenie.com/")).alertsUrl())
        .hasToString("https://api.eu.opsgenie.com/v2/alerts");
  }

  private static OpsgenieSettings settings(URI url) {
    return new OpsgenieSettings("oncall", url, Secret.of("key"), List.of());
  }

  @Test
  void opsgenieTakesTheKeyAsAGenieKeyHeaderThatPreviewsNeverShow() {
    OpsgenieChannel c = new OpsgenieChannel(settings(OpsgenieSettings.EU), HTTP);
    assertThat(c.render(Alerts.consoleLogin(), Alerts.KEY).headers()).containsEntry("Authorization", "GenieKey key");
    assertThat(c.preview(Alerts.consoleLogin(), Alerts.KEY))
        .startsWith("POST https://api.eu.opsgenie.com/v2/…\n").contains("Authorization: [secret]\n");
  }

  @ParameterizedTest
  @CsvSource({"CRITICAL, P1, critical", "HIGH, P2, error", "MEDIUM, P3, warning", "LOW, P4, info", "INFO, P5, info"})
  void severityBecomesOpsgeniePriorityAndPagerDutySeverity(Severity severity, String priority, String pd) {
    assertThat(OpsgenieChannel.priority(severity)).isEqualTo(priority);
    assertThat(PagerDutyChannel.severity(severity)).isEqualTo(pd);
  }

  @Test
  void keysTooLongForTheReceiverAreSentAsTheirDigest() {
    String longKey = "k".repeat(600);
    ObjectNode og = new OpsgenieChannel(settings(OpsgenieSettings.US), HTTP).body(Alerts.consoleLogin(), longKey);
    assertThat(og.get("alias").asText()).matches("[0-9a-f]{64}");
    ObjectNode pd = PagerDutyChannel.event(Alerts.consoleLogin(), longKey);
    assertThat(pd.get("dedup_key").asText()).isEqualTo(og.get("alias").asText());
    assertThat(PagerDutyChannel.event(Alerts.consoleLogin(), "k".repeat(255)).get("dedup_key").asText()).hasSize(255);
  }

  @Test
  void opsgenieDetailsStayWithinEightThousandCharactersInAll() {
    String big = "d".repeat(3_000);
    Alert a = Alerts.consoleLogin();
    Alert alert = new Alert(a.id(), a.rule(), a.ruleDescription(), a.severity(), a.title(), a.text(),
        Alerts.facts(big, big, big), 1, a.events(), Optional.empty(), Map.of(), a.created());
    JsonNode details = OpsgenieChannel.details(alert);
    int total = 0;
    for (var e : details.properties()) {
      total += e.getKey().length() + e.getValue().asText().length();
      assertThat(e.getValue().asText()).hasSizeLessThanOrEqualTo(OpsgenieChannel.DETAIL_VALUE_MAX);
    }
    assertThat(total).isLessThanOrEqualTo(OpsgenieChannel.DETAILS_MAX);
    assertThat(details.fieldNames().next()).isEqualTo("rule"); // what matters most comes first
  }

  @Test
  void pagerDutyPreviewsHideTheRoutingKeyThatTheBodyCarries() {
    PagerDutyChannel c = new PagerDutyChannel(PagerDutySettings.of("pager", Secret.of("ROUTING123")), HTTP);
    HttpChannel.Rendered r = c.render(Alerts.consoleLogin(), Alerts.KEY);
    assertThat(Alerts.json(new String(r.body(), StandardCharsets.UTF_8)).get("routing_key").asText()).isEqualTo("ROUTING123");
    assertThat(c.preview(Alerts.consoleLogin(), Alerts.KEY)).contains("\"routing_key\":\"[secret]\"")
        .doesNotContain("ROUTING123").startsWith("POST https://events.pagerduty.com/v2/…");
    assertThat(c.minInterval()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void pagerDutyLeavesOutAnEventTimeItWouldRefuse() {
    Alert a = Alerts.consoleLogin();
    Alert.Facts f = a.facts();
    Alert odd = new Alert(a.id(), a.rule(), a.ruleDescription(), a.severity(), a.title(), a.text(),
        new Alert.Facts(f.account(), f.accountAlias(), f.region(), f.actor(), f.mfa(), f.sourceIpAddress(), f.kind(),
            f.category(), f.readOnly(), f.outcome(), f.errorCode(), f.errorMessage(), f.eventName(), f.eventSource(),
            "yesterday", f.userAgent(), f.principalArn()),
        1, a.events(), Optional.empty(), Map.of(), a.created());
    assertThat(PagerDutyChannel.event(odd, "k").get("payload").has("timestamp")).isFalse();
    assertThat(PagerDutyChannel.event(a, "k").at("/payload/timestamp").asText()).isEqualTo("2023-07-19T21:20:03Z");
  }
}
