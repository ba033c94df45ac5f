package dev.cairn.testkit;

import java.util.List;
import java.util.StringJoiner;

/**
 * A few realistic CloudTrail records as JSON text (one line each, no trailing newline), in the
 * shapes the AWS documentation shows, and builders for the containers they travel in. Account ids,
 * keys and addresses are the documentation's example values.
 */
public final class SampleRecords {
  private SampleRecords() {}

  /** An IAM user creating another IAM user (eventVersion 1.08, {@code AwsApiCall}). */
  public static final String CREATE_USER = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\","
      + "\"principalId\":\"AIDACKCEVSQ6C2EXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:user/Alice\","
      + "\"accountId\":\"111122223333\",\"accessKeyId\":\"AKIAIOSFODNN7EXAMPLE\",\"userName\":\"Alice\"},"
      + "\"eventTime\":\"2023-07-19T21:11:22Z\",\"eventSource\":\"iam.amazonaws.com\",\"eventName\":\"CreateUser\","
      + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"192.0.2.10\",\"userAgent\":\"aws-cli/2.13.5\","
      + "\"requestParameters\":{\"userName\":\"Bob\"},\"responseElements\":{\"user\":{\"path\":\"/\","
      + "\"userName\":\"Bob\",\"userId\":\"AIDACKCEVSQ6C3EXAMPLE\",\"arn\":\"arn:aws:iam::111122223333:user/Bob\","
      + "\"createDate\":\"Jul 19, 2023 9:11:22 PM\"}},\"requestID\":\"2d528c76-329e-410b-9516-EXAMPLE565dc\","
      + "\"eventID\":\"ba0801a1-87ec-4d26-be87-EXAMPLE75bbb\",\"readOnly\":false,\"eventType\":\"AwsApiCall\","
      + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\","
      + "\"tlsDetails\":{\"tlsVersion\":\"TLSv1.2\",\"cipherSuite\":\"ECDHE-RSA-AES128-GCM-SHA256\","
      + "\"clientProvidedHostHeader\":\"iam.amazonaws.com\"}}";

  /** A root console sign-in without MFA ({@code AwsConsoleSignIn}). */
  public static final String ROOT_CONSOLE_LOGIN = "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"Root\","
      + "\"principalId\":\"111122223333\",\"arn\":\"arn:aws:iam::111122223333:root\",\"accountId\":\"111122223333\","
      + "\"accessKeyId\":\"\"},\"eventTime\":\"2023-07-19T21:20:03Z\",\"eventSource\":\"signin.amazonaws.com\","
      + "\"eventName\":\"ConsoleLogin\",\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"198.51.100.7\","
      + "\"userAgent\":\"Mozilla/5.0 (Windows NT 10.0; Win64; x64)\",\"requestParameters\":null,"
      + "\"responseElements\":{\"ConsoleLogin\":\"Success\"},\"additionalEventData\":{\"LoginTo\":"
      + "\"https://console.aws.amazon.com/console/home\",\"MobileVersion\":\"No\",\"MFAUsed\":\"No\"},"
      + "\"eventID\":\"deb1e1f9-c99b-4612-8e9f-EXAMPLE8d3e2\",\"readOnly\":false,\"eventType\":\"AwsConsoleSignIn\","
      + "\"managementEvent\":true,\"recipientAccountId\":\"111122223333\",\"eventCategory\":\"Management\"}";

