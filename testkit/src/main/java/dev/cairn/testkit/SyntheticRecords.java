package dev.cairn.testkit;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

/**
 * Generates any number of plausible, distinct CloudTrail records from a seed, and streams of them
 * that are produced on the fly as they are read, so a test can decode hundreds of megabytes without
 * holding them. The same seed always gives the same bytes.
 */
public final class SyntheticRecords {
  private static final String[][] CALLS = {
    {"iam.amazonaws.com", "CreateUser", "false"},
    {"iam.amazonaws.com", "AttachUserPolicy", "false"},
    {"s3.amazonaws.com", "GetObject", "true"},
    {"s3.amazonaws.com", "PutBucketPolicy", "false"},
    {"ec2.amazonaws.com", "RunInstances", "false"},
    {"ec2.amazonaws.com", "DescribeInstances", "true"},
    {"sts.amazonaws.com", "AssumeRole", "false"},
    {"kms.amazonaws.com", "Decrypt", "true"},
    {"signin.amazonaws.com", "ConsoleLogin", "false"},
    {"cloudtrail.amazonaws.com", "StopLogging", "false"},
  };
  private static final String[] REGIONS = {"us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"};

  private final long seed;

  private SyntheticRecords(long seed) {
    this.seed = seed;
  }

  /** Records generated from {@code seed}. */
  public static SyntheticRecords withSeed(long seed) {
    return new SyntheticRecords(seed);
  }

  /** Record number {@code index} (0-based) as one line of JSON, about 1 KB. */
  public String record(long index) {
    SplittableRandom random = new SplittableRandom(seed * 1_000_003L + index);
    String[] call = CALLS[random.nextInt(CALLS.length)];
    String account = String.format("%012d", random.nextLong(1_000_000_000_000L));
    String user = "user" + random.nextInt(500);
    long second = 1_689_800_000L + index;
    String time = java.time.Instant.ofEpochSecond(second).toString();
    return "{\"eventVersion\":\"1.08\",\"userIdentity\":{\"type\":\"IAMUser\",\"principalId\":\"AIDA"
        + hex(random, 16) + "\",\"arn\":\"arn:aws:iam::" + account + ":user/" + user + "\",\"accountId\":\""
        + account + "\",\"accessKeyId\":\"AKIA" + hex(random, 16) + "\",\"userName\":\"" + user + "\"},"
        + "\"eventTime\":\"" + time + "\",\"eventSource\":\"" + call[0] + "\",\"eventName\":\"" + call[1]
        + "\",\"awsRegion\":\"" + REGIONS[random.nextInt(REGIONS.length)] + "\",\"sourceIPAddress\":\"203.0.113."
        + random.nextInt(256) + "\",\"userAgent\":\"aws-cli/2.13." + random.nextInt(30)
        + " Python/3.11.4 Linux/5.10 exe/x86_64\",\"requestParameters\":{\"name\":\"resource-" + random.nextInt(100_000)
        + "\",\"count\":" + random.nextInt(10) + ",\"ratio\":" + random.nextDouble() + "},\"responseElements\":null,"
        + "\"requestID\":\"" + uuid(random) + "\",\"eventID\":\"" + uuid(random) + "\",\"readOnly\":" + call[2]
        + ",\"eventType\":\"AwsApiCall\",\"managementEvent\":true,\"recipientAccountId\":\"" + account
        + "\",\"eventCategory\":\"Management\",\"tlsDetails\":{\"tlsVersion\":\"TLSv1.3\",\"cipherSuite\":"
        + "\"TLS_AES_128_GCM_SHA256\",\"clientProvidedHostHeader\":\"" + call[0] + "\"}}";
  }

  /** {@code {"Records":[...]}} with {@code count} records, generated while it is read. */
  public InputStream logFile(long count) {
    return new Generated(count, "{\"Records\":[\n", ",\n", "\n]}\n");
  }

  /** {@code count} records, one per line, generated while they are read. */
  public InputStream jsonLines(long count) {
    return new Generated(count, "", "\n", "\n");
  }

  /** {@code count} records with nothing between them ({@code {..}{..}}), as Firehose writes them. */
  public InputStream concatenated(long count) {
    return new Generated(count, "", "", "");
  }

  private static String hex(SplittableRandom random, int length) {
    StringBuilder text = new StringBuilder(length);
    for (int i = 0; i < length; i++) {
      text.append("0123456789ABCDEF".charAt(random.nextInt(16)));
    }
    return text.toString();
  }

  private static String uuid(SplittableRandom random) {
    return new java.util.UUID(random.nextLong(), random.nextLong()).toString();
  }

  /** Produces prefix, records separated by a separator, suffix; one record in memory at a time. */
  private final class Generated extends InputStream {
    private final long count;
    private final byte[] separator;
    private final byte[] suffix;
    private byte[] chunk;
    private int position;
    private long next;
    private boolean done;

    Generated(long count, String prefix, String separator, String suffix) {
      this.count = count;
      this.chunk = prefix.getBytes(StandardCharsets.UTF_8);
      this.separator = separator.getBytes(StandardCharsets.UTF_8);
      this.suffix = suffix.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public int read() {
      byte[] one = new byte[1];
      return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] into, int offset, int length) {
      if (length == 0) {
        return 0;
      }
      while (position == chunk.length) {
        if (!advance()) {
          return -1;
        }
      }
      int n = Math.min(length, chunk.length - position);
      System.arraycopy(chunk, position, into, offset, n);
      position += n;
      return n;
    }

    private boolean advance() {
      if (done) {
        return false;
      }
      position = 0;
      if (next == count) {
        chunk = suffix;
        done = true;
        return true;
      }
      byte[] record = record(next).getBytes(StandardCharsets.UTF_8);
      if (next > 0 && separator.length > 0) {
        byte[] joined = new byte[separator.length + record.length];
        System.arraycopy(separator, 0, joined, 0, separator.length);
        System.arraycopy(record, 0, joined, separator.length, record.length);
        record = joined;
      }
      chunk = record;
      next++;
      return true;
    }
  }
}
