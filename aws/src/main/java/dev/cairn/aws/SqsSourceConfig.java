package dev.cairn.aws;

import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.integer;
import static dev.cairn.config.ConfigType.secret;
import static dev.cairn.config.ConfigType.text;
import static dev.cairn.config.ConfigType.url;

import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import dev.cairn.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * How an {@link SqsSource} reaches its queue and the buckets the queue's messages name. Immutable and
 * validated against the keys declared here (which are also the entries of {@code sources.sqs} in
 * {@code cairn.yaml}); build one with {@link #builder(String)}, or {@link #from(Config)} a loaded
 * section.
 *
 * @param queueUrl the SQS queue URL, e.g. {@code https://sqs.us-east-1.amazonaws.com/111122223333/trail}
 * @param region the region of the SQS and S3 clients; empty means the queue URL's region, else the
 *     SDK's default region chain
 * @param sqsEndpoint endpoint override for an SQS-compatible server; empty means AWS
 * @param s3Endpoint endpoint override for an S3-compatible server (path-style addressing is then
 *     used); empty means AWS
 * @param credentials where credentials come from; empty means the SDK's default chain
 * @param maxMessages messages per receive ({@link #MAX_MESSAGES})
 * @param waitTime longest long-poll of one receive ({@link #WAIT_TIME})
 * @param visibilityTimeout how long a received message stays invisible, and what each extension
 *     sets it to again ({@link #VISIBILITY_TIMEOUT})
 * @param visibilityExtensionInterval how often the visibility of an in-flight message is extended
 *     ({@link #VISIBILITY_EXTENSION_INTERVAL})
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

  public static final ConfigKey<URI> QUEUE_URL = ConfigKey.of("queueUrl", url())
      .validate(u -> u.getPath() != null && u.getPath().length() > 1,
          "a queue URL like https://sqs.us-east-1.amazonaws.com/111122223333/trail")
      .doc("The queue fed by the trail bucket's notifications (any shape AWS sends).");

  public static final ConfigKey<String> REGION = ConfigKey.of("region", text())
      .optional("the queue URL's region, else the SDK's region chain")
      .doc("Region of the SQS and S3 clients.");

  public static final ConfigKey<Integer> POLLERS = ConfigKey.of("pollers", integer())
      .defaultValue(2)
      .range(1, 64)
      .doc("Threads long-polling this queue (competing consumers): the second one's receive overlaps the "
          + "first one's round trip.");

  public static final ConfigKey<Integer> MAX_MESSAGES = ConfigKey.of("maxMessages", integer())
      .defaultValue(10)
      .range(1, 10)
      .doc("Messages per receive.");

  public static final ConfigKey<Duration> WAIT_TIME = ConfigKey.of("waitTime", duration())
      .defaultValue(Duration.ofSeconds(20))
      .range(Duration.ZERO, Duration.ofSeconds(20))
      .validate(SqsSourceConfig::wholeSeconds, "whole seconds")
      .doc("Longest long-poll of one receive: an idle queue costs one receive per poller per wait.");

  public static final ConfigKey<Duration> VISIBILITY_TIMEOUT = ConfigKey.of("visibilityTimeout", duration())
      .defaultValue(Duration.ofMinutes(2))
      .range(Duration.ofSeconds(1), Duration.ofHours(12))
      .validate(SqsSourceConfig::wholeSeconds, "whole seconds")
      .doc("How long a received message stays invisible to other consumers, set again by each extension "
          + "while it is in progress: short, so that a crashed consumer's messages come back soon.");

  public static final ConfigKey<Duration> VISIBILITY_EXTENSION_INTERVAL =
      ConfigKey.of("visibilityExtensionInterval", duration())
          .derivedDefault(c -> c.get(VISIBILITY_TIMEOUT).dividedBy(2), "half of visibilityTimeout")
          .atLeast(Duration.ofMillis(1))
          .doc("How often the visibility of a message in progress is extended.");

  public static final ConfigKey<URI> SQS_ENDPOINT = ConfigKey.of("sqsEndpoint", url())
      .optional("AWS")
      .doc("Only for an SQS-compatible server, e.g. `http://127.0.0.1:9324`.");

  public static final ConfigKey<URI> S3_ENDPOINT = ConfigKey.of("s3Endpoint", url())
      .optional("AWS")
      .doc("Only for an S3-compatible server, e.g. `http://127.0.0.1:9000` (path-style addressing is then used).");

  public static final ConfigKey<Secret> ACCESS_KEY_ID = ConfigKey.of("accessKeyId", secret())
      .optional("the SDK's default credential chain")
      .doc("With `secretAccessKey`: static credentials, e.g. `${AWS_ACCESS_KEY_ID}`.");

  public static final ConfigKey<Secret> SECRET_ACCESS_KEY = ConfigKey.of("secretAccessKey", secret())
      .optional("the SDK's default credential chain")
      .doc("With `accessKeyId`: static credentials, e.g. `${AWS_SECRET_ACCESS_KEY}` or `file:/run/secrets/aws`.");

  /** All of the above, with the checks that involve two of them. */
  public static final ConfigDef DEF = ConfigDef.builder()
      .define(QUEUE_URL)
      .define(REGION)
      .define(POLLERS)
      .define(MAX_MESSAGES)
      .define(WAIT_TIME)
      .define(VISIBILITY_TIMEOUT)
      .define(VISIBILITY_EXTENSION_INTERVAL)
      .define(SQS_ENDPOINT)
      .define(S3_ENDPOINT)
      .define(ACCESS_KEY_ID)
      .define(SECRET_ACCESS_KEY)
      .check(VISIBILITY_EXTENSION_INTERVAL, "less than visibilityTimeout",
          c -> c.get(VISIBILITY_EXTENSION_INTERVAL).compareTo(c.get(VISIBILITY_TIMEOUT)) < 0)
      .check("give both accessKeyId and secretAccessKey, or neither (default credential chain)",
          c -> c.isSet(ACCESS_KEY_ID) == c.isSet(SECRET_ACCESS_KEY))
      .build();

  /** Validates every setting against the declared keys; the message names the key and the bad value. */
  public SqsSourceConfig {
    Objects.requireNonNull(queueUrl, "queueUrl");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(sqsEndpoint, "sqsEndpoint");
    Objects.requireNonNull(s3Endpoint, "s3Endpoint");
    Objects.requireNonNull(credentials, "credentials");
    Config.Builder settings = Config.builder(DEF)
        .set(QUEUE_URL, QUEUE_URL.parse(queueUrl))
        .set(MAX_MESSAGES, maxMessages)
        .set(WAIT_TIME, waitTime)
        .set(VISIBILITY_TIMEOUT, visibilityTimeout)
        .set(VISIBILITY_EXTENSION_INTERVAL, visibilityExtensionInterval);
    sqsEndpoint.ifPresent(uri -> settings.set(SQS_ENDPOINT, uri));
    s3Endpoint.ifPresent(uri -> settings.set(S3_ENDPOINT, uri));
    settings.build();
  }

  /** A builder with the declared defaults: 10 messages, 20 s wait, 2 min visibility extended every minute. */
  public static Builder builder(String queueUrl) {
    return new Builder(queueUrl);
  }

  /**
   * The config of one entry of {@code sources.sqs} (a section of {@link #DEF}); static
   * credentials when it gives both keys. {@link #POLLERS} is the engine's to apply.
   */
  public static SqsSourceConfig from(Config queue) {
    Builder builder = new Builder(queue.get(QUEUE_URL).toString());
    builder.settings.setAll(queue);
    Optional<Secret> keyId = queue.find(ACCESS_KEY_ID);
    Optional<Secret> secret = queue.find(SECRET_ACCESS_KEY);
    if (keyId.isPresent() && secret.isPresent()) {
      builder.credentials(StaticCredentialsProvider.create(
          AwsBasicCredentials.create(keyId.get().reveal(), secret.get().reveal())));
    }
    return builder.build();
  }

  /** A builder starting from this config. */
  public Builder toBuilder() {
    Builder b = new Builder(queueUrl);
    region.ifPresent(b::region);
    sqsEndpoint.ifPresent(b::sqsEndpoint);
    s3Endpoint.ifPresent(b::s3Endpoint);
    credentials.ifPresent(b::credentials);
    return b.maxMessages(maxMessages).waitTime(waitTime).visibilityTimeout(visibilityTimeout)
        .visibilityExtensionInterval(visibilityExtensionInterval);
  }

  private static boolean wholeSeconds(Duration d) {
    return d.toNanosPart() == 0;
  }

  /** Builds an {@link SqsSourceConfig}; setters validate at once, {@link #build()} the rest. Not thread-safe. */
  public static final class Builder {
    private final Config.Builder settings = Config.builder(DEF);
    private AwsCredentialsProvider credentials;

    private Builder(String queueUrl) {
      settings.set(QUEUE_URL, QUEUE_URL.parse(Objects.requireNonNull(queueUrl, "queueUrl")));
    }

    /** The region of both clients ({@link #REGION}). */
    public Builder region(Region region) {
      settings.set(REGION, Objects.requireNonNull(region, "region").id());
      return this;
    }

    /** Sends SQS and S3 requests to one S3/SQS-compatible server. */
    public Builder endpoint(URI endpoint) {
      return sqsEndpoint(endpoint).s3Endpoint(endpoint);
    }

    /** Sends SQS requests to an SQS-compatible server ({@link #SQS_ENDPOINT}). */
    public Builder sqsEndpoint(URI endpoint) {
      settings.set(SQS_ENDPOINT, endpoint);
      return this;
    }

    /** Sends S3 requests to an S3-compatible server, path-style ({@link #S3_ENDPOINT}). */
    public Builder s3Endpoint(URI endpoint) {
      settings.set(S3_ENDPOINT, endpoint);
      return this;
    }

    /** Where credentials come from; by default the SDK's default chain. */
    public Builder credentials(AwsCredentialsProvider credentials) {
      this.credentials = Objects.requireNonNull(credentials, "credentials");
      return this;
    }

    /** Messages per receive ({@link #MAX_MESSAGES}). */
    public Builder maxMessages(int maxMessages) {
      settings.set(MAX_MESSAGES, maxMessages);
      return this;
    }

    /** Longest long-poll ({@link #WAIT_TIME}). */
    public Builder waitTime(Duration waitTime) {
      settings.set(WAIT_TIME, waitTime);
      return this;
    }

    /** Visibility timeout requested on receive and on each extension ({@link #VISIBILITY_TIMEOUT}). */
    public Builder visibilityTimeout(Duration visibilityTimeout) {
      settings.set(VISIBILITY_TIMEOUT, visibilityTimeout);
      return this;
    }

    /** How often in-flight messages are extended ({@link #VISIBILITY_EXTENSION_INTERVAL}). */
    public Builder visibilityExtensionInterval(Duration interval) {
      settings.set(VISIBILITY_EXTENSION_INTERVAL, interval);
      return this;
    }

    /**
     * Validates and builds.
     *
     * @throws IllegalArgumentException naming the bad setting and its value
     */
    public SqsSourceConfig build() {
      Config c = settings.build();
      return new SqsSourceConfig(c.get(QUEUE_URL).toString(), c.find(REGION).map(Region::of),
          c.find(SQS_ENDPOINT), c.find(S3_ENDPOINT), Optional.ofNullable(credentials), c.get(MAX_MESSAGES),
          c.get(WAIT_TIME), c.get(VISIBILITY_TIMEOUT), c.get(VISIBILITY_EXTENSION_INTERVAL));
    }
  }
}
