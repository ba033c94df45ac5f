package dev.cairn.alarm;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/** CloudTrail records for tests. */
final class Records {
  private static final AtomicLong IDS = new AtomicLong();

  private Records() {}

  /** A failed console sign-in by an IAM user. */
  static String failedLogin(String user, Instant time, String ip) {
    return failedLogin(user, time, ip, "e-" + IDS.incrementAndGet());
  }

  static String failedLogin(String user, Instant time, String ip, String eventId) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA1\","
        + "\"arn\":\"arn:aws:iam::111111111111:user/" + user + "\",\"accountId\":\"111111111111\",\"userName\":\"" + user
        + "\"},\"eventTime\":\"" + time + "\",\"eventSource\":\"signin.amazonaws.com\",\"eventName\":\"ConsoleLogin\","
        + "\"awsRegion\":\"us-east-1\",\"sourceIPAddress\":\"" + ip + "\",\"userAgent\":\"Mozilla/5.0\","
        + "\"errorMessage\":\"Failed authentication\",\"requestParameters\":null,"
        + "\"responseElements\":{\"ConsoleLogin\":\"Failure\"},\"additionalEventData\":{\"MFAUsed\":\"No\"},"
        + "\"eventID\":\"" + eventId + "\",\"readOnly\":false,\"eventType\":\"AwsConsoleSignIn\","
        + "\"managementEvent\":true,\"recipientAccountId\":\"111111111111\",\"eventCategory\":\"Management\"}";
  }

  /** Any other call, in an account and region. */
  static String call(String name, Instant time, String account, String region) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"arn\":\"arn:aws:iam::" + account
        + ":user/bob\",\"accountId\":\"" + account + "\",\"userName\":\"bob\"},\"eventTime\":\"" + time
        + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"" + name + "\",\"awsRegion\":\"" + region
        + "\",\"sourceIPAddress\":\"198.51.100.7\",\"eventID\":\"c-" + IDS.incrementAndGet()
        + "\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"" + account + "\"}";
  }
}
