package dev.cairn.runtime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** Builds small CloudTrail log files for engine tests. */
public final class TestLogs {
  private TestLogs() {}

  /** One record. */
  public static String record(String eventId, String userName, String eventName, String eventTime) {
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"userName\":\"" + userName
        + "\",\"accountId\":\"111122223333\"},\"eventTime\":\"" + eventTime + "\",\"eventSource\":\"ec2.amazonaws.com\","
        + "\"eventName\":\"" + eventName + "\",\"awsRegion\":\"eu-west-1\",\"eventID\":\"" + eventId
        + "\",\"eventType\":\"AwsApiCall\",\"recipientAccountId\":\"111122223333\"}";
  }

  /** A record with a default user, name and time. */
  public static String record(String eventId) {
    return record(eventId, "alice", "RunInstances", "2024-01-01T00:00:00Z");
  }

  /** A log file {@code {"Records":[...]}} of the given records. */
  public static String logFile(List<String> records) {
    return "{\"Records\":[" + String.join(",", records) + "]}";
  }

  /** A log file of records with ids {@code prefix0 .. prefix(n-1)}. */
  public static String logFile(String prefix, int count) {
    return logFile(ids(prefix, count).stream().map(TestLogs::record).toList());
  }

  public static List<String> ids(String prefix, int count) {
    List<String> ids = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      ids.add(prefix + i);
    }
    return ids;
  }

  public static byte[] gzip(String text) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(bytes)) {
      out.write(text.getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return bytes.toByteArray();
  }

  /** Writes {@code content} gzipped to {@code file} via a temporary name and a rename, as log shippers do. */
  public static Path writeGzip(Path file, String content) {
    try {
      Files.createDirectories(file.getParent());
      Path part = file.resolveSibling(file.getFileName() + ".part");
      Files.write(part, gzip(content));
      return Files.move(part, file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
