package dev.cairn.aws;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class NoticeParserTest {
  private static final String KEY =
      "AWSLogs/111122223333/CloudTrail/us-east-2/2016/08/11/111122223333_CloudTrail_us-east-2_20160811T2215Z_kpaMYavMQA9Ahp7L.json.gz";
  private static final String ORG_KEY =
      "AWSLogs/o-exampleorgid/111122223333/CloudTrail/eu-west-1/2024/01/02/111122223333_CloudTrail_eu-west-1_20240102T0000Z_abc.json.gz";

  private final NoticeParser parser = new NoticeParser();

  static String sns(String message) {
    return "{\"Type\":\"Notification\",\"MessageId\":\"m-1\",\"TopicArn\":\"arn:aws:sns:us-east-1:111122223333:trail\","
        + "\"Message\":" + quote(message) + ",\"Timestamp\":\"2024-01-02T00:00:00.000Z\"}";
  }

  static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }

  static String cloudTrailNotice(String bucket, String... keys) {
    StringBuilder b = new StringBuilder("{\"s3Bucket\":" + quote(bucket) + ",\"s3ObjectKey\":[");
    for (int i = 0; i < keys.length; i++) {
      b.append(i == 0 ? "" : ",").append(quote(keys[i]));
    }
    return b.append("]}").toString();
  }

  static String s3Event(String eventName, String bucket, String encodedKey, long size) {
    return "{\"Records\":[{\"eventVersion\":\"2.1\",\"eventSource\":\"aws:s3\",\"awsRegion\":\"us-east-1\","
        + "\"eventName\":\"" + eventName + "\",\"s3\":{\"s3SchemaVersion\":\"1.0\",\"bucket\":{\"name\":\"" + bucket
        + "\",\"arn\":\"arn:aws:s3:::" + bucket + "\"},\"object\":{\"key\":\"" + encodedKey + "\",\"size\":" + size
        + ",\"eTag\":\"abc\"}}}]}";
  }

  static String eventBridgeObjectCreated(String bucket, String key) {
    return "{\"version\":\"0\",\"id\":\"e-1\",\"detail-type\":\"Object Created\",\"source\":\"aws.s3\","
        + "\"account\":\"111122223333\",\"time\":\"2024-01-02T00:00:00Z\",\"region\":\"us-east-1\","
        + "\"resources\":[\"arn:aws:s3:::" + bucket + "\"],\"detail\":{\"version\":\"0\",\"bucket\":{\"name\":\""
        + bucket + "\"},\"object\":{\"key\":\"" + key + "\",\"size\":42,\"etag\":\"x\"},\"reason\":\"PutObject\"}}";
  }

  static final String EVENTBRIDGE_CLOUDTRAIL = "{\"version\":\"0\",\"id\":\"eb-7\",\"detail-type\":\"AWS API Call via CloudTrail\","
      + "\"source\":\"aws.iam\",\"account\":\"111122223333\",\"time\":\"2024-01-02T00:00:00Z\",\"region\":\"us-east-1\","
      + "\"resources\":[],\"detail\":{\"eventVersion\":\"1.08\",\"eventID\":\"ev-1\",\"eventTime\":\"2024-01-02T00:00:00Z\","
      + "\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\",\"awsRegion\":\"us-east-1\"}}";

  @Test
  void cloudTrailNoticeRaw() {
    Notice n = parser.parse(cloudTrailNotice("trail-bucket", KEY, ORG_KEY));
    assertThat(n).isEqualTo(new Notice.S3Objects("cloudtrail-sns", List.of(
        new S3Object("trail-bucket", KEY, OptionalLong.empty(), Optional.empty()),
        new S3Object("trail-bucket", ORG_KEY, OptionalLong.empty(), Optional.empty()))));
  }

  @Test
  void cloudTrailNoticeInSnsEnvelope() {
    Notice n = parser.parse(sns(cloudTrailNotice("trail-bucket", KEY)));
    assertThat(n).isEqualTo(new Notice.S3Objects("cloudtrail-sns via sns",
        List.of(new S3Object("trail-bucket", KEY, OptionalLong.empty(), Optional.empty()))));
  }

  @Test
  void cloudTrailNoticeWithSingleKeyStringAndEmptyList() {
    assertThat(parser.parse("{\"s3Bucket\":\"b\",\"s3ObjectKey\":\"k.json.gz\"}"))
        .isEqualTo(new Notice.S3Objects("cloudtrail-sns", List.of(new S3Object("b", "k.json.gz", OptionalLong.empty(), Optional.empty()))));
    assertThat(parser.parse("{\"s3Bucket\":\"b\",\"s3ObjectKey\":[]}"))
        .isEqualTo(new Notice.S3Objects("cloudtrail-sns", List.of()));
  }

  @Test
  void s3EventNotificationKeysAreUrlDecoded() {
    Notice n = parser.parse(s3Event("ObjectCreated:Put", "b", "logs/red+flower%3A1%2B2.json.gz", 123));
    assertThat(n).isEqualTo(new Notice.S3Objects("s3-event",
        List.of(new S3Object("b", "logs/red flower:1+2.json.gz", OptionalLong.of(123), Optional.of("abc")))));
  }

  @Test
  void s3EventNotificationViaSns() {
    Notice n = parser.parse(sns(s3Event("ObjectCreated:CompleteMultipartUpload", "b", "a%20b.json.gz", 5)));
    assertThat(n).isEqualTo(new Notice.S3Objects("s3-event via sns",
        List.of(new S3Object("b", "a b.json.gz", OptionalLong.of(5), Optional.of("abc")))));
  }

  @Test
  void s3EventRemovalsAreIgnored() {
    assertThat(parser.parse(s3Event("ObjectRemoved:Delete", "b", "k", 0)))
        .isEqualTo(new Notice.Ignored("s3-event", "1 record(s), none ObjectCreated"));
  }

  @Test
  void s3EventBadEncodingIsPoison() {
    assertThat(parser.parse(s3Event("ObjectCreated:Put", "b", "bad%zz", 1)))
        .isInstanceOfSatisfying(Notice.Poison.class, p -> assertThat(p.reason())
            .startsWith("s3-event: Records[0].s3.object.key 'bad%zz' is not URL-encoded"));
  }

  @Test
  void eventBridgeObjectCreated() {
    assertThat(parser.parse(eventBridgeObjectCreated("b", KEY))).isEqualTo(
        new Notice.S3Objects("eventbridge-s3", List.of(new S3Object("b", KEY, OptionalLong.of(42), Optional.of("x")))));
    assertThat(parser.parse(sns(eventBridgeObjectCreated("b", KEY)))).isEqualTo(
        new Notice.S3Objects("eventbridge via sns-s3", List.of(new S3Object("b", KEY, OptionalLong.of(42), Optional.of("x")))));
  }

  @Test
  void eventBridgeObjectDeletedIsIgnored() {
    String body = eventBridgeObjectCreated("b", "k").replace("Object Created", "Object Deleted");
    assertThat(parser.parse(body)).isEqualTo(new Notice.Ignored("eventbridge-s3", "S3 'Object Deleted' event"));
  }

  @Test
  void eventBridgeCloudTrailEventIsInline() {
    assertThat(parser.parse(EVENTBRIDGE_CLOUDTRAIL)).isEqualTo(new Notice.Inline("eventbridge-cloudtrail",
        EVENTBRIDGE_CLOUDTRAIL, Map.of("detailType", "AWS API Call via CloudTrail", "eventBridgeId", "eb-7",
            "accountId", "111122223333", "region", "us-east-1")));
    String signIn = EVENTBRIDGE_CLOUDTRAIL.replace("AWS API Call via CloudTrail", "AWS Console Sign In via CloudTrail");
    assertThat(parser.parse(signIn)).isInstanceOf(Notice.Inline.class);
  }

  @Test
  void otherEventBridgeEventsArePoison() {
    String body = "{\"detail-type\":\"EC2 Instance State-change Notification\",\"source\":\"aws.ec2\",\"detail\":{}}";
    assertThat(parser.parse(body)).isEqualTo(new Notice.Poison("eventbridge: event of detail-type "
        + "'EC2 Instance State-change Notification' from 'aws.ec2' names no CloudTrail log file"));
  }

  @Test
  void testEventsAndValidationMessagesAreIgnored() {
    String test = "{\"Service\":\"Amazon S3\",\"Event\":\"s3:TestEvent\",\"Time\":\"2024-01-02T00:00:00.000Z\","
        + "\"Bucket\":\"b\",\"RequestId\":\"r\",\"HostId\":\"h\"}";
    assertThat(parser.parse(test)).isEqualTo(new Notice.Ignored("s3-test-event", "S3 test event"));
    assertThat(parser.parse(sns(test))).isEqualTo(new Notice.Ignored("s3-test-event via sns", "S3 test event"));
    assertThat(parser.parse("CloudTrail validation message."))
        .isEqualTo(new Notice.Ignored("cloudtrail-validation", "CloudTrail validation message"));
    assertThat(parser.parse(sns("CloudTrail validation message.")))
        .isEqualTo(new Notice.Ignored("cloudtrail-validation via sns", "CloudTrail validation message"));
    assertThat(parser.parse("{\"Type\":\"SubscriptionConfirmation\",\"Message\":\"You have chosen...\"}"))
        .isEqualTo(new Notice.Ignored("sns", "SNS SubscriptionConfirmation"));
  }

  @Test
  void garbageIsPoisonWithReason() {
    assertThat(parser.parse("")).isEqualTo(new Notice.Poison("empty body"));
    assertThat(parser.parse("[1,2]")).isEqualTo(new Notice.Poison("body is not a JSON object but array"));
    assertThat(parser.parse("hello world")).isInstanceOfSatisfying(Notice.Poison.class,
        p -> assertThat(p.reason()).startsWith("body is not JSON: "));
    assertThat(parser.parse("{\"foo\":1,\"bar\":2}"))
        .isEqualTo(new Notice.Poison("unrecognised notice with fields [foo, bar]"));
    assertThat(parser.parse(sns("not json"))).isInstanceOfSatisfying(Notice.Poison.class,
        p -> assertThat(p.reason()).startsWith("SNS Message is not JSON: "));
    assertThat(parser.parse("{\"s3Bucket\":\"b\",\"s3ObjectKey\":[1]}"))
        .isEqualTo(new Notice.Poison("cloudtrail-sns: s3ObjectKey[0] is not a string but number"));
    assertThat(parser.parse("{\"s3ObjectKey\":[\"k\"]}"))
        .isEqualTo(new Notice.Poison("cloudtrail-sns: s3Bucket is missing or not a string"));
    assertThat(parser.parse("{\"Records\":[{\"eventVersion\":\"1.08\",\"eventName\":\"CreateUser\"}]}"))
        .isEqualTo(new Notice.Poison("s3-event: Records[0] has no s3 object (fields [eventVersion, eventName])"));
    assertThat(parser.parse("{\"Type\":\"Weird\",\"Message\":\"x\"}"))
        .isEqualTo(new Notice.Poison("SNS envelope of unknown Type 'Weird'"));
  }
}
