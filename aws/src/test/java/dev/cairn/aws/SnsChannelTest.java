package dev.cairn.aws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cairn.alert.Alert;
import dev.cairn.alert.channel.Attempt;
import dev.cairn.match.Severity;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * SNS through the real SDK against a local server that records its Publish requests and answers
 * with SNS's XML: what the topic receives, FIFO ids, SNS's limits, and how errors are classified.
 */
class SnsChannelTest {
  private static final String TOPIC = "arn:aws:sns:us-east-1:111111111111:alerts";
  private static final String KEY = "console-login-failed/3f4b1c3a-8d5e-4a33-9f0e-EXAMPLE12345";
  private static final String SECRET_KEY = "secretTESTsecretTEST";
  static final String HOSTILE = "Ünïcödé <!channel> </script><script>alert(1)</script> \"dq\" back\\slash & "
      + "done \u202Egnp.exe\u202C zero\u200Bwidth\uFEFF 😀 end";

  private LocalSns server;

  @BeforeEach
  void start() throws IOException {
    server = new LocalSns();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private SnsChannel channel(String topic) {
    return new SnsChannel(new SnsSettings("sns-oncall", topic, Optional.of(Region.US_EAST_1),
        Optional.of(server.url()),
        Optional.of(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", SECRET_KEY))),
        Optional.empty(), Duration.ofSeconds(1)));
  }

  private Map<String, String> publish(String topic, Alert alert, String key) throws Exception {
    try (SnsChannel channel = channel(topic)) {
      assertThat(channel.send(alert, key)).isEqualTo(Attempt.DELIVERED);
    }
    LocalSns.Request r = server.take();
    assertThat(r.method()).isEqualTo("POST");
    assertThat(r.header("Authorization")).startsWith("AWS4-HMAC-SHA256 Credential=AKIDTEST/");
    return form(r.body());
  }

  @Test
  void theTopicGetsTheAlertAsTextWithAttributesToFilterOn() throws Exception {
    Map<String, String> p = publish(TOPIC, consoleLogin(), KEY);

    StringBuilder shown = new StringBuilder();
    p.forEach((k, v) -> shown.append(k).append('=').append(v.replace("\n", "\\n")).append('\n'));
    String expected;
    try (InputStream in = getClass().getResourceAsStream("/channels/sns-publish.txt")) {
      expected = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
    if (!expected.contentEquals(shown)) {
      Files.createDirectories(Path.of("target", "snapshots"));
      Files.writeString(Path.of("target", "snapshots", "sns-publish.txt"), shown);
    }
    assertThat(shown.toString()).as("snapshot sns-publish.txt (actual in target/snapshots)").isEqualTo(expected);
    assertThat(p).doesNotContainKeys("MessageGroupId", "MessageDeduplicationId");
  }

  @Test
  void anAlarmIsPublishedAsCloudWatchPublishesItUnderItsSubject() throws Exception {
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode message = json.createObjectNode()
        .put("AlarmName", "console-login-failures").put("NewStateValue", "ALARM").put("OldStateValue", "OK")
        .put("NewStateReason", "Threshold Crossed: 1 out of the last 1 datapoints [7.0 (06/12/26 10:05:00)] was greater"
            + " than or equal to the threshold (3.0) (minimum 1 datapoint for OK -> ALARM transition).")
        .put("StateChangeTime", "2026-12-06T10:06:00.000+0000").put("Region", "US East (N. Virginia)");
    message.putObject("Cairn").put("matchingEvents", 7);
    Alert login = consoleLogin();
    Alert alarm = new Alert("alarm-1", "console-login-failures", "", Severity.HIGH,
        "ALARM: \"console-login-failures\" in US East (N. Virginia)", message.path("NewStateReason").asText(),
        login.facts(), 7, List.of(), Optional.empty(), Map.of(), Instant.parse("2026-12-06T10:06:00Z"), Optional.of(message));

    Map<String, String> p = publish(TOPIC, alarm, "alarm-1");

    assertThat(json.readTree(p.get("Message"))).as("consumers of CloudWatch's messages parse it unchanged")
        .isEqualTo(message);
    assertThat(p).containsEntry("Subject", "ALARM: \"console-login-failures\" in US East (N. Virginia)");
  }

  @Test
  void aFifoTopicGetsTheKeyAsDeduplicationIdAndTheRuleAsGroup() throws Exception {
    Map<String, String> p = publish(TOPIC + ".fifo", consoleLogin(), KEY);
    assertThat(p).containsEntry("MessageDeduplicationId", KEY).containsEntry("MessageGroupId", "console-login-failed");

    String odd = "rule with spaces/" + "x".repeat(200);
    Map<String, String> hashed = publish(TOPIC + ".fifo", consoleLogin(), odd);
    assertThat(hashed.get("MessageDeduplicationId")).matches("[0-9a-f]{64}").isEqualTo(SnsChannel.token(odd));
  }

  @Test
  void hostileTextArrivesAsWrittenAndTheSubjectStaysPlainAscii() throws Exception {
    Map<String, String> p = publish(TOPIC, withEverywhere(HOSTILE), KEY);

    assertThat(p.get("Message")).contains("\n\n" + HOSTILE + "\n\n", "Actor: " + HOSTILE + "\n");
    String subject = p.get("Subject");
    // Accents dropped, other characters '?', cut below 100 with an ASCII marker.
    assertThat(subject).isEqualTo("[HIGH] Unicode <!channel> </script><script>alert(1)</script> \"dq\" back\\slash & "
        + "done ?gnp.exe? ze...").hasSizeLessThan(100);
    assertThat(subject.chars().allMatch(c -> c >= 0x20 && c < 0x7f)).as("ASCII without controls").isTrue();
  }

  @Test
  void fiftyMegabytesStayWithinTheLimitAsValidUtf8() throws Exception {
    Map<String, String> p = publish(TOPIC, withEverywhere("é" + "x".repeat(50_000_000)), KEY);

    byte[] message = p.get("Message").getBytes(StandardCharsets.UTF_8);
    int attributes = 0;
    for (int i = 1; p.containsKey("MessageAttributes.entry." + i + ".Name"); i++) {
      attributes += p.get("MessageAttributes.entry." + i + ".Name").length() + "String".length()
          + p.get("MessageAttributes.entry." + i + ".Value.StringValue").getBytes(StandardCharsets.UTF_8).length;
    }
    assertThat(message.length + attributes).isLessThanOrEqualTo(SnsChannel.MESSAGE_MAX_BYTES);
    StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(message));
    assertThat(p.get("Message")).contains("(truncated, ");
    assertThat(p.get("Subject")).hasSizeLessThan(100).endsWith("...");
  }

  @Test
  void throttlingAndServerErrorsAreTransientTheRestPermanent() throws Exception {
    assertThat(answer(400, "Sender", "Throttling", "Rate exceeded")).isInstanceOf(Attempt.Transient.class);
    assertThat(answer(500, "Receiver", "InternalError", "oops")).isInstanceOf(Attempt.Transient.class);
    Attempt denied = answer(403, "Sender", "AuthorizationError", "not allowed to publish");
    assertThat(denied).isInstanceOf(Attempt.Permanent.class);
    assertThat(((Attempt.Permanent) denied).reason()).startsWith("SNS AuthorizationError (HTTP 403): not allowed");
    assertThat(answer(404, "Sender", "NotFound", "Topic does not exist")).isInstanceOf(Attempt.Permanent.class);
    assertThat(answer(400, "Sender", "InvalidParameter", "bad")).isInstanceOf(Attempt.Permanent.class);
  }

  private Attempt answer(int status, String type, String code, String message) {
    server.answer(LocalSns.Answer.error(status, type, code, message));
    try (SnsChannel channel = channel(TOPIC)) {
      return channel.send(consoleLogin(), KEY);
    } catch (InterruptedException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void droppedConnectionsAndSlowAnswersAreTransient() throws Exception {
    server.answer(LocalSns.Answer.dropped());
    server.answer(LocalSns.Answer.late(Duration.ofSeconds(5)));
    try (SnsChannel channel = channel(TOPIC)) {
      Attempt dropped = channel.send(consoleLogin(), KEY);
      Attempt slow = channel.send(consoleLogin(), KEY);
      assertThat(dropped).isInstanceOf(Attempt.Transient.class);
      assertThat(slow).isEqualTo(new Attempt.Transient("no answer from SNS in time", Optional.empty()));
      assertThat(dropped.toString() + slow).doesNotContain(SECRET_KEY);
    }
    assertThat(server.count()).as("the SDK's own retries are off").isEqualTo(2);
  }

  @Test
  void previewShowsWhatIsPublished() {
    try (SnsChannel channel = channel(TOPIC + ".fifo")) {
      assertThat(channel.preview(consoleLogin(), KEY)).startsWith("SNS Publish " + TOPIC + ".fifo\n"
          + "Subject: [HIGH] Console sign-in failed: JohnDoe in Corezoid Dev\n"
          + "MessageAttribute severity: high\nMessageAttribute rule: console-login-failed\n"
          + "MessageAttribute account: 111111111111\nMessageGroupId: console-login-failed\n"
          + "MessageDeduplicationId: " + KEY + "\n\n[HIGH] Console sign-in failed").doesNotContain(SECRET_KEY);
      assertThat(channel.minInterval()).isEqualTo(Duration.ZERO);
      assertThat(channel.type()).isEqualTo("sns");
    }
  }

  @Test
  void settingsAreValidatedWithTheirNames() {
    assertThatIllegalArgumentException().isThrownBy(() -> SnsSettings.of("s", "arn:aws:sqs:us-east-1:1:q"))
        .withMessage("topicArn: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, got 'arn:aws:sqs:us-east-1:1:q'");
    assertThat(SnsSettings.of("s", "arn:aws:sns:eu-west-1:111111111111:t.fifo").clientRegion()).isEqualTo(Region.EU_WEST_1);
    assertThat(SnsSettings.of("s", "arn:aws:sns:eu-west-1:111111111111:t.fifo").fifo()).isTrue();
    assertThatIllegalArgumentException().isThrownBy(() -> new SnsSettings("s", TOPIC, Optional.empty(),
            Optional.empty(), Optional.empty(), Optional.of("has space"), Duration.ofSeconds(1)))
        .withMessage("messageGroupId: expected 1 to 128 letters, digits or punctuation, got 'has space'");
  }

  /** The form a Query API request carries, in order, decoded. */
  static Map<String, String> form(String body) {
    Map<String, String> p = new LinkedHashMap<>();
    for (String pair : body.split("&", -1)) {
      int eq = pair.indexOf('=');
      p.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
          URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
    }
    return p;
  }

  static Alert.Facts facts(String actor) {
    return new Alert.Facts("111111111111", "Corezoid Dev", "us-east-1", actor, "no", "159.224.244.142",
        "console-sign-in", "management", false, "failure", "", "Failed authentication", "ConsoleLogin",
        "signin.amazonaws.com", "2023-07-19T21:20:03Z", "Mozilla/5.0", "arn:aws:iam::111111111111:user/JohnDoe");
  }

  static Alert consoleLogin() {
    return new Alert(KEY, "console-login-failed", "Console sign-in failed", Severity.HIGH,
        "Console sign-in failed: JohnDoe in Corezoid Dev", "User: JohnDoe\nAccount: 111111111111\nMFA: False\n"
            + "Type: IAMUser\n\nFailed to login in account \"Corezoid Dev\" from ip 159.224.244.142",
        facts("JohnDoe"), 1, List.of(new Alert.AlertEvent("3f4b1c3a-8d5e-4a33-9f0e-EXAMPLE12345",
            "2023-07-19T21:20:03Z", "ConsoleLogin", "JohnDoe ConsoleLogin in Corezoid Dev", new ObjectMapper()
            .createObjectNode().put("eventName", "ConsoleLogin"))),
        Optional.empty(), Map.of(), Instant.parse("2023-07-19T21:20:05Z"));
  }

  static Alert withEverywhere(String text) {
    Alert a = consoleLogin();
    return new Alert(a.id(), a.rule(), a.ruleDescription(), a.severity(), text, text, facts(text), 1, a.events(),
        Optional.empty(), Map.of(), a.created());
  }
}
