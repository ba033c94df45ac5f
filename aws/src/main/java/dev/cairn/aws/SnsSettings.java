package dev.cairn.aws;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/**
 * An SNS topic that alerts are published to, for its subscribers (e-mail, SMS, SQS, Lambda).
 *
 * @param name the configured channel name ({@code sns-oncall})
 * @param topicArn {@code arn:aws:sns:us-east-1:111122223333:alerts}, or {@code ….fifo} for a FIFO
 *     topic (then every message carries a group and a deduplication id)
 * @param region the client's region; empty means the topic's
 * @param endpoint endpoint override for an SNS-compatible server; empty means AWS
 * @param credentials where credentials come from; empty means the SDK's default chain
 * @param messageGroupId a FIFO topic's message group for every alert; empty means the rule id
 *     (alerts of one rule stay in order, rules do not wait for each other)
 * @param timeout the longest a publish may take
 */
public record SnsSettings(String name, String topicArn, Optional<Region> region, Optional<URI> endpoint,
    Optional<AwsCredentialsProvider> credentials, Optional<String> messageGroupId, Duration timeout) {

  /** Default longest publish. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(15);

  private static final Pattern ARN = Pattern.compile("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?");

  /** Validates every setting; the message names the setting and the bad value. */
  public SnsSettings {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(topicArn, "topicArn");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(endpoint, "endpoint");
    Objects.requireNonNull(credentials, "credentials");
    Objects.requireNonNull(messageGroupId, "messageGroupId");
    Objects.requireNonNull(timeout, "timeout");
    if (name.isBlank()) {
      throw new IllegalArgumentException("name: expected a channel name, got ''");
    }
    if (!ARN.matcher(topicArn).matches()) {
      throw new IllegalArgumentException("topicArn: expected arn:aws:sns:REGION:ACCOUNT:TOPIC, got '" + topicArn + "'");
    }
    endpoint.ifPresent(e -> {
      if (!("http".equals(e.getScheme()) || "https".equals(e.getScheme())) || e.getHost() == null) {
        throw new IllegalArgumentException("endpoint: expected an http(s) URL, got '" + e + "'");
      }
    });
    messageGroupId.ifPresent(g -> {
      if (!SnsChannel.FIFO_TOKEN.matcher(g).matches()) {
        throw new IllegalArgumentException("messageGroupId: expected 1 to 128 letters, digits or punctuation, got '"
            + g + "'");
      }
    });
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout: expected a positive duration, got " + timeout);
    }
  }

  /** A topic reached with the SDK's defaults. */
  public static SnsSettings of(String name, String topicArn) {
    return new SnsSettings(name, topicArn, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(),
        DEFAULT_TIMEOUT);
  }

  /** Whether the topic is a FIFO topic. */
  public boolean fifo() {
    return topicArn.endsWith(".fifo");
  }

  /** The region to use: the setting, else the topic's. */
  Region clientRegion() {
    return region.orElseGet(() -> Region.of(topicArn.split(":", -1)[3]));
  }
}
