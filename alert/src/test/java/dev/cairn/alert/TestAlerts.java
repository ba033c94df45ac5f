package dev.cairn.alert;

import dev.cairn.alert.outbox.Alerting;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.event.CloudTrailEvent;
import dev.cairn.match.Rule;
import dev.cairn.match.Severity;
import dev.cairn.runtime.Match;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Events, facts and alerts for alerting tests. */
public final class TestAlerts {
  private static final ObjectMapper JSON = new ObjectMapper();

  private TestAlerts() {}

  /** A CloudTrail record by {@code user} from {@code ip}. */
  public static CloudTrailEvent event(String eventId, String user, String eventName, String ip) {
    try {
      return CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree("""
          {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","userName":"%s","accountId":"111111111111",
           "arn":"arn:aws:iam::111111111111:user/%s"},"eventTime":"2026-12-06T10:00:00Z",
           "eventSource":"signin.amazonaws.com","eventName":"%s","awsRegion":"us-east-1","sourceIPAddress":"%s",
           "eventID":"%s","eventType":"AwsConsoleSignIn","recipientAccountId":"111111111111"}
          """.formatted(user, user, eventName, ip, eventId)));
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Facts read straight from the record, with one account alias: enough for stage tests. */
  public static Alert.Facts facts(CloudTrailEvent e) {
    String account = e.recipientAccountId() == null ? "" : e.recipientAccountId();
    String alias = account.equals("111111111111") ? "Corezoid Dev" : account;
    return new Alert.Facts(account, alias, e.awsRegion(), e.userIdentity().userName(), "no", e.sourceIpAddress(),
        "console-sign-in", "management", false, "success", "", "", e.eventName(), e.eventSource(), e.eventTimeText(),
        "", e.userIdentity().arn());
  }

  public static Alerting alerting(Map<String, Alerting.RuleOptions> rules, List<dev.cairn.alert.route.Route> routes,
      Map<String, String> channelTypes) {
    return new Alerting(TestAlerts::facts, new dev.cairn.alert.route.Routes(routes), rules,
        channelTypes, java.time.InstantSource.system());
  }

  public static Rule rule(String id, Severity severity) {
    return Rule.builder(id).description("Test rule " + id).severity(severity).filter("{ $.eventName = * }").build();
  }

  public static Match match(CloudTrailEvent event, Rule... rules) {
    return new Match(event, List.of(rules), "s3://trail/AWSLogs/111111111111/x.json.gz");
  }

  /** A plain alert with a given id, as the outbox would hold it. */
  public static Alert alert(String id) {
    CloudTrailEvent event = event("e-" + id, "alice", "ConsoleLogin", "192.0.2.1");
    return new Alert(id, "r", "", Severity.HIGH, "title " + id, "text " + id, facts(event), 1,
        List.of(new Alert.AlertEvent("e-" + id, "2026-12-06T10:00:00Z", "ConsoleLogin", "alice ConsoleLogin",
            event.record())), Optional.empty(), Map.of(), Instant.parse("2026-12-06T10:00:00Z"));
  }
}
