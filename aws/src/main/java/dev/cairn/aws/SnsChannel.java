package dev.cairn.aws;

import dev.cairn.alert.Alert;
import dev.cairn.alert.channel.Attempt;
import dev.cairn.alert.channel.Channel;
import dev.cairn.alert.channel.ChannelText;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.text.Normalizer;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.services.sns.SnsClient;
import software.amazon.awssdk.services.sns.SnsClientBuilder;
import software.amazon.awssdk.services.sns.model.MessageAttributeValue;
import software.amazon.awssdk.services.sns.model.PublishRequest;

/**
 * Publishes alerts to an SNS topic through the AWS SDK v2, for the seed's SMS and e-mail fan-out.
 * The message is the alert as plain text (what an e-mail or SMS subscriber reads), or for an alarm's
 * state change the JSON message CloudWatch would publish, under CloudWatch's subject; the severity,
 * rule and account travel as message attributes too, so subscription filter policies can route on
 * them.
 *
 * <p>Limits, as the Publish API documents them: the message and its attributes at most 262,144
 * bytes of UTF-8; the subject ASCII, without line breaks or control characters, less than 100
 * characters (accents are dropped, other characters become {@code ?}). On a FIFO topic
 * ({@code .fifo}) the idempotency key is the {@code MessageDeduplicationId} (or its SHA-256 when it
 * is longer than 128 characters or has characters SNS refuses), and the message group is the
 * configured one or the rule id. SNS drops a repeat only within its 5-minute deduplication interval.
 *
 * <p>The SDK's own retries are off: the delivery loop retries. Outcomes: published, delivered;
 * throttling, HTTP 5xx, a timeout or a failed connection, transient; any other error
 * (authorization, a missing topic, an invalid parameter), permanent.
 */
public final class SnsChannel implements Channel, AutoCloseable {
  /** The channel type, and the key of a rule's SNS template. */
  public static final String TYPE = "sns";

  static final int MESSAGE_MAX_BYTES = 262_144;
  static final int SUBJECT_MAX = 99;
  static final int ATTRIBUTE_MAX = 256;
  /** What SNS accepts in a FIFO group or deduplication id. */
  static final Pattern FIFO_TOKEN = Pattern.compile("[\\x21-\\x7e]{1,128}");
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  private final SnsSettings settings;
  private final SnsClient client;
  private final boolean ownsClient;

  /** A channel with its own client, closed by {@link #close()}. */
  public SnsChannel(SnsSettings settings) {
    this(settings, client(settings), true);
  }

  /** A channel that publishes through {@code client}, which stays the caller's to close. */
  public SnsChannel(SnsSettings settings, SnsClient client) {
    this(settings, client, false);
  }

  private SnsChannel(SnsSettings settings, SnsClient client, boolean ownsClient) {
    this.settings = settings;
    this.client = client;
    this.ownsClient = ownsClient;
  }

