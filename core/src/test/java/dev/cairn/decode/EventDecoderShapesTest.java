package dev.cairn.decode;

import static dev.cairn.testkit.SampleRecords.CREATE_USER;
import static dev.cairn.testkit.SampleRecords.GET_OBJECT;
import static dev.cairn.testkit.SampleRecords.INSIGHT;
import static dev.cairn.testkit.SampleRecords.ROOT_CONSOLE_LOGIN;
import static dev.cairn.testkit.SampleRecords.quote;
import static org.assertj.core.api.Assertions.assertThat;

import dev.cairn.event.CloudTrailEvent;
import dev.cairn.testkit.SampleRecords;
import dev.cairn.testkit.Streams;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per input shape the package documentation lists. */
class EventDecoderShapesTest {
  private static final List<String> NAMES = List.of("CreateUser", "ConsoleLogin", "GetObject", "RunInstances");

  @Test
  void logFileRecordsAreStreamedInOrder() {
    Decoded decoded = Decoded.of(SampleRecords.logFile(SampleRecords.all()));

    assertThat(decoded.eventNames()).isEqualTo(NAMES);
    assertThat(decoded.events()).allMatch(CloudTrailEvent::isCloudTrail);
    assertThat(decoded.summary().format()).isEqualTo("CloudTrail log file");
    assertThat(decoded.summary().ok()).isTrue();
    assertThat(decoded.skipped()).isEmpty();
    assertThat(decoded.notes()).isEmpty();
  }

  @Test
  void emptyLogFileHasNoEvents() {
    Decoded decoded = Decoded.of("{\"Records\":[]}");

    assertThat(decoded.events()).isEmpty();
    assertThat(decoded.summary().ok()).isTrue();
    assertThat(decoded.summary().format()).isEqualTo("CloudTrail log file");
  }

  @Test
  void digestFileIsSkippedWithANoteNotAnError() {
    String digest = "{\"awsAccountId\":\"111122223333\",\"digestStartTime\":\"2015-08-17T14:01:31Z\","
        + "\"digestS3Bucket\":\"b\",\"digestS3Object\":\"AWSLogs/x.json.gz\",\"digestPublicKeyFingerprint\":\"31e8\","
        + "\"newestEventTime\":null,\"logFiles\":[]}";

    Decoded decoded = Decoded.of(digest);

    assertThat(decoded.events()).isEmpty();
    assertThat(decoded.skipped()).isEmpty();
    assertThat(decoded.notes()).containsExactly(
        "skipped: CloudTrail digest file (it lists log files, it holds no events) (line 1)");
    assertThat(decoded.summary().ok()).isTrue();
    assertThat(decoded.summary().format()).isEqualTo("CloudTrail digest file");
  }

  @Test
  void s3EventNotificationRecordsAreSkippedValues() {
    String notification = "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":"
        + "\"us-east-1\",\"eventTime\":\"2023-07-19T21:11:22.000Z\",\"eventName\":\"ObjectCreated:Put\","
        + "\"s3\":{\"bucket\":{\"name\":\"b\"},\"object\":{\"key\":\"k\"}}},{\"Service\":\"Amazon S3\","
        + "\"Event\":\"s3:TestEvent\"}]}";

    Decoded decoded = Decoded.of(notification);

    assertThat(decoded.events()).isEmpty();
    assertThat(decoded.reasons()).containsExactly(
        "event notification record (eventSource aws:s3), not a CloudTrail record",
        "JSON object with keys [Event, Service]");
    assertThat(decoded.skipped()).extracting(SkippedValue::line).containsExactly(1L, 1L);
  }

  @Test
  void topLevelArrayElementsMayBeAnyShape() {
    String array = "[" + CREATE_USER + ",\n" + SampleRecords.logFile(List.of(ROOT_CONSOLE_LOGIN, GET_OBJECT))
        + ",\n" + SampleRecords.envelope(INSIGHT, "AWS Insight via CloudTrail", "aws.cloudtrail")
        + ",\n{\"data\":{},\"description\":\"x\",\"trigger_rules\":[]},\n42]";

    Decoded decoded = Decoded.of(array);

    assertThat(decoded.eventNames()).isEqualTo(NAMES);
    assertThat(decoded.reasons()).containsExactly("JSON object with keys [data, description, trigger_rules]", "JSON number");
    assertThat(decoded.skipped()).extracting(SkippedValue::line).containsExactly(4L, 5L);
    assertThat(decoded.summary().format()).isEqualTo("JSON array");
  }

  @Test
  void jsonLinesOfRecords() {
    Decoded decoded = Decoded.of(SampleRecords.jsonLines(SampleRecords.all()));

    assertThat(decoded.eventNames()).isEqualTo(NAMES);
    assertThat(decoded.summary().format()).isEqualTo("JSON lines or concatenated values (first: CloudTrail record)");
  }

