package dev.cairn.alarm.notify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.match.Severity;
import dev.cairn.runtime.state.Outbox;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One notification of an alarm's state change, and how it becomes an alert in the outbox: the
 * message CloudWatch would publish to SNS (field for field, with {@code Region} as the display name
 * and times as CloudWatch writes them), Cairn's context in an extra {@code Cairn} field, and the same
 * context as the alert's digest and events, which every channel renders.
 *
 * <p>The alert's id — the idempotency key of its deliveries — is a hash of the alarm, the key (a
 * silence's account and region) and the state change time: a transition recorded twice, or replayed
 * after a restart, is one alert.
 *
 * @param alarm the alarm's name
 * @param key what within the alarm changed (a silence's account and region), empty for a plain alarm
 * @param description the alarm's description, may be empty
 * @param severity how urgent (for ALARM; OK and INSUFFICIENT_DATA are info)
 * @param account the AWS account the alarm is about, may be empty
 * @param region the region code the alarm is about, may be empty
 * @param from the state before
 * @param to the state after
 * @param at the state change time
 * @param reason the {@code NewStateReason} sentence
 * @param trigger what the alarm watches
 * @param actions the channels of each state's actions ({@code AlarmActions}, {@code OKActions}, {@code
 *     InsufficientDataActions}), as CloudWatch lists all three
 * @param context who and what is behind the data
 * @param extra more of Cairn's context (an escalation's level), merged into the {@code Cairn} field
 * @param configured when the alarm's definition was loaded ({@code AlarmConfigurationUpdatedTimestamp})
 */