  /** An assumed role reading an S3 object (a data event, {@code readOnly} true). */
  public static final String GET_OBJECT = "{\"eventVersion\":\"1.09\",\"userIdentity\":{\"type\":\"AssumedRole\","
      + "\"principalId\":\"AROAEXAMPLEID:session\",\"arn\":\"arn:aws:sts::111122223333:assumed-role/reader/session\","
      + "\"accountId\":\"111122223333\",\"accessKeyId\":\"ASIAEXAMPLEKEY\",\"sessionContext\":{\"sessionIssuer\":"
      + "{\"type\":\"Role\",\"principalId\":\"AROAEXAMPLEID\",\"arn\":\"arn:aws:iam::111122223333:role/reader\","
      + "\"accountId\":\"111122223333\",\"userName\":\"reader\"},\"attributes\":{\"creationDate\":"
      + "\"2023-07-19T20:00:00Z\",\"mfaAuthenticated\":\"false\"}}},\"eventTime\":\"2023-07-19T21:30:45Z\","
      + "\"eventSource\":\"s3.amazonaws.com\",\"eventName\":\"GetObject\",\"awsRegion\":\"eu-west-1\","
      + "\"sourceIPAddress\":\"203.0.113.24\",\"userAgent\":\"[aws-sdk-java/2.20.0]\",\"requestParameters\":"
      + "{\"bucketName\":\"example-bucket\",\"key\":\"reports/2023/q2.csv\"},\"responseElements\":null,"
      + "\"additionalEventData\":{\"bytesTransferredOut\":18342},\"requestID\":\"EXAMPLE7J3Q8Z\","
      + "\"eventID\":\"5b1f3b4c-1e2d-4f5a-9b8c-EXAMPLE00001\",\"readOnly\":true,\"resources\":[{\"type\":"
      + "\"AWS::S3::Object\",\"ARN\":\"arn:aws:s3:::example-bucket/reports/2023/q2.csv\"},{\"accountId\":"
      + "\"111122223333\",\"type\":\"AWS::S3::Bucket\",\"ARN\":\"arn:aws:s3:::example-bucket\"}],"
      + "\"eventType\":\"AwsApiCall\",\"managementEvent\":false,\"recipientAccountId\":\"111122223333\","
      + "\"eventCategory\":\"Data\"}";

  /** An Insights record: no eventName or eventSource at top level, {@code insightDetails} instead. */
  public static final String INSIGHT = "{\"eventVersion\":\"1.08\",\"eventTime\":\"2023-07-19T21:00:00Z\","
      + "\"awsRegion\":\"us-east-1\",\"eventID\":\"a9edc959-9488-4790-be0f-EXAMPLE05ed6\",\"eventType\":"
      + "\"AwsCloudTrailInsight\",\"recipientAccountId\":\"111122223333\",\"sharedEventID\":"
      + "\"c2806063-d85d-4c8e-8a8b-EXAMPLE00c86\",\"insightDetails\":{\"state\":\"Start\",\"eventSource\":"
      + "\"ec2.amazonaws.com\",\"eventName\":\"RunInstances\",\"insightType\":\"ApiCallRateInsight\","
      + "\"insightContext\":{\"statistics\":{\"baseline\":{\"average\":0.0017},\"insight\":{\"average\":6},"
      + "\"insightDuration\":1}}},\"eventCategory\":\"Insight\"}";

  /** The four records above. */
  public static List<String> all() {
    return List.of(CREATE_USER, ROOT_CONSOLE_LOGIN, GET_OBJECT, INSIGHT);
  }

  /** A CloudTrail log file, {@code {"Records":[...]}}, holding the records. */
  public static String logFile(List<String> records) {
    StringJoiner file = new StringJoiner(",", "{\"Records\":[", "]}");
    records.forEach(file::add);
    return file.toString();
  }

  /** The records one per line, each line ending with LF. */
  public static String jsonLines(List<String> records) {
    StringBuilder lines = new StringBuilder();
    records.forEach(r -> lines.append(r).append('\n'));
    return lines.toString();
  }

  /** An EventBridge envelope around a record, as CloudTrail delivers it to the default bus. */
  public static String envelope(String record, String detailType, String source) {
    return "{\"version\":\"0\",\"id\":\"6a7e8feb-b491-4cf7-a9f1-EXAMPLE7718\",\"detail-type\":" + quote(detailType)
        + ",\"source\":" + quote(source) + ",\"account\":\"111122223333\",\"time\":\"2023-07-19T21:11:22Z\","
        + "\"region\":\"us-east-1\",\"resources\":[],\"detail\":" + record + "}";
  }

  /** The text as a JSON string literal, quotes included. */
  public static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 16).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