  @Test
  void concatenatedValuesWithNoSeparatorAsFirehoseWritesThem() {
    Decoded decoded = Decoded.of(String.join("", SampleRecords.all()));

    assertThat(decoded.eventNames()).isEqualTo(NAMES);
    assertThat(decoded.skipped()).isEmpty();
  }

  @Test
  void eventBridgeEnvelopesForCloudTrailAndOtherEvents() {
    String cloudTrail = SampleRecords.envelope(CREATE_USER, "AWS API Call via CloudTrail", "aws.iam");
    String ec2 = "{\"version\":\"0\",\"id\":\"7bf73129-1428-4cd3-a780-95db273d1602\",\"detail-type\":"
        + "\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"account\":\"111122223333\","
        + "\"time\":\"2015-11-11T21:29:54Z\",\"region\":\"us-east-1\",\"resources\":[],"
        + "\"detail\":{\"instance-id\":\"i-abcd1111\",\"state\":\"pending\"}}";
    String withoutDetailType = "{\"source\":\"aws.signin\",\"detail\":" + ROOT_CONSOLE_LOGIN + "}";

    Decoded decoded = Decoded.of(cloudTrail + "\n" + ec2 + "\n" + withoutDetailType + "\n");

    assertThat(decoded.events()).extracting(CloudTrailEvent::isCloudTrail).containsExactly(true, false, true);
    assertThat(decoded.events()).extracting(CloudTrailEvent::eventSource)
        .containsExactly("iam.amazonaws.com", "aws.ec2", "signin.amazonaws.com");
    assertThat(decoded.events().get(1).envelope().path("detail").path("state").asText()).isEqualTo("pending");
    assertThat(decoded.summary().format()).contains("EventBridge event");
  }

  @Test
  void cloudWatchLogsSubscriptionPayloadPlainAndGzip() {
    String payload = cloudWatchLogs("DATA_MESSAGE", CREATE_USER, GET_OBJECT);

    Decoded plain = Decoded.of(payload);
    Decoded gzip = Decoded.of(Streams.gzip(payload));

    assertThat(plain.eventNames()).containsExactly("CreateUser", "GetObject");
    assertThat(plain.summary().format()).isEqualTo("CloudWatch Logs subscription payload");
    assertThat(gzip.eventNames()).containsExactly("CreateUser", "GetObject");
    assertThat(gzip.summary().format()).isEqualTo("gzip: CloudWatch Logs subscription payload");
  }

  @Test
  void cloudWatchLogsControlMessageIsANote() {
    String control = "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
        + "\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\",\"timestamp\":1,"
        + "\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}";

    Decoded decoded = Decoded.of(Streams.gzip(control));

    assertThat(decoded.events()).isEmpty();
    assertThat(decoded.skipped()).isEmpty();
    assertThat(decoded.notes()).containsExactly("skipped: CloudWatch Logs control message (line 1)");
  }

  @Test
  void cloudWatchLogsMessagesThatAreNotJsonAreSkippedWithAReason() {
    String payload = "{\"messageType\":\"DATA_MESSAGE\",\"logEvents\":[{\"id\":\"1\",\"message\":"
        + "\"START RequestId: 1234 Version: $LATEST\"},{\"id\":\"2\",\"message\":" + quote(CREATE_USER) + "},"
        + "{\"id\":\"3\",\"message\":\"{\\\"eventVersion\\\":\"}]}";

    Decoded decoded = Decoded.of(payload);

    assertThat(decoded.eventNames()).containsExactly("CreateUser");
    assertThat(decoded.reasons()).containsExactly(
        "logEvents[].message is not JSON (starts with \"START RequestId: 1234 Version: $LATEST\")",
        "logEvents[].message holds invalid JSON: line 1, column 17: unexpected end of input: expected a value"
            + " in an object (at /eventVersion)");
  }

  @Test
  void lambdaAwslogsFormHoldsBase64Gzip() {
    String data = Base64.getEncoder().encodeToString(Streams.gzip(cloudWatchLogs("DATA_MESSAGE", GET_OBJECT)));

    Decoded decoded = Decoded.of("{\"awslogs\":{\"data\":\"" + data + "\"}}");

    assertThat(decoded.eventNames()).containsExactly("GetObject");
    assertThat(decoded.summary().format()).isEqualTo("CloudWatch Logs payload for Lambda (awslogs.data)");
  }

  @Test
  void lambdaAwslogsThatIsNotBase64IsSkipped() {
    Decoded decoded = Decoded.of("{\"awslogs\":{\"data\":\"***\"}}");

    assertThat(decoded.events()).isEmpty();
    assertThat(decoded.reasons()).containsExactly("awslogs.data is not base64 (Illegal base64 character 2a)");
  }

