package dev.cairn.archive;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Small CloudTrail log files for archive tests. */
public final class Logs {
  private Logs() {}

  /** A record; {@code account} and {@code region} say where, {@code error} may be null. */
  public static String record(String eventId, String eventName, String eventTime, String account, String region,
      String error) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"alice\","
        + "\"arn\":\"arn:aws:iam::" + account + ":user/alice\",\"accountId\":\"" + account + "\"},\"eventTime\":\""
        + eventTime + "\",\"eventSource\":\"ec2.amazonaws.com\",\"eventName\":\"" + eventName + "\",\"awsRegion\":\""
        + region + "\",\"sourceIPAddress\":\"203.0.113.7\",\"userAgent\":\"aws-cli/2.0\","
        + (error == null ? "" : "\"errorCode\":\"" + error + "\",")
        + "\"eventID\":\"" + eventId + "\",\"readOnly\":" + eventName.startsWith("Describe")
        + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"eventCategory\":\"Management\","
        + "\"recipientAccountId\":\"" + account + "\"}";
  }

  /** A record in account 111122223333, eu-west-1, without error. */
  public static String record(String eventId, String eventName, String eventTime) {
    return record(eventId, eventName, eventTime, "111122223333", "eu-west-1", null);
  }

  /** {@code {"Records":[...]}}. */
  public static String logFile(List<String> records) {
    return "{\"Records\":[" + String.join(",", records) + "]}";
  }

  /** Ids {@code prefix0 .. prefix(n-1)}. */
  public static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  public static Path writeGzip(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(bytes)) {
        gz.write(content.getBytes(StandardCharsets.UTF_8));
      }
      Files.write(file, bytes.toByteArray());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
