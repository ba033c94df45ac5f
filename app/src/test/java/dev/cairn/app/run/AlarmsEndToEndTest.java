package dev.cairn.app.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.app.Main;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.TimeUnit;
import mockwebserver3.MockResponse;
import mockwebserver3.MockWebServer;
import mockwebserver3.RecordedRequest;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metric filters and alarms through the {@code cairn} command: {@code run --drain} notifying a local
 * webhook in CloudWatch's SNS shape, once across runs; {@code scan --alarms} printing a backtest;
 * {@code validate} naming bad alarm settings.
 */
class AlarmsEndToEndTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  private final MockWebServer receiver = new MockWebServer();

  @BeforeEach
  void start() throws Exception {
    receiver.start();
    Files.createDirectories(dir.resolve("inbox"));
  }

  @AfterEach
  void stop() {
    receiver.close();
  }

  private record Run(int exitCode, String out, String err) {}

  private Run cairn(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    int code = Main.execute(new PrintWriter(out), new PrintWriter(err), args);
    return new Run(code, out.toString(), err.toString());
  }

  private static String failedLogin(String user, Instant time, int n) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::111111111111:user/"
        + user + "\",\"accountId\":\"111111111111\",\"userName\":\"" + user + "\"},\"eventTime\":\"" + time
        + "\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"eu-west-1\","
        + "\"sourceIPAddress\":\"203.0.113." + n + "\",\"errorMessage\":\"Failed authentication\","
        + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"},\"eventID\":\"" + user + "-" + n + "-" + time.toEpochMilli()
        + "\",\"eventType\":\"AwsConsoleSignIn\",\"recipientAccountId\":\"111111111111\"}";
  }

  private static final String ALARMS = """
      metrics:
        - name: ConsoleLoginFailures
          filter: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
          dimensions: {Actor: $.userIdentity.arn}
      alarms:
        - name: console-login-failures
          metric: ConsoleLoginFailures
          period: 5m
          comparison: GreaterThanOrEqualToThreshold
          threshold: 3
          treatMissingData: notBreaching
          alarmActions: [hook]
      """;

  @Test
  void runNotifiesTheWebhookInCloudWatchsShapeOnceAcrossRuns() throws Exception {
    Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
    Files.writeString(dir.resolve("inbox/failures.json"), "{\"Records\":[" + failedLogin("alice", now, 1) + ","
        + failedLogin("alice", now, 2) + "," + failedLogin("mallory", now, 3) + "]}");
    // 1 of 2 periods: the events' period still counts if a 5-minute boundary passes while the test runs.
    Files.writeString(dir.resolve("cairn.yaml"), ALARMS.replace("period: 5m", "period: 5m\n    evaluationPeriods: 2\n"
        + "    datapointsToAlarm: 1") + """
        state: state.db
        output: none
        http: {port: -1}
        rules: []
        accounts: {"111111111111": "Prod"}
        channels:
          hook: {type: webhook, url: "%s"}
        delivery: {firstBackoff: 50ms, maxBackoff: 200ms, maxAttempts: 3}
        sources:
          folders: [{path: inbox, settle: 10ms}]
        """.formatted(receiver.url("/cloudwatch")));
    receiver.enqueue(new MockResponse.Builder().code(200).build());

    Run run = cairn("run", "--drain", "--config", dir.resolve("cairn.yaml").toString());
    assertThat(run.exitCode).as(run.err).isZero();
    RecordedRequest request = receiver.takeRequest(5, TimeUnit.SECONDS);
    assertThat(request).as(run.err).isNotNull();
    JsonNode body = JSON.readTree(request.getBody().utf8());
    assertThat(body.path("AlarmName").asText()).isEqualTo("console-login-failures");
    assertThat(body.path("NewStateValue").asText()).isEqualTo("ALARM");
    assertThat(body.path("NewStateReason").asText()).startsWith("Threshold Crossed: 1 out of the last 2 datapoints [3.0 (");
    assertThat(body.path("Region").asText()).isEqualTo("EU (Ireland)");
    assertThat(body.path("AWSAccountId").asText()).isEqualTo("111111111111");
    assertThat(body.path("StateChangeTime").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:00\\.000\\+0000");
    assertThat(body.path("Trigger").path("Statistic").asText()).isEqualTo("SUM");
    assertThat(body.path("Cairn").path("topContributors").path("actor").get(0).path("value").asText()).isEqualTo("alice");
    assertThat(body.path("Cairn").path("topContributors").path("accountAlias").get(0).path("value").asText())
        .isEqualTo("Prod");
    assertThat(request.getHeaders().get("webhook-id")).startsWith("cairn-");

    Run again = cairn("run", "--drain", "--config", dir.resolve("cairn.yaml").toString());
    assertThat(again.exitCode).as(again.err).isZero();
    assertThat(receiver.getRequestCount()).as("the transition is not sent again").isEqualTo(1);
  }

  @Test
  void scanWithAlarmsPrintsTheTransitionsOfABacktest() throws Exception {
    Path logs = Files.createDirectories(dir.resolve("logs"));
    Instant t0 = Instant.parse("2026-12-06T10:00:00Z");
    Files.writeString(logs.resolve("111111111111_CloudTrail_eu-west-1_20261206T1004Z_a.json"), "{\"Records\":["
        + failedLogin("alice", t0.plusSeconds(60), 1) + "," + failedLogin("alice", t0.plusSeconds(70), 2) + ","
        + failedLogin("alice", t0.plusSeconds(80), 3) + "]}");
    Files.writeString(dir.resolve("alarms.yaml"), ALARMS + "channels: {hook: {type: webhook, url: 'http://x'}}\n");

    Run scan = cairn("scan", "--alarms", dir.resolve("alarms.yaml").toString(), "--output", "text", logs.toString());
    assertThat(scan.exitCode).as(scan.err).isZero();
    assertThat(scan.out.lines().toList()).containsExactly(
        "2026-12-06T10:04:00Z  console-login-failures  INSUFFICIENT_DATA -> OK  Threshold Crossed: no datapoints were"
            + " received for 1 period and 1 missing datapoint was treated as [NonBreaching].",
        "2026-12-06T10:05:00Z  console-login-failures  OK -> ALARM  [hook]  Threshold Crossed: 1 out of the last 1"
            + " datapoints [3.0 (06/12/26 10:00:00)] was greater than or equal to the threshold (3.0) (minimum 1"
            + " datapoint for OK -> ALARM transition).",
        "2026-12-06T10:16:00Z  console-login-failures  ALARM -> OK  Threshold Crossed: no datapoints were received for"
            + " 1 period and 1 missing datapoint was treated as [NonBreaching].");

    Run jsonl = cairn("scan", "--alarms", dir.resolve("alarms.yaml").toString(), logs.toString());
    JsonNode second = JSON.readTree(jsonl.out.lines().toList().get(1));
    assertThat(second.path("to").asText()).isEqualTo("ALARM");
    assertThat(second.path("channels").get(0).asText()).isEqualTo("hook");
  }

  @Test
  void validateNamesBadAlarmSettings() throws Exception {
    Files.writeString(dir.resolve("cairn.yaml"), """
        output: none
        metrics:
          - {name: 'Bad:Name', filter: '{ $.eventName = X }', defaultValue: 0, dimensions: {A: $.a}}
          - {name: Unclosed, filter: '{ $.eventName = X '}
        alarms:
          - {name: a, metric: Missing, comparison: Bigger, threshold: 1, evaluationPeriods: 2, datapointsToAlarm: 3,
             alarmActions: [nowhere]}
        """);
    Run run = cairn("validate", dir.resolve("cairn.yaml").toString());
    assertThat(run.exitCode).isEqualTo(2);
    assertThat(run.err).contains("metrics[0].name: expected 1 to 255 characters without ':', '*', '$' or control"
        + " characters")
        .contains("alarms[0].comparison: expected GreaterThanOrEqualToThreshold, GreaterThanThreshold, LessThanThreshold"
            + " or LessThanOrEqualToThreshold, got 'Bigger'")
        .contains("metrics[1].filter: column 19: expected '&&', '||' or '}' but found end of pattern");
  }
}