  @Test
  void lookupEventsOutputAndOneEventPerLine() {
    String event = "{\"EventId\":\"ba0801a1\",\"EventName\":\"CreateUser\",\"ReadOnly\":\"false\","
        + "\"CloudTrailEvent\":" + quote(CREATE_USER) + "}";
    String output = "{\"Events\":[" + event + "," + event.replace(quote(CREATE_USER), quote(GET_OBJECT))
        + "],\"NextToken\":\"abc\"}";

    Decoded whole = Decoded.of(output);
    Decoded lines = Decoded.of(event + "\n" + event + "\n");

    assertThat(whole.eventNames()).containsExactly("CreateUser", "GetObject");
    assertThat(whole.summary().format()).isEqualTo("LookupEvents output");
    assertThat(lines.eventNames()).containsExactly("CreateUser", "CreateUser");
  }

  @Test
  void rawWrappersHoldTheRecordAsAString() {
    String wrappers = "[{\"_raw\":" + quote(CREATE_USER) + ",\"_time\":1689801082},{\"_raw\":\"not json\"}]";

    Decoded decoded = Decoded.of(wrappers);

    assertThat(decoded.eventNames()).containsExactly("CreateUser");
    assertThat(decoded.reasons()).containsExactly("_raw is not JSON (starts with \"not json\")");
  }

  @Test
  void nestedPayloadsAreDecodedRecursivelyAndReportedAtTheOuterValue() {
    String inner = "{\"_raw\":" + quote("{\"Records\":[" + GET_OBJECT + ",{\"unexpected\":true}]}") + "}";
    String outer = "\n\n{\"_raw\":" + quote(inner) + "}";

    Decoded decoded = Decoded.of(outer);

    assertThat(decoded.eventNames()).containsExactly("GetObject");
    assertThat(decoded.skipped()).singleElement().satisfies(s -> {
      assertThat(s.reason()).isEqualTo("in _raw > _raw: JSON object with keys [unexpected]");
      assertThat(s.line()).isEqualTo(3);
      assertThat(s.byteOffset()).isEqualTo(2);
    });
  }

  @Test
  void insightsRecordsAreEvents() {
    Decoded decoded = Decoded.of(SampleRecords.logFile(List.of(INSIGHT)));

    assertThat(decoded.events()).singleElement().satisfies(e -> {
      assertThat(e.eventName()).isEqualTo("RunInstances");
      assertThat(e.eventType()).isEqualTo("AwsCloudTrailInsight");
    });
  }

  @Test
  void nonEventsAreSkippedWithLineOffsetAndBoundedKeyList() {
    String keys = "{\"a\":1,\"b\":2,\"c\":3,\"d\":4,\"e\":5,\"f\":6,\"g\":7,\"h\":8,\"i\":9,\"j\":10}";
    String text = CREATE_USER + "\n" + keys + "\r\n\"just a string\"\nnull\n{}\n";

    Decoded decoded = Decoded.of(text);

    assertThat(decoded.eventNames()).containsExactly("CreateUser");
    assertThat(decoded.reasons()).containsExactly(
        "JSON object with keys [a, b, c, d, e, f, g, h, … 2 more]",
        "JSON string is not JSON (starts with \"just a string\")",
        "JSON null",
        "empty JSON object");
    long secondLine = CREATE_USER.length() + 1L;
    assertThat(decoded.skipped()).extracting(SkippedValue::line).containsExactly(2L, 3L, 4L, 5L);
    assertThat(decoded.skipped().get(0).byteOffset()).isEqualTo(secondLine);
    assertThat(decoded.skipped().get(1).byteOffset()).isEqualTo(secondLine + keys.length() + 2);
  }

  @Test
  void keysInReasonsAreShortenedAndControlCharactersEscaped() {
    String longKey = "k".repeat(100);
    Decoded decoded = Decoded.of("{\"" + longKey + "\":1,\"tab\\there\":2}");

    assertThat(decoded.reasons()).containsExactly(
        "JSON object with keys [" + "k".repeat(40) + "…, tab\\u0009here]");
  }

  static String cloudWatchLogs(String messageType, String... records) {
    StringBuilder events = new StringBuilder();
    for (int i = 0; i < records.length; i++) {
      events.append(i > 0 ? "," : "").append("{\"id\":\"").append(i).append("\",\"timestamp\":1689801082000,")
          .append("\"message\":").append(quote(records[i])).append('}');
    }
    return "{\"messageType\":\"" + messageType + "\",\"owner\":\"111122223333\",\"logGroup\":\"CloudTrail/logs\","
        + "\"logStream\":\"111122223333_CloudTrail_us-east-1\",\"subscriptionFilters\":[\"all\"],"
        + "\"logEvents\":[" + events + "]}";
  }
}
