package dev.cairn.event;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class CloudTrailEventTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Every top-level field CloudTrail documents up to eventVersion 1.11. */
  private static final String FULL = """
      {"eventVersion":"1.11","eventTime":"2024-05-01T12:00:00Z","eventSource":"s3.amazonaws.com",
       "eventName":"PutObject","awsRegion":"eu-west-1","sourceIPAddress":"203.0.113.10",
       "userAgent":"aws-cli/2.15.0","errorCode":"AccessDenied","errorMessage":"Access Denied",
       "requestParameters":{"bucketName":"b","key":"k"},"responseElements":null,
       "additionalEventData":{"SignatureVersion":"SigV4"},"requestID":"R1","eventID":"E1",
       "apiVersion":"2006-03-01","readOnly":false,
       "resources":[{"ARN":"arn:aws:s3:::b/k","type":"AWS::S3::Object"},{"accountId":"111122223333","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::b"}],
       "eventType":"AwsApiCall","recipientAccountId":"111122223333","sharedEventID":"S1",
       "vpcEndpointId":"vpce-1","vpcEndpointAccountId":"444455556666","serviceEventDetails":{"x":1},
       "managementEvent":false,"eventCategory":"Data","insightDetails":null,
       "addendum":{"reason":"UPDATED_DATA","updatedFields":"userAgent","originalEventID":"E0"},
       "sessionCredentialFromConsole":"true","edgeDeviceDetails":{"type":"outposts"},
       "tlsDetails":{"tlsVersion":"TLSv1.3","cipherSuite":"TLS_AES_128_GCM_SHA256","clientProvidedHostHeader":"b.s3.amazonaws.com","keyExchange":"X25519MLKEM768"},
       "eventContext":{"requestContext":{},"tagContext":{}},
       "userIdentity":{"type":"AssumedRole","principalId":"AROA:alice","arn":"arn:aws:sts::111122223333:assumed-role/ops/alice",
         "accountId":"111122223333","accessKeyId":"ASIA1","invokedBy":"athena.amazonaws.com",
         "sessionContext":{"sessionIssuer":{"type":"Role","userName":"ops"},"attributes":{"mfaAuthenticated":"true","creationDate":"2024-05-01T11:00:00Z"}}}}""";

  @Test
  void typedAccessToEveryDocumentedField() {
    CloudTrailEvent e = record(FULL);

    assertThat(e.eventVersion()).isEqualTo(new EventVersion(1, 11));
    assertThat(e.eventTime()).isEqualTo(Instant.parse("2024-05-01T12:00:00Z"));
    assertThat(e.eventSource()).isEqualTo("s3.amazonaws.com");
    assertThat(e.eventName()).isEqualTo("PutObject");
    assertThat(e.awsRegion()).isEqualTo("eu-west-1");
    assertThat(e.sourceIpAddress()).isEqualTo("203.0.113.10");
    assertThat(e.userAgent()).isEqualTo("aws-cli/2.15.0");
    assertThat(e.errorCode()).isEqualTo("AccessDenied");
    assertThat(e.errorMessage()).isEqualTo("Access Denied");
    assertThat(e.requestParameters().get("bucketName").asText()).isEqualTo("b");
    assertThat(e.responseElements().isNull()).isTrue();
    assertThat(e.additionalEventData().get("SignatureVersion").asText()).isEqualTo("SigV4");
    assertThat(e.requestId()).isEqualTo("R1");
    assertThat(e.eventId()).isEqualTo("E1");
    assertThat(e.apiVersion()).isEqualTo("2006-03-01");
    assertThat(e.readOnly()).isFalse();
    assertThat(e.resources()).containsExactly(new CloudTrailEvent.Resource("arn:aws:s3:::b/k", null, "AWS::S3::Object"),
        new CloudTrailEvent.Resource("arn:aws:s3:::b", "111122223333", "AWS::S3::Bucket"));
    assertThat(e.eventType()).isEqualTo("AwsApiCall");
    assertThat(e.recipientAccountId()).isEqualTo("111122223333");
    assertThat(e.sharedEventId()).isEqualTo("S1");
    assertThat(e.vpcEndpointId()).isEqualTo("vpce-1");
    assertThat(e.vpcEndpointAccountId()).isEqualTo("444455556666");
    assertThat(e.serviceEventDetails().get("x").asInt()).isEqualTo(1);
    assertThat(e.managementEvent()).isFalse();
    assertThat(e.eventCategory()).isEqualTo("Data");
    assertThat(e.addendum().get("originalEventID").asText()).isEqualTo("E0");
    assertThat(e.sessionCredentialFromConsole()).isTrue();
    assertThat(e.edgeDeviceDetails().get("type").asText()).isEqualTo("outposts");
    assertThat(e.tlsDetails().get("keyExchange").asText()).isEqualTo("X25519MLKEM768");
    assertThat(e.eventContext().has("tagContext")).isTrue();
    UserIdentity who = e.userIdentity();
    assertThat(who.type()).isEqualTo("AssumedRole");
    assertThat(who.principalId()).isEqualTo("AROA:alice");
    assertThat(who.accessKeyId()).isEqualTo("ASIA1");
    assertThat(who.invokedBy()).isEqualTo("athena.amazonaws.com");
    assertThat(who.sessionIssuer().get("userName").asText()).isEqualTo("ops");
    assertThat(who.mfaAuthenticated()).isTrue();
    assertThat(e.principal()).isEqualTo("arn:aws:sts::111122223333:assumed-role/ops/alice");
    assertThat(e.account()).isEqualTo("111122223333");
  }

  @Test
  void eventVersionsCompareAsTwoIntegers() {
    assertThat(EventVersion.parse("1.10")).isGreaterThan(EventVersion.parse("1.9"));
    assertThat(EventVersion.parse("1.08")).isEqualTo(new EventVersion(1, 8));
    assertThat(EventVersion.parse("1.0")).isEqualTo(new EventVersion(1, 0));
    assertThat(EventVersion.parse("1.11").atLeast(1, 8)).isTrue();
    assertThat(EventVersion.parse("2.0").atLeast(1, 8)).isFalse();
    assertThat(EventVersion.parse("x")).isNull();
    assertThat(new EventVersion(1, 8)).hasToString("1.08");
  }

  @Test
  void aBareRecordGetsTheEnvelopeEventBridgeWouldGiveIt() {
    JsonNode env = record(FULL).envelope();

    assertThat(env.get("version").asText()).isEqualTo("0");
    assertThat(env.get("id").asText()).isEqualTo("E1");
    assertThat(env.get("detail-type").asText()).isEqualTo("AWS API Call via CloudTrail");
    assertThat(env.get("source").asText()).isEqualTo("aws.s3");
    assertThat(env.get("account").asText()).isEqualTo("111122223333");
    assertThat(env.get("time").asText()).isEqualTo("2024-05-01T12:00:00Z");
    assertThat(env.get("region").asText()).isEqualTo("eu-west-1");
    assertThat(env.get("resources").size()).isZero();
    assertThat(env.get("detail").get("eventName").asText()).isEqualTo("PutObject");
  }

  @Test
  void detailTypeFollowsEventTypeAndSourceTheServicePrefix() {
    assertThat(envelopeOf("AwsConsoleSignIn", "signin.amazonaws.com"))
        .containsExactly("AWS Console Sign In via CloudTrail", "aws.signin");
    assertThat(envelopeOf("AwsServiceEvent", "kms.amazonaws.com")).containsExactly("AWS Service Event via CloudTrail", "aws.kms");
    assertThat(envelopeOf("AwsConsoleAction", "iam.amazonaws.com")).containsExactly("AWS Console Action via CloudTrail", "aws.iam");
    assertThat(envelopeOf("AwsApiCall", "monitoring.amazonaws.com")).containsExactly("AWS API Call via CloudTrail", "aws.cloudwatch");
    assertThat(envelopeOf(null, "ec2.amazonaws.com")).containsExactly("AWS API Call via CloudTrail", "aws.ec2");
  }

  @Test
  void insightsRecordsNameTheirServiceInsideInsightDetails() {
    CloudTrailEvent insight = record("""
        {"eventVersion":"1.07","eventTime":"2019-10-15T21:13:00Z","awsRegion":"us-east-1","eventID":"I1",
         "eventType":"AwsCloudTrailInsight","recipientAccountId":"123456789012","eventCategory":"Insight",
         "insightDetails":{"state":"Start","eventSource":"autoscaling.amazonaws.com","eventName":"CompleteLifecycleAction"}}""");

    assertThat(insight.eventName()).isEqualTo("CompleteLifecycleAction");
    assertThat(insight.eventSource()).isEqualTo("autoscaling.amazonaws.com");
    assertThat(insight.envelope().get("detail-type").asText()).isEqualTo("AWS Insight via CloudTrail");
    assertThat(insight.principal()).isNull();
  }

  @Test
  void eventBridgeEnvelopesCarryingCloudTrailOrNot() throws IOException {
    ObjectNode custodian = (ObjectNode) JSON.readTree("""
        {"source":"aws.s3","account":"101010101111","time":"2015-11-23T07:45:25Z","id":"3603e3ef","region":"us-east-1",
         "detail":{"eventVersion":"1.03","eventID":"80486b96","eventSource":"s3.amazonaws.com","eventName":"CreateBucket"}}""");
    ObjectNode ec2 = (ObjectNode) JSON.readTree("""
        {"version":"0","id":"6a7e8feb","detail-type":"EC2 Instance State-change Notification","source":"aws.ec2",
         "account":"111122223333","time":"2017-12-22T18:43:48Z","region":"us-west-1","resources":[],"detail":{"state":"terminated"}}""");

    CloudTrailEvent fromCustodian = CloudTrailEvent.ofEnvelope(custodian);
    CloudTrailEvent state = CloudTrailEvent.ofEnvelope(ec2);

    assertThat(fromCustodian.isCloudTrail()).isTrue();
    assertThat(fromCustodian.eventId()).isEqualTo("80486b96");
    assertThat(fromCustodian.account()).isEqualTo("101010101111");
    assertThat(fromCustodian.envelope()).isSameAs(custodian);
    assertThat(state.isCloudTrail()).isFalse();
    assertThat(state.record()).isSameAs(ec2);
    assertThat(state.eventId()).isEqualTo("6a7e8feb");
    assertThat(state.eventSource()).isEqualTo("aws.ec2");
    assertThat(state.eventTime()).isEqualTo(Instant.parse("2017-12-22T18:43:48Z"));
  }

  @Test
  void recordsWithoutAnIdGetAStableOneForDedup() {
    String json = "{\"eventVersion\":\"1.0\",\"eventTime\":\"2014-03-06T21:22:54Z\",\"eventName\":\"StartInstances\"}";

    assertThat(record(json).eventId()).isEqualTo(record(json).eventId()).hasSize(36);
    assertThat(record(json).eventId()).isNotEqualTo(record(json.replace("Start", "Stop")).eventId());
  }

  @Test
  void lookupEventsStringsAndMissingIdentityAreTolerated() {
    CloudTrailEvent e = record("{\"eventVersion\":\"1.08\",\"readOnly\":\"true\",\"eventTime\":\"not a time\"}");

    assertThat(e.readOnly()).isTrue();
    assertThat(e.eventTime()).isNull();
    assertThat(e.userIdentity().type()).isNull();
    assertThat(e.userIdentity().mfaAuthenticated()).isNull();
    assertThat(e.resources()).isEmpty();
    assertThat(e.account()).isNull();
  }

  private static java.util.List<String> envelopeOf(String eventType, String eventSource) {
    String json = "{\"eventVersion\":\"1.08\",\"eventSource\":\"" + eventSource + "\""
        + (eventType == null ? "" : ",\"eventType\":\"" + eventType + "\"") + "}";
    JsonNode env = record(json).envelope();
    return java.util.List.of(env.get("detail-type").asText(), env.get("source").asText());
  }

  private static CloudTrailEvent record(String json) {
    try {
      return CloudTrailEvent.ofRecord((ObjectNode) JSON.readTree(json));
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