  private static SnsClient client(SnsSettings s) {
    SnsClientBuilder b = SnsClient.builder().httpClientBuilder(ApacheHttpClient.builder())
        .region(s.clientRegion())
        .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry()).apiCallTimeout(s.timeout()));
    s.endpoint().ifPresent(b::endpointOverride);
    s.credentials().ifPresent(b::credentialsProvider);
    return b.build();
  }

  @Override
  public String name() {
    return settings.name();
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public String preview(Alert alert, String idempotencyKey) {
    PublishRequest r = request(alert, idempotencyKey);
    StringBuilder s = new StringBuilder("SNS Publish ").append(r.topicArn()).append('\n');
    s.append("Subject: ").append(r.subject()).append('\n');
    r.messageAttributes().forEach((k, v) -> s.append("MessageAttribute ").append(k).append(": ")
        .append(v.stringValue()).append('\n'));
    if (r.messageGroupId() != null) {
      s.append("MessageGroupId: ").append(r.messageGroupId()).append('\n');
      s.append("MessageDeduplicationId: ").append(r.messageDeduplicationId()).append('\n');
    }
    return s.append('\n').append(r.message()).toString();
  }

  @Override
  public Attempt send(Alert alert, String idempotencyKey) throws InterruptedException {
    PublishRequest request = request(alert, idempotencyKey);
    try {
      client.publish(request);
      return Attempt.DELIVERED;
    } catch (SdkException e) {
      if (Thread.interrupted()) { // the SDK reports an interrupt as an aborted call
        throw new InterruptedException("publishing to " + settings.name() + " interrupted");
      }
      return classify(e);
    }
  }

  static Attempt classify(SdkException e) {
    String message = ChannelText.fit(ChannelText.oneLine(String.valueOf(e.getMessage())), 200);
    if (e instanceof AwsServiceException s) {
      String code = s.awsErrorDetails() == null ? "" : s.awsErrorDetails().errorCode();
      String reason = "SNS " + code + " (HTTP " + s.statusCode() + "): " + message;
      if (s.isThrottlingException() || s.statusCode() == 429 || s.statusCode() >= 500) {
        return new Attempt.Transient(reason, Optional.empty());
      }
      return new Attempt.Permanent(reason);
    }
    if (e instanceof ApiCallTimeoutException || e instanceof ApiCallAttemptTimeoutException) {
      return new Attempt.Transient("no answer from SNS in time", Optional.empty());
    }
    return new Attempt.Transient("could not reach SNS: " + message, Optional.empty());
  }

  PublishRequest request(Alert alert, String idempotencyKey) {
    Map<String, MessageAttributeValue> attributes = new LinkedHashMap<>();
    attribute(attributes, "severity", alert.severity().label());
    attribute(attributes, "rule", alert.rule());
    attribute(attributes, "account", alert.facts().account());
    int attributeBytes = attributes.entrySet().stream()
        .mapToInt(e -> utf8(e.getKey()) + utf8("String") + utf8(e.getValue().stringValue())).sum();
    // An alarm's state change is published as CloudWatch publishes it: its consumers parse it unchanged.
    String text = alert.alarm().map(a -> a.toString()).orElseGet(() -> ChannelText.plainText(alert, TYPE, MESSAGE_MAX_BYTES));
    PublishRequest.Builder r = PublishRequest.builder()
        .topicArn(settings.topicArn())
        .subject(subject(alert))
        .message(ChannelText.fitUtf8(text, MESSAGE_MAX_BYTES - attributeBytes))
        .messageAttributes(attributes);
    if (settings.fifo()) {
      r.messageGroupId(settings.messageGroupId().orElseGet(() -> token(alert.rule())));
      r.messageDeduplicationId(token(idempotencyKey));
    }
    return r.build();
  }

  /** ASCII, one line, starting with a letter, digit or punctuation, less than 100 characters. */
  static String subject(Alert alert) {
    String line = alert.alarm().isPresent() ? alert.title() : ChannelText.headline(alert); // ALARM: "name" in Region
    String ascii = MARKS.matcher(Normalizer.normalize(ChannelText.oneLine(line),
        Normalizer.Form.NFKD)).replaceAll("");
    StringBuilder s = new StringBuilder(Math.min(ascii.length(), SUBJECT_MAX + 1));
    int i = 0;
    while (i < ascii.length() && s.length() <= SUBJECT_MAX) {
      int c = ascii.codePointAt(i);
      s.append(c >= 0x20 && c < 0x7f ? (char) c : '?');
      i += Character.charCount(c);
    }
    if (i < ascii.length() || s.length() > SUBJECT_MAX) {
      return s.substring(0, SUBJECT_MAX - 3).strip() + "...";
    }
    return s.toString().strip();
  }

  /** The value when SNS takes it as a FIFO id, else its hex SHA-256: the same for every attempt. */
  static String token(String value) {
    if (FIFO_TOKEN.matcher(value).matches()) {
      return value;
    }
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static void attribute(Map<String, MessageAttributeValue> attributes, String name, String value) {
    if (!value.isBlank()) {
      attributes.put(name, MessageAttributeValue.builder().dataType("String")
          .stringValue(ChannelText.fitUtf8(value, ATTRIBUTE_MAX)).build());
    }
  }

  private static int utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }
}