public record Notice(String alarm, String key, String description, Severity severity, String account, String region,
    String from, String to, Instant at, String reason, Trigger trigger, Map<String, List<String>> actions,
    Context context, Map<String, Object> extra, Instant configured) {
  private static final ObjectMapper JSON = new ObjectMapper();

  public Notice {
    Objects.requireNonNull(alarm, "alarm");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(account, "account");
    Objects.requireNonNull(region, "region");
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(trigger, "trigger");
    Objects.requireNonNull(context, "context");
    Objects.requireNonNull(configured, "configured");
    actions = Map.copyOf(actions);
    extra = Map.copyOf(extra);
  }

  /**
   * What is behind the data of the periods that decided.
   *
   * @param events how many events those periods counted
   * @param windowStart the start of the first of those periods
   * @param windowEnd the end of the last
   * @param contributors the top values with counts, by fact ({@code actor}, {@code sourceIPAddress},
   *     {@code accountAlias}, {@code region}, {@code eventName}), most first
   * @param samples a few of the events, with their one-line summaries
   */
  public record Context(long events, Instant windowStart, Instant windowEnd, Map<String, List<Alert.Count>> contributors,
      List<Alert.AlertEvent> samples) {
    public Context {
      Objects.requireNonNull(windowStart, "windowStart");
      Objects.requireNonNull(windowEnd, "windowEnd");
      contributors = Map.copyOf(contributors);
      samples = List.copyOf(samples);
    }

    List<Alert.Count> top(String fact) {
      return contributors.getOrDefault(fact, List.of());
    }
  }

  /** The alert id: stable for (alarm, key, state change time). */
  public String id() {
    return "alarm-" + Alert.idHash(alarm, key, at.toString());
  }

  /** {@code ALARM: "console-login-failures" in US East (N. Virginia)}: CloudWatch's SNS subject. */
  public String subject() {
    String where = Regions.displayName(region);
    return to + ": \"" + alarm + "\"" + (where.isEmpty() ? "" : " in " + where);
  }

  /** The message CloudWatch publishes to SNS for this change, with Cairn's context in {@code Cairn}. */
  public ObjectNode message() {
    ObjectNode m = JSON.createObjectNode();
    m.put("AlarmName", alarm);
    if (description.isEmpty()) {
      m.putNull("AlarmDescription");
    } else {
      m.put("AlarmDescription", description);
    }
    m.put("AWSAccountId", account);
    m.put("AlarmConfigurationUpdatedTimestamp", Reason.time(configured));
    m.put("NewStateValue", to);
    m.put("NewStateReason", reason);
    m.put("StateChangeTime", Reason.time(at));
    m.put("Region", Regions.displayName(region));
    m.put("AlarmArn", "arn:aws:cloudwatch:" + region + ":" + account + ":alarm:" + alarm);
    m.put("OldStateValue", from);
    strings(m.putArray("OKActions"), actions.getOrDefault("OK", List.of()));
    strings(m.putArray("AlarmActions"), actions.getOrDefault("ALARM", List.of()));
    strings(m.putArray("InsufficientDataActions"), actions.getOrDefault("INSUFFICIENT_DATA", List.of()));
    ObjectNode t = m.putObject("Trigger");
    t.put("MetricName", trigger.metricName());
    t.put("Namespace", trigger.namespace());
    t.put("StatisticType", "Statistic");
    t.put("Statistic", trigger.statistic());
    if (trigger.unit() == null) {
      t.putNull("Unit");
    } else {
      t.put("Unit", trigger.unit());
    }
    ArrayNode dims = t.putArray("Dimensions");
    trigger.dimensions().forEach((name, value) -> dims.addObject().put("value", value).put("name", name));
    t.put("Period", trigger.periodSeconds());
    t.put("EvaluationPeriods", trigger.evaluationPeriods());
    t.put("DatapointsToAlarm", trigger.datapointsToAlarm());
    t.put("ComparisonOperator", trigger.comparisonOperator());
    t.put("Threshold", trigger.threshold());
    t.put("TreatMissingData", trigger.treatMissingData());
    t.put("EvaluateLowSampleCountPercentile", "");
    m.set("Cairn", cairn());
    return m;
  }

  private ObjectNode cairn() {
    ObjectNode c = JSON.createObjectNode();
    c.put("alertId", id());
    if (!key.isEmpty()) {
      c.put("key", key);
    }
    c.put("matchingEvents", context.events());
    c.put("windowStart", context.windowStart().toString());
    c.put("windowEnd", context.windowEnd().toString());
    ObjectNode top = c.putObject("topContributors");
    context.contributors().entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> {
      ArrayNode list = top.putArray(e.getKey());
      e.getValue().forEach(count -> list.addObject().put("value", count.value()).put("count", count.count()));
    });
    ArrayNode samples = c.putArray("samples");
    for (Alert.AlertEvent e : context.samples()) {
      samples.addObject().put("eventID", e.eventId()).put("eventTime", e.eventTime()).put("eventName", e.eventName())
          .put("summary", e.summary());
    }
    extra.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> c.set(e.getKey(), JSON.valueToTree(e.getValue())));
    return c;
  }

  /**
   * The alert every channel renders: the subject as title, the reason (and description) as text,
   * the top contributors as the digest, the samples as events, the message as {@link Alert#alarm()};
   * none when no channel is named.
   */
  public Optional<Outbox.NewAlert> alert(List<String> channels, Instant created) {
    if (channels.isEmpty()) {
      return Optional.empty();
    }
    String id = id();
    Alert.Facts facts = new Alert.Facts(account, Optional.ofNullable(firstOf("accountAlias")).orElse(account), region,
        "", "", "", "alarm", "", false, "", "", "", "", "", "", "", "");
    Alert.Digest digest = new Alert.Digest(id, context.windowStart(), context.windowEnd(), context.top("actor"),
        context.top("sourceIPAddress"), context.top("accountAlias"), context.top("region"), context.top("eventName"));
    String text = reason + (description.isEmpty() ? "" : "\n" + description);
    Severity level = to.equals("ALARM") ? severity : Severity.INFO;
    Alert alert = new Alert(id, alarm, description, level, subject(), text, facts,
        (int) Math.max(1, Math.min(Integer.MAX_VALUE, context.events())), context.samples(), Optional.of(digest), Map.of(),
        created, Optional.<JsonNode>of(message()));
    return Optional.of(new Outbox.NewAlert(id, alarm, created, AlertJson.write(alert), channels, Optional.empty()));
  }

  /** The top account alias when it is the only one, else null. */
  private String firstOf(String fact) {
    List<Alert.Count> top = context.top(fact);
    return top.size() == 1 ? top.get(0).value() : null;
  }

  private static void strings(ArrayNode into, List<String> values) {
    values.forEach(into::add);
  }

}
