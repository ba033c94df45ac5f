package dev.cairn.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How an {@link SqsSource} reaches its queue and the buckets the queue's messages name. Immutable and
 * validated; build one with {@link #builder(String)}.
 *
 * @param queueUrl the SQS queue URL, e.g. {@code https://sqs.us-east-1.amazonaws.com/111122223333/trail}
 * @param region the region of the SQS and S3 clients; empty means the SDK's default region chain
 * @param sqsEndpoint endpoint override for an SQS-compatible server; empty means AWS
 * @param s3Endpoint endpoint override for an S3-compatible server (path-style addressing is then
 *     used); empty means AWS
 * @param credentials where credentials come from; empty means the SDK's default chain
 * @param maxMessages messages per receive, 1–10
 * @param waitTime longest long-poll of one receive, 0–20 s (whole seconds)
 * @param visibilityTimeout how long a received message stays invisible, and what each extension
 *     sets it to again; 1 s – 12 h (whole seconds)
 * @param visibilityExtensionInterval how often the visibility of an in-flight message is extended;
 *     positive and shorter than {@code visibilityTimeout}
 */
public record SqsSourceConfig(
    String queueUrl,
    Optional<Region> region,
    Optional<URI> sqsEndpoint,
    Optional<URI> s3Endpoint,
    Optional<AwsCredentialsProvider> credentials,
    int maxMessages,
    Duration waitTime,
    Duration visibilityTimeout,
    Duration visibilityExtensionInterval) {

  /** Default visibility timeout: short enough that a crashed consumer's messages return soon. */
  public static final Duration DEFAULT_VISIBILITY_TIMEOUT = Duration.ofMinutes(2);

  static final Duration MAX_VISIBILITY_TIMEOUT = Duration.ofHours(12);
  static final Duration MAX_WAIT_TIME = Duration.ofSeconds(20);

  /** Validates every setting; the message names the setting and the bad value. */
  public SqsSourceConfig {
    Objects.requireNonNull(queueUrl, "queueUrl");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
    Objects.requireNonNull(s3Endpoint, "s3Endpoint");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(waitTime, "waitTime");
    Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
    Objects.requireNonNull(visibilityExtensionInterval, "visibilityExtensionInterval");
    URI parsed;
    try {
      parsed = URI.create(queueUrl);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("queueUrl: not a URL: '" + queueUrl + "'", e);
    }
    require(parsed.getScheme() != null && parsed.getHost() != null && parsed.getPath() != null
            && parsed.getPath().length() > 1,
        "queueUrl: expected http(s)://host/account/queue, got '%s'", queueUrl);
    sqsEndpoint.ifPresent(uri -> requireEndpoint("sqsEndpoint", uri));
    s3Endpoint.ifPresent(uri -> requireEndpoint("s3Endpoint", uri));
    require(maxMessages >= 1 && maxMessages <= 10, "maxMessages: expected 1..10, got %s", maxMessages);
    require(!waitTime.isNegative() && waitTime.compareTo(MAX_WAIT_TIME) <= 0 && wholeSeconds(waitTime),
        "waitTime: expected whole seconds in 0s..20s, got %s", waitTime);
    require(visibilityTimeout.compareTo(Duration.ofSeconds(1)) >= 0
            && visibilityTimeout.compareTo(MAX_VISIBILITY_TIMEOUT) <= 0 && wholeSeconds(visibilityTimeout),
        "visibilityTimeout: expected whole seconds in 1s..12h, got %s", visibilityTimeout);
    require(!visibilityExtensionInterval.isNegative() && !visibilityExtensionInterval.isZero()
            && visibilityExtensionInterval.compareTo(visibilityTimeout) < 0,
        "visibilityExtensionInterval: expected more than 0 and less than visibilityTimeout (%s), got %s",
        visibilityTimeout, visibilityExtensionInterval);
  }

  /** A builder with defaults: 10 messages, 20 s wait, 2 min visibility extended every minute. */
  public static Builder builder(String queueUrl) {
    return new Builder(queueUrl);
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    Builder b = new Builder(queueUrl);
    b.region = region.orElse(null);
    b.sqsEndpoint = sqsEndpoint.orElse(null);
    b.s3Endpoint = s3Endpoint.orElse(null);
    b.credentials = credentials.orElse(null);
    b.maxMessages = maxMessages;
    b.waitTime = waitTime;
    b.visibilityTimeout = visibilityTimeout;
    b.visibilityExtensionInterval = visibilityExtensionInterval;
    return b;
  }

  private static void requireEndpoint(String name, URI uri) {
    require(("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) && uri.getHost() != null,
        "%s: expected an http(s) URL, got '%s'", name, uri);
  }

  private static boolean wholeSeconds(Duration d) {
    return d.getNano() == 0;
  }

  private static void require(boolean ok, String format, Object... args) {
    if (!ok) {
      throw new IllegalArgumentException(String.format(format, args));
    }
  }

  /** Builds an {@link SqsSourceConfig}; {@link #build()} validates. Not thread-safe. */
  public static final class Builder {
    private final String queueUrl;
    private Region region;
    private URI sqsEndpoint;
    private URI s3Endpoint;
    private AwsCredentialsProvider credentials;
    private int maxMessages = 10;
    private Duration waitTime = MAX_WAIT_TIME;
    private Duration visibilityTimeout = DEFAULT_VISIBILITY_TIMEOUT;
    private Duration visibilityExtensionInterval;

    private Builder(String queueUrl) {
      this.queueUrl = Objects.requireNonNull(queueUrl, "queueUrl");
    }

    /** The region of both clients; by default the SDK's region chain. */
    public Builder region(Region region) {
      this.region = Objects.requireNonNull(region, "region");
      return this;
    }

    /** Sends SQS and S3 requests to one S3/SQS-compatible server. */
    public Builder endpoint(URI endpoint) {
      return sqsEndpoint(endpoint).s3Endpoint(endpoint);
    }

    /** Sends SQS requests to an SQS-compatible server. */
    public Builder sqsEndpoint(URI endpoint) {
      this.sqsEndpoint = Objects.requireNonNull(endpoint, "sqsEndpoint");
      return this;
    }

    /** Sends S3 requests to an S3-compatible server, path-style. */
    public Builder s3Endpoint(URI endpoint) {
      this.s3Endpoint = Objects.requireNonNull(endpoint, "s3Endpoint");
      return this;
    }

    /** Where credentials come from; by default the SDK's default chain. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Messages per receive, 1–10 (default 10). */
    public Builder maxMessages(int maxMessages) {
      this.maxMessages = maxMessages;
      return this;
    }

    /** Longest long-poll, 0–20 s (default 20 s). */
    public Builder waitTime(Duration waitTime) {
      this.waitTime = Objects.requireNonNull(waitTime, "waitTime");
      return this;
    }

    /** Visibility timeout requested on receive and on each extension (default 2 min). */
    public Builder visibilityTimeout(Duration visibilityTimeout) {
      this.visibilityTimeout = Objects.requireNonNull(visibilityTimeout, "visibilityTimeout");
      return this;
    }

    /** How often in-flight messages are extended (default half the visibility timeout). */
    public Builder visibilityExtensionInterval(Duration interval) {
      this.visibilityExtensionInterval = Objects.requireNonNull(interval, "visibilityExtensionInterval");
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the first bad setting and its value
     */
    public SqsSourceConfig build() {
      Duration interval =
          visibilityExtensionInterval != null ? visibilityExtensionInterval : visibilityTimeout.dividedBy(2);
      return new SqsSourceConfig(queueUrl, Optional.ofNullable(region), Optional.ofNullable(sqsEndpoint),
          Optional.ofNullable(s3Endpoint), Optional.ofNullable(credentials), maxMessages, waitTime,
          visibilityTimeout, interval);
    }
  }
}
