package dev.cairn.aws;

import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.secret;
import static dev.cairn.config.ConfigType.text;
import static dev.cairn.config.ConfigType.url;

import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import dev.cairn.config.Secret;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;

/** The keys of an {@code sns} channel under {@code channels.<name>}, declared once, and how it is built. */
public final class SnsChannelConfig {
  private SnsChannelConfig() {}

  public static final ConfigKey<String> TOPIC_ARN = ConfigKey.of("topicArn", text())
      .validate(arn -> arn.matches("arn:aws[a-z-]*:sns:[a-z0-9-]+:\\d{12}:[A-Za-z0-9_-]{1,256}(\\.fifo)?"),
          "an SNS topic ARN like arn:aws:sns:us-east-1:111122223333:alerts")
      .doc("The topic; a `.fifo` topic gets a message group and the idempotency key as deduplication id.");
  public static final ConfigKey<String> REGION = ConfigKey.of("region", text()).optional("the topic's region")
      .doc("The client's region.");
  public static final ConfigKey<URI> ENDPOINT = ConfigKey.of("endpoint", url()).optional("AWS")
      .doc("Only for SNS-compatible servers.");
  public static final ConfigKey<String> GROUP = ConfigKey.of("messageGroupId", text()).optional("the rule id")
      .doc("A FIFO topic's message group for every alert.");
  public static final ConfigKey<Secret> KEY_ID = ConfigKey.of("accessKeyId", secret())
      .optional("the default credential chain").doc("Static credentials, with secretAccessKey.");
  public static final ConfigKey<Secret> SECRET_KEY = ConfigKey.of("secretAccessKey", secret())
      .optional("the default credential chain").doc("Static credentials, with accessKeyId.");
  public static final ConfigKey<Duration> TIMEOUT = ConfigKey.of("timeout", duration())
      .defaultValue(SnsSettings.DEFAULT_TIMEOUT).atLeast(Duration.ofSeconds(1)).doc("The longest a publish may take.");

  public static final ConfigDef DEF = ConfigDef.builder().define(TOPIC_ARN).define(REGION).define(ENDPOINT)
      .define(GROUP).define(KEY_ID).define(SECRET_KEY).define(TIMEOUT)
      .check("give both accessKeyId and secretAccessKey, or neither (the default credential chain)",
          c -> c.find(KEY_ID).isPresent() == c.find(SECRET_KEY).isPresent())
      .build();

  /** The channel a loaded entry describes. */
  public static SnsChannel create(String name, Config entry) {
    Optional<software.amazon.awssdk.auth.credentials.AwsCredentialsProvider> credentials = entry.find(KEY_ID)
        .map(id -> StaticCredentialsProvider.create(AwsBasicCredentials.create(id.reveal(),
            entry.find(SECRET_KEY).orElseThrow().reveal())));
    return new SnsChannel(new SnsSettings(name, entry.get(TOPIC_ARN), entry.find(REGION).map(Region::of),
        entry.find(ENDPOINT), credentials, entry.find(GROUP), entry.get(TIMEOUT)));
  }
}
