package dev.cairn.alert;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.match.Severity;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What the people who must act are told: who did what, where, from which IP, with or without MFA,
 * in which account by name, and the events behind it. One alert is one rule firing on one event,
 * or (a {@link Digest}) the matches a group collected over its window. Every channel renders the
 * same alert in its own shape; the webhook channel sends it as JSON ({@link AlertJson}), which is
 * also how the outbox keeps it.
 *
 * <p>Every text here may come from an event (attacker-controlled) and is kept raw: each channel
 * escapes once, for its own format, and bounds sizes.
 *
 * @param id the idempotency key of the alert: the same rule and event (or group window) always give
 *     the same id; each channel adds its own name to key its delivery
 * @param rule the rule that fired
 * @param ruleDescription what the rule is about, from the rule file; empty when it has none
 * @param severity how urgent
 * @param title one line: the rule's description (or id) and the event in a few words
 * @param text a few lines for people: who, what, where, from where, MFA, outcome
 * @param facts the enriched facts of the (first) event, which templates and routes use too
 * @param count how many matches the alert stands for: 1, or a digest's count
 * @param events the events behind it, at most {@link #MAX_EVENTS}
 * @param digest for a group's digest: what the group collected; empty for a plain alert
 * @param templated text rendered by the rule's templates, by channel type (e.g. {@code slack})
 * @param created when the alert was made
 * @param alarm for an alarm's state change: the notification as CloudWatch publishes it to SNS
 *     ({@code AlarmName}, {@code NewStateReason}, {@code Trigger}, …, and Cairn's context in {@code
 *     Cairn}), which the webhook and SNS channels send as it is; the {@link #digest} then holds the
 *     top contributors and {@link #events} the sample events. Empty for a rule's alert.
 */
public record Alert(String id, String rule, String ruleDescription, Severity severity, String title, String text,
    Facts facts, int count, List<AlertEvent> events, Optional<Digest> digest, Map<String, String> templated,
    Instant created, Optional<JsonNode> alarm) {

  /** A rule's alert or digest: no alarm notification. */
  public Alert(String id, String rule, String ruleDescription, Severity severity, String title, String text,
      Facts facts, int count, List<AlertEvent> events, Optional<Digest> digest, Map<String, String> templated,
      Instant created) {
    this(id, rule, ruleDescription, severity, title, text, facts, count, events, digest, templated, created,
        Optional.empty());
  }

  /** Most events an alert carries (a digest carries samples). */
  public static final int MAX_EVENTS = 20;

  /**
   * 32 hex digits of SHA-256 over the parts, separated by a NUL (which none of them contains): the
   * stable part of an alert's id, so that the same match (or transition) always gets the same id and
   * a repeat is recognised.
   */
  public static String idHash(String... parts) {
    MessageDigest sha = SHA_256.get(); // digest() below resets it for the next call on this thread
    for (String part : parts) {
      sha.update(part.getBytes(StandardCharsets.UTF_8));
      sha.update((byte) 0);
    }
    return HexFormat.of().formatHex(sha.digest(), 0, 16);
  }

  /**
   * One digest per thread (workers and the delivery loop hash every alert and delivery): looking the
   * algorithm up among the security providers each time cost more than hashing the few bytes.
   */
  private static final ThreadLocal<MessageDigest> SHA_256 = ThreadLocal.withInitial(() -> {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is always available", e);
    }
  });

  public Alert {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(rule, "rule");
    Objects.requireNonNull(ruleDescription, "ruleDescription");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(facts, "facts");
    Objects.requireNonNull(digest, "digest");
    Objects.requireNonNull(created, "created");
    Objects.requireNonNull(alarm, "alarm");
    events = List.copyOf(events);
    templated = Map.copyOf(templated);
    if (count < 1) {
      throw new IllegalArgumentException("count must be at least 1, got " + count);
    }
  }

  /** The text a rule's template rendered for this channel type, else the default {@link #text()}. */
  public String textFor(String channelType) {
    return templated.getOrDefault(channelType, text);
  }

  /**
   * The enriched facts of an event. Empty strings where unknown, never null.
   *
   * @param account the 12-digit account id ({@code recipientAccountId}, else the identity's)
   * @param accountAlias the account's name from the config's {@code accounts:} map, else the id
   * @param region the AWS region
   * @param actor a readable principal: an IAM user's name, {@code role/session}, {@code root}, a
   *     federated user, an AWS service
   * @param mfa {@code yes}, {@code no}, {@code unknown}, or {@code federated} (the identity provider
   *     decides about MFA, so {@code MFAUsed: "No"} does not mean no MFA)
   * @param sourceIpAddress where the call came from
   * @param kind api-call, console-sign-in, console-action, service-event, insight, network-activity
   * @param category management, data, insight, network-activity
   * @param readOnly whether the call only reads
   * @param outcome success or failure
   * @param errorCode the error code of a failed call
   * @param errorMessage the error message of a failed call
   * @param eventName the API call or sign-in
   * @param eventSource the service endpoint ({@code iam.amazonaws.com})
   * @param eventTime when it happened, as the record says
   * @param userAgent the client
   * @param principalArn the identity's ARN
   */
  public record Facts(String account, String accountAlias, String region, String actor, String mfa,
      String sourceIpAddress, String kind, String category, boolean readOnly, String outcome, String errorCode,
      String errorMessage, String eventName, String eventSource, String eventTime, String userAgent,
      String principalArn) {
    public Facts {
      Objects.requireNonNull(account, "account");
      Objects.requireNonNull(accountAlias, "accountAlias");
      Objects.requireNonNull(region, "region");
      Objects.requireNonNull(actor, "actor");
      Objects.requireNonNull(mfa, "mfa");
      Objects.requireNonNull(sourceIpAddress, "sourceIpAddress");
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(category, "category");
      Objects.requireNonNull(outcome, "outcome");
      Objects.requireNonNull(errorCode, "errorCode");
      Objects.requireNonNull(errorMessage, "errorMessage");
      Objects.requireNonNull(eventName, "eventName");
      Objects.requireNonNull(eventSource, "eventSource");
      Objects.requireNonNull(eventTime, "eventTime");
      Objects.requireNonNull(userAgent, "userAgent");
      Objects.requireNonNull(principalArn, "principalArn");
    }
  }

  /**
   * One event behind an alert.
   *
   * @param eventId the CloudTrail eventID
   * @param eventTime as the record says
   * @param eventName the API call
   * @param summary one line: actor, call, account, region, source IP
   * @param record the CloudTrail record
   * @param input where the event was read: a file's path, {@code s3://bucket/key}; empty when not
   *     known (an alert stored before this was recorded, an event given in code)
   */
  public record AlertEvent(String eventId, String eventTime, String eventName, String summary, JsonNode record,
      String input) {
    public AlertEvent {
      Objects.requireNonNull(eventId, "eventId");
      Objects.requireNonNull(eventTime, "eventTime");
      Objects.requireNonNull(eventName, "eventName");
      Objects.requireNonNull(summary, "summary");
      Objects.requireNonNull(record, "record");
      Objects.requireNonNull(input, "input");
    }

    /** An event whose input is not known. */
    public AlertEvent(String eventId, String eventTime, String eventName, String summary, JsonNode record) {
      this(eventId, eventTime, eventName, summary, record, "");
    }
  }

  /**
   * What a group collected over its window: "and 41 more", with who, from where and where; for an
   * alarm, what is behind its datapoints.
   *
   * @param firstAlert the id of the alert that opened the group (sent at once)
   * @param windowStart when the group opened
   * @param windowEnd when it closed
   * @param topActors the most frequent actors, with counts, most first
   * @param topSourceIps the most frequent source IPs
   * @param topAccounts the most frequent accounts (by alias)
   * @param topRegions the most frequent regions (empty when not counted)
   * @param topEventNames the most frequent event names (empty when not counted)
   */
  public record Digest(String firstAlert, Instant windowStart, Instant windowEnd, List<Count> topActors,
      List<Count> topSourceIps, List<Count> topAccounts, List<Count> topRegions, List<Count> topEventNames) {

    /** A digest that does not count regions and event names. */
    public Digest(String firstAlert, Instant windowStart, Instant windowEnd, List<Count> topActors,
        List<Count> topSourceIps, List<Count> topAccounts) {
      this(firstAlert, windowStart, windowEnd, topActors, topSourceIps, topAccounts, List.of(), List.of());
    }

    public Digest {
      Objects.requireNonNull(firstAlert, "firstAlert");
      Objects.requireNonNull(windowStart, "windowStart");
      Objects.requireNonNull(windowEnd, "windowEnd");
      topActors = List.copyOf(topActors);
      topSourceIps = List.copyOf(topSourceIps);
      topAccounts = List.copyOf(topAccounts);
      topRegions = List.copyOf(topRegions);
      topEventNames = List.copyOf(topEventNames);
    }
  }

  /** A value and how often it occurred. */
  public record Count(String value, int count) {
    public Count {
      Objects.requireNonNull(value, "value");
    }
  }
}
