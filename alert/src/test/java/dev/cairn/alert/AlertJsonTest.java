package dev.cairn.alert;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.alert.outbox.Alerting;
import dev.cairn.decode.EventDecoder;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Severity;
import dev.cairn.runtime.state.Outbox;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AlertJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** A record as a log file may hold it: escapes, non-ASCII, markup, exponents, whitespace. */
  private static final String LOG_FILE = """
      {"Records": [ {"eventVersion": "1.08",
        "userIdentity": {"type": "IAMUser", "userName": "al\\u0069ce \\"</script>\\u2028", "accountId": "111111111111",
                         "arn": "arn:aws:iam::111111111111:user/alice"},
        "eventTime": "2026-12-06T10:00:00Z", "eventSource": "signin.amazonaws.com", "eventName": "ConsoleLogin",
        "awsRegion": "us-east-1", "sourceIPAddress": "192.0.2.1", "userAgent": "Mozilla/5.0 (Résumé; 日本)",
        "requestParameters": null, "responseElements": {"ConsoleLogin": "Failure", "n": 1.5E3, "big": 12345678901234567890},
        "eventID": "3f1c2a9e-0000-4000-8000-000000000001", "eventType": "AwsConsoleSignIn",
        "recipientAccountId": "111111111111"} ]}
      """;

  @Test
  void anAlertWrittenWithItsRecordAsReadHoldsTheSameJsonAsOneWrittenFromTheTree() throws Exception {
    CloudTrailEvent event = decoded(LOG_FILE);
    Alerting alerting = TestAlerts.alerting(Map.of(), List.of(), Map.of());

    List<Outbox.NewAlert> alerts = alerting.alerts(List.of(TestAlerts.match(event, TestAlerts.rule("r1", Severity.HIGH))));

    assertThat(alerts).hasSize(1);
    String written = alerts.get(0).body();
    Alert read = AlertJson.read(written);
    assertThat(written).contains(event.recordJson());
    assertThat(JSON.readTree(written)).isEqualTo(JSON.readTree(AlertJson.write(read)));
    JsonNode record = read.events().get(0).record();
    assertThat(record.path("userIdentity").path("userName").asText()).isEqualTo("alice \"</script>\u2028");
    assertThat(record.path("userAgent").asText()).isEqualTo("Mozilla/5.0 (Résumé; 日本)");
    assertThat(record).isEqualTo(event.record());
  }

  @Test
  void theTreeAndTheTextHoldTheSameFieldsInTheSameOrder() {
    Alert alert = TestAlerts.alert("a-1");

    List<String> fromTree = new ArrayList<>();
    AlertJson.tree(alert).fieldNames().forEachRemaining(fromTree::add);

    assertThat(fromTree).startsWith("id", "rule", "severity", "title", "text", "account", "accountAlias", "region",
        "actor", "mfa", "sourceIPAddress", "count", "events");
    assertThat(AlertJson.write(alert)).isEqualTo(AlertJson.tree(alert).toString());
  }

  /**
   * A record far larger than the JSON generator's buffer, so that its text reaches the writer in
   * several pieces, both as characters and as string slices: the alert holds it exactly, and text
   * written from the tree equals Jackson's own serialisation of the tree.
   */
  @Test
  void anAlertWithARecordLargerThanTheWritersBufferIsWrittenWhole() throws Exception {
    String big = "x\\u00e9\\\"\u65e5\u672c\u2028".repeat(4_000);
    String logFile = LOG_FILE.replace("\"requestParameters\": null", "\"requestParameters\": {\"policy\": \"" + big + "\"}");
    CloudTrailEvent event = decoded(logFile);
    Alerting alerting = TestAlerts.alerting(Map.of(), List.of(), Map.of());

    String written = alerting.alerts(List.of(TestAlerts.match(event, TestAlerts.rule("r1", Severity.HIGH)))).get(0).body();

    assertThat(event.recordJson().length()).isGreaterThan(20_000);
    assertThat(written).contains(event.recordJson());
    Alert read = AlertJson.read(written);
    assertThat(read.events().get(0).record()).isEqualTo(event.record());
    assertThat(JSON.readTree(written)).isEqualTo(AlertJson.tree(read));
    assertThat(AlertJson.write(read)).isEqualTo(AlertJson.tree(read).toString());
  }

  private static CloudTrailEvent decoded(String logFile) {
    List<CloudTrailEvent> events = new ArrayList<>();
    EventDecoder.create().decode(new ByteArrayInputStream(logFile.getBytes(StandardCharsets.UTF_8)), "test.json",
        events::add);
    assertThat(events).hasSize(1);
    return events.get(0);
  }
}
