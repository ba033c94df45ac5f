package dev.cairn.bench.sqs;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;

/**
 * CloudTrail log files for the alert benchmark: failed console sign-ins, which the benchmark's one
 * rule matches, among other real records that it does not match.
 *
 * <p>Both kinds come from {@link RecordPool}: the matching records are the pool's real
 * {@code ConsoleLogin} records with {@code "errorMessage": "Failed authentication"}; the others are
 * every other pool record, drawn as {@link TrailGenerator} draws them (weights towards the real
 * mean record size, 80 % from a working set of the file's own). Each event gets a random UUID
 * eventID (so every match is a new alert, never a duplicate), a random requestID of the original's
 * shape, an eventTime in the 5 minutes before the file's delivery, and one of the organisation's
 * accounts; files are us-east-1 (where console sign-ins of IAM users are recorded), compact
 * {@code {"Records":[...]}} gzip under organisation-trail keys.
 */
final class AlertFiles {
  static final String RULE_ID = "console-login-failed";
  static final String RULE_FILTER = "{ ($.eventName = ConsoleLogin) && ($.errorMessage = \"Failed authentication\") }";
  private static final String REGION = "us-east-1";
  private static final ObjectMapper JSON = new ObjectMapper();

  /** One log file: its key, gzip bytes, the eventIDs of its matching events, and its size. */
  record LogFile(String key, byte[] gzip, List<String> matchIds, int events, int jsonBytes) {}

  private final TrailGenerator.Trail trail;
  private final List<String> accounts;
  private final List<RecordPool.Template> matching;
  private final TrailGenerator.Sampler others;

  AlertFiles(RecordPool pool, int recordBytes, String bucket, Random random) {
    List<RecordPool.Template> match = new ArrayList<>();
    List<RecordPool.Template> rest = new ArrayList<>();
    for (RecordPool.Template t : pool.templates()) {
      (matches(t) ? match : rest).add(t);
    }
    if (match.isEmpty()) {
      throw new IllegalStateException("no failed ConsoleLogin record in the pool (examples/data/console-sign-in)");
    }
    this.matching = List.copyOf(match);
    this.others = new TrailGenerator.Sampler(rest, recordBytes);
    String org = "o-" + TrailGenerator.randomString(random, "abcdefghijklmnopqrstuvwxyz0123456789", 10);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 10; i++) {
      ids.add((1 + random.nextInt(9)) + TrailGenerator.randomString(random, "0123456789", 11));
    }
    this.accounts = List.copyOf(ids);
    this.trail = new TrailGenerator.Trail(bucket, org, accounts.get(0), List.of());
  }

  /** Whether the benchmark's rule matches the template, judged on the record it makes. */
  private static boolean matches(RecordPool.Template t) {
    StringBuilder json = new StringBuilder();
    t.append(json, UUID.randomUUID().toString(), "r", "2024-05-14T00:00:00Z", "111111111111", REGION);
    try {
      JsonNode record = JSON.readTree(json.toString());
      return "ConsoleLogin".equals(record.path("eventName").asText())
          && "Failed authentication".equals(record.path("errorMessage").asText());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The bucket and organisation the files belong to (for notices); it lists no files. */
  TrailGenerator.Trail trail() {
    return trail;
  }

  int matchingTemplates() {
    return matching.size();
  }

  /**
   * A file delivered at {@code deliveredAt} holding {@code matches} failed sign-ins at random
   * places among {@code others} other records.
   */
  LogFile make(Random random, Instant deliveredAt, int matches, int others) {
    String account = accounts.get(random.nextInt(accounts.size()));
    long end = deliveredAt.getEpochSecond();
    Instant stamp = Instant.ofEpochSecond(end - end % 300 + 300);
    String key = TrailGenerator.objectKey(trail.organizationId(), account, REGION, stamp, random);
    List<Boolean> kinds = new ArrayList<>();
    for (int i = 0; i < matches + others; i++) {
      kinds.add(i < matches);
    }
    Collections.shuffle(kinds, random);
    List<RecordPool.Template> workingSet = new ArrayList<>();
    for (int i = 0, n = Math.max(10, Math.min(200, others / 10)); i < n; i++) {
      workingSet.add(this.others.pick(random));
    }
    List<String> ids = new ArrayList<>(matches);
    StringBuilder json = new StringBuilder((matches + others) * 1600 + 16).append("{\"Records\":[");
    for (int i = 0; i < kinds.size(); i++) {
      if (i > 0) {
        json.append(',');
      }
      RecordPool.Template t;
      if (kinds.get(i)) {
        t = matching.get(random.nextInt(matching.size()));
      } else {
        t = random.nextDouble() < TrailGenerator.WORKING_SET_SHARE
            ? workingSet.get(random.nextInt(workingSet.size())) : this.others.pick(random);
      }
      String id = UUID.randomUUID().toString();
      if (kinds.get(i)) {
        ids.add(id);
      }
      String time = DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochSecond(end - random.nextInt(300)));
      t.append(json, id, t.requestId(random), time, account, REGION);
    }
    json.append("]}");
    byte[] bytes = json.toString().getBytes(StandardCharsets.UTF_8);
    ByteArrayOutputStream gz = new ByteArrayOutputStream(bytes.length / 5);
    try (GZIPOutputStream out = new GZIPOutputStream(gz, 1 << 16)) {
      out.write(bytes);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new LogFile(key, gz.toByteArray(), List.copyOf(ids), kinds.size(), bytes.length);
  }
}
