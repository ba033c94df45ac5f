package dev.cairn.alarm.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.alarm.evaluate.AlarmState;
import dev.cairn.alarm.evaluate.Comparison;
import dev.cairn.alarm.evaluate.Condition;
import dev.cairn.alarm.evaluate.Evaluator;
import dev.cairn.alarm.evaluate.MissingData;
import dev.cairn.alarm.evaluate.Point;
import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.match.Severity;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The notification against a CloudWatch alarm notification captured from SNS: the same fields, in the same formats. */
class NoticeTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Published by CloudWatch to SNS in May 2025 (account and ARNs anonymised). */
  private static final String CAPTURED = """
      {"AlarmName":"alt_cpu_high_alert","AlarmDescription":null,"AWSAccountId":"123456789012",
       "AlarmConfigurationUpdatedTimestamp":"2025-05-13T09:50:08.366+0000","NewStateValue":"ALARM",
       "NewStateReason":"Threshold Crossed: 1 out of the last 1 datapoints [94.10166666666666 (14/05/25 01:55:00)] was greater than or equal to the threshold (90.0) (minimum 1 datapoint for OK -> ALARM transition).",
       "StateChangeTime":"2025-05-14T01:58:11.589+0000","Region":"US East (Ohio)",
       "AlarmArn":"arn:aws:cloudwatch:us-east-2:123456789012:alarm:alt_cpu_high_alert","OldStateValue":"OK",
       "OKActions":[],"AlarmActions":["arn:aws:sns:us-east-2:123456789012:alerts"],"InsufficientDataActions":[],
       "Trigger":{"MetricName":"CPUUtilization","Namespace":"AWS/EC2","StatisticType":"Statistic","Statistic":"MAXIMUM",
       "Unit":null,"Dimensions":[{"value":"i-08fb8abe21e6fa058","name":"InstanceId"}],"Period":60,"EvaluationPeriods":1,
       "DatapointsToAlarm":1,"ComparisonOperator":"GreaterThanOrEqualToThreshold","Threshold":90.0,
       "TreatMissingData":"missing","EvaluateLowSampleCountPercentile":""}}
      """;
  private static final Instant T = Instant.parse("2026-12-06T10:06:00Z");

  private static Notice notice() {
    Condition c = new Condition(Comparison.GreaterThanOrEqualToThreshold, 1, 3, 2, MissingData.notBreaching);
    List<Point> range = List.of(Point.missing(T.minusSeconds(1560)), Point.missing(T.minusSeconds(1260)),
        new Point(T.minusSeconds(960), 0, 1), new Point(T.minusSeconds(660), 3, 3), new Point(T.minusSeconds(360), 5, 5));
    String reason = Reason.of(c, Evaluator.evaluate(c, range, AlarmState.OK), AlarmState.OK);
    Trigger trigger = new Trigger("ConsoleLoginFailures", "CloudTrailMetrics", "SUM", null, Map.of(), 300, 3, 2,
        "GreaterThanOrEqualToThreshold", 1, "notBreaching");
    Notice.Context context = new Notice.Context(8, T.minusSeconds(660), T.minusSeconds(60),
        Map.of("actor", List.of(new Alert.Count("alice", 7), new Alert.Count("bob", 1))),
        List.of(new Alert.AlertEvent("e-1", "2026-12-06T09:55:10Z", "ConsoleLogin",
            "alice ConsoleLogin in Prod us-east-1 from 203.0.113.9", JSON.createObjectNode())));
    return new Notice("console-login-failures", "", "", Severity.HIGH, "111111111111", "us-east-1", "OK", "ALARM", T,
        reason, trigger, Map.of("ALARM", List.of("oncall"), "OK", List.of("secops")), context, Map.of(),
        Instant.parse("2026-12-06T09:00:00.123Z"));
  }

  @Test
  void hasTheCapturedNotificationsFieldsInItsFormats() throws Exception {
    JsonNode captured = JSON.readTree(CAPTURED);
    JsonNode ours = notice().message();
    assertThat(names(ours)).containsExactlyElementsOf(concat(names(captured), "Cairn"));
    assertThat(names(ours.get("Trigger"))).containsExactlyElementsOf(names(captured.get("Trigger")));
    for (String field : names(captured)) {
      assertThat(ours.get(field).getNodeType()).as(field).isIn(captured.get(field).getNodeType(),
          com.fasterxml.jackson.databind.node.JsonNodeType.NULL, com.fasterxml.jackson.databind.node.JsonNodeType.STRING);
    }
    for (String field : names(captured.get("Trigger"))) {
      if (!captured.get("Trigger").get(field).isNull()) {
        assertThat(ours.get("Trigger").get(field).getNodeType()).as(field)
            .isEqualTo(captured.get("Trigger").get(field).getNodeType());
      }
    }
    assertThat(ours.path("StateChangeTime").asText()).isEqualTo("2026-12-06T10:06:00.000+0000");
    assertThat(ours.path("AlarmConfigurationUpdatedTimestamp").asText()).isEqualTo("2026-12-06T09:00:00.123+0000");
    assertThat(ours.path("Region").asText()).isEqualTo("US East (N. Virginia)");
    assertThat(ours.path("AlarmArn").asText()).isEqualTo("arn:aws:cloudwatch:us-east-1:111111111111:alarm:console-login-failures");
    assertThat(ours.path("AlarmDescription").isNull()).isTrue();
    assertThat(ours.path("Trigger").path("Statistic").asText()).isEqualTo("SUM");
    assertThat(ours.path("Trigger").path("Threshold").toString()).isEqualTo("1.0");
    assertThat(ours.path("NewStateReason").asText()).isEqualTo("Threshold Crossed: 2 out of the last 3 datapoints"
        + " [5.0 (06/12/26 10:00:00), 3.0 (06/12/26 09:55:00)] was greater than or equal to the threshold (1.0)"
        + " (minimum 2 datapoints for OK -> ALARM transition).");
    assertThat(ours.path("Cairn").path("topContributors").path("actor").toString())
        .isEqualTo("[{\"value\":\"alice\",\"count\":7},{\"value\":\"bob\",\"count\":1}]");
    assertThat(ours.path("Cairn").path("samples").get(0).path("summary").asText())
        .isEqualTo("alice ConsoleLogin in Prod us-east-1 from 203.0.113.9");
  }

  @Test
  void becomesAnAlertEveryChannelRendersWithTheSubjectAndAnIdPerTransition() {
    Notice notice = notice();
    Alert alert = AlertJson.read(notice.alert(List.of("oncall"), T).orElseThrow().body());
    assertThat(alert.title()).isEqualTo("ALARM: \"console-login-failures\" in US East (N. Virginia)");
    assertThat(alert.severity()).isEqualTo(Severity.HIGH);
    assertThat(alert.digest().orElseThrow().topActors()).extracting(Alert.Count::value).containsExactly("alice", "bob");
    assertThat(alert.alarm().orElseThrow().toString()).isEqualTo(notice.message().toString());
    assertThat(alert.id()).isEqualTo(notice.id()).startsWith("alarm-");
    assertThat(notice.alert(List.of(), T)).isEmpty();
  }

  @Test
  void regionDisplayNamesAreCloudWatchs() {
    assertThat(Regions.displayName("us-east-1")).isEqualTo("US East (N. Virginia)");
    assertThat(Regions.displayName("us-east-2")).isEqualTo("US East (Ohio)");
    assertThat(Regions.displayName("eu-west-1")).isEqualTo("EU (Ireland)");
    assertThat(Regions.displayName("ap-northeast-2")).isEqualTo("Asia Pacific (Seoul)");
    assertThat(Regions.displayName("xx-nowhere-9")).isEqualTo("xx-nowhere-9");
    assertThat(Regions.displayName("")).isEmpty();
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new ArrayList<>();
    for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
      names.add(it.next());
    }
    return names;
  }

  private static List<String> concat(List<String> a, String b) {
    List<String> all = new ArrayList<>(a);
    all.add(b);
    return all;
  }
}
