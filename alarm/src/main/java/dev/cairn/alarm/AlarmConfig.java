package dev.cairn.alarm;

import static dev.cairn.config.ConfigType.duration;
import static dev.cairn.config.ConfigType.integer;
import static dev.cairn.config.ConfigType.json;
import static dev.cairn.config.ConfigType.listOf;
import static dev.cairn.config.ConfigType.mapOf;
import static dev.cairn.config.ConfigType.number;
import static dev.cairn.config.ConfigType.section;
import static dev.cairn.config.ConfigType.text;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cairn.alarm.evaluate.AlarmState;
import dev.cairn.alarm.evaluate.Comparison;
import dev.cairn.alarm.evaluate.Condition;
import dev.cairn.alarm.evaluate.MissingData;
import dev.cairn.alarm.evaluate.Statistic;
import dev.cairn.alarm.metric.MetricFilter;
import dev.cairn.alarm.metric.MetricValue;
import dev.cairn.config.Config;
import dev.cairn.config.ConfigDef;
import dev.cairn.config.ConfigKey;
import dev.cairn.config.ConfigProblem;
import dev.cairn.match.InvalidRulesException;
import dev.cairn.match.Rule;
import dev.cairn.match.RuleSet;
import dev.cairn.match.Severity;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.Set;

/**
 * The metric and alarm keys of {@code cairn.yaml}, declared once: {@code metrics} (CloudWatch Logs
 * metric filters), {@code alarms} (CloudWatch alarms and escalation ladders on them), {@code
 * silence}, {@code heartbeat}, and {@code cisAlarms} (the CIS pack's metric filters and alarms).
 *
 * <pre>{@code
 * metrics:
 *   - name: ConsoleLoginFailures
 *     filter: '{ ($.eventName = ConsoleLogin) && ($.errorMessage = "Failed authentication") }'
 *     dimensions: {Actor: $.userIdentity.arn}
 * alarms:
 *   - {name: console-login-failures, metric: ConsoleLoginFailures, period: 5m, evaluationPeriods: 3,
 *      datapointsToAlarm: 2, comparison: GreaterThanOrEqualToThreshold, threshold: 3, alarmActions: [oncall]}
 * }</pre>
 */
public final class AlarmConfig {
  private AlarmConfig() {}

  // ---- metric filters ----
  public static final ConfigKey<String> METRIC_NAME = ConfigKey.of("name", text())
      .validate(n -> MetricFilter.problem(n) == null, "1 to 255 characters without ':', '*', '$' or control characters")
      .doc("The metric's name, unique among metrics (CloudWatch's `metricName`).");
  public static final ConfigKey<String> NAMESPACE = ConfigKey.of("namespace", text()).defaultValue("CloudTrailMetrics")
      .doc("The metric namespace, shown in notifications.");
  public static final ConfigKey<String> FILTER = ConfigKey.of("filter", text()).optional("no filter pattern")
      .doc("A CloudWatch Logs filter pattern, verbatim (quote it), matched against each CloudTrail record.");
  public static final ConfigKey<JsonNode> PATTERN = ConfigKey.of("pattern", json("event pattern"))
      .optional("no event pattern").doc("An EventBridge event pattern, as YAML or pasted JSON; with `filter`, both must match.");
  public static final ConfigKey<String> VALUE = ConfigKey.of("value", text()).defaultValue("1")
      .validate(AlarmConfig::validValue, "a number (1 counts events), $.field or $name")
      .doc("What each matching event publishes (`metricValue`): a number, `$.field` (that field's number), or `$name`"
          + " (a field of a space-delimited filter). An event whose field is missing or not a number publishes nothing.");
  public static final ConfigKey<Double> DEFAULT_VALUE = ConfigKey.of("defaultValue", number())
      .optional("periods without a match are missing")
      .doc("What a period without a matching event is worth (e.g. 0); cannot be combined with `dimensions`, as in AWS.");
  public static final ConfigKey<Map<String, String>> DIMENSIONS = ConfigKey.of("dimensions", mapOf("name", text()))
      .defaultValue(Map.of())
      .doc("Up to 3 dimensions, name to `$.field` (e.g. `{Actor: $.userIdentity.arn}`): a series per value. An"
          + " event without the field publishes nothing.");
  public static final ConfigKey<String> UNIT = ConfigKey.of("unit", text()).defaultValue("None")
      .doc("The CloudWatch unit (`Count`, `None`, …), shown in notifications.");
  public static final ConfigDef METRIC_DEF = ConfigDef.builder().define(METRIC_NAME).define(NAMESPACE).define(FILTER)
      .define(PATTERN).define(VALUE).define(DEFAULT_VALUE).define(DIMENSIONS).define(UNIT)
      .check("expected a filter or a pattern (or both: both must match)",
          c -> c.find(FILTER).isPresent() || c.find(PATTERN).isPresent())
      .check(DIMENSIONS, "at most 3 dimensions", c -> c.get(DIMENSIONS).size() <= MetricFilter.MAX_DIMENSIONS)
      .check("expected defaultValue or dimensions, not both (AWS refuses the combination)",
          c -> c.find(DEFAULT_VALUE).isEmpty() || c.get(DIMENSIONS).isEmpty())
      .check(AlarmConfig::patternProblems)
      .build();
  public static final ConfigKey<List<Config>> METRICS = ConfigKey.of("metrics", listOf(section(METRIC_DEF)))
      .defaultValue(List.of())
      .doc("Metric filters: each event a filter matches adds its value to the metric, in the minute of the event's"
          + " time; counted once however often the event is delivered.");

  // ---- alarms ----
  public static final ConfigKey<String> ALARM_NAME = ConfigKey.of("name", text())
      .validate(n -> !n.isBlank() && n.length() <= 255 && n.chars().allMatch(ch -> ch >= 0x20 && ch < 0x7f),
          "1 to 255 printable ASCII characters (CloudWatch's rule for alarm names)")
      .doc("The alarm's name, unique among alarms and silences.");
  public static final ConfigKey<String> DESCRIPTION = ConfigKey.of("description", text()).defaultValue("")
      .doc("Free text, sent as `AlarmDescription`.");
  public static final ConfigKey<String> METRIC = ConfigKey.of("metric", text()).doc("The name of a metric under `metrics`.");
  public static final ConfigKey<String> STATISTIC = ConfigKey.of("statistic", text()).defaultValue("Sum")
      .validate(s -> Statistic.parse(s).isPresent(), "Sum, SampleCount, Average, Minimum or Maximum")
      .doc("How a period's values become one.");
  public static final ConfigKey<Duration> PERIOD = ConfigKey.of("period", duration()).defaultValue(Duration.ofMinutes(5))
      .validate(p -> p.toMillis() >= 60_000 && p.toMillis() % 60_000 == 0, "a whole number of minutes")
      .doc("The length of a period (CloudTrail delivers about every 5 minutes: use at least 5m).");
  public static final ConfigKey<Integer> EVALUATION_PERIODS = ConfigKey.of("evaluationPeriods", integer())
      .defaultValue(1).range(1, 10_080).doc("N: how many of the latest periods decide.");
  public static final ConfigKey<Integer> DATAPOINTS_TO_ALARM = ConfigKey.of("datapointsToAlarm", integer())
      .optional("evaluationPeriods").range(1, 10_080)
      .doc("M: how many of those N must breach (an \"M out of N\" alarm).");
  public static final ConfigKey<String> COMPARISON = ConfigKey.of("comparison", text()).optional("an escalation")
      .validate(s -> Comparison.parse(s).isPresent(), "GreaterThanOrEqualToThreshold, GreaterThanThreshold,"
          + " LessThanThreshold or LessThanOrEqualToThreshold")
      .doc("How the statistic is compared with the threshold (the statistic on the left).");
  public static final ConfigKey<Double> THRESHOLD = ConfigKey.of("threshold", number()).optional("an escalation")
      .doc("The threshold.");
  public static final ConfigKey<String> TREAT_MISSING_DATA = ConfigKey.of("treatMissingData", text())
      .defaultValue("missing").validate(s -> MissingData.parse(s).isPresent(), "missing, notBreaching, breaching or ignore")
      .doc("How periods without data count, as in CloudWatch.");
  public static final ConfigKey<Map<String, String>> ALARM_DIMENSIONS = ConfigKey.of("dimensions", mapOf("name", text()))
      .defaultValue(Map.of())
      .doc("The one series to watch, by exact dimension values. None: every series of the metric added up (CloudWatch"
          + " would see no data for an alarm without the metric's dimensions).");
  public static final ConfigKey<List<String>> ALARM_ACTIONS = ConfigKey.of("alarmActions", listOf(text()))
      .defaultValue(List.of()).doc("Channels told when the alarm goes to ALARM.");
  public static final ConfigKey<List<String>> OK_ACTIONS = ConfigKey.of("okActions", listOf(text()))
      .defaultValue(List.of()).doc("Channels told when it goes to OK.");
  public static final ConfigKey<List<String>> INSUFFICIENT_DATA_ACTIONS = ConfigKey.of("insufficientDataActions",
      listOf(text())).defaultValue(List.of()).doc("Channels told when it goes to INSUFFICIENT_DATA.");
  public static final ConfigKey<String> SEVERITY = ConfigKey.of("severity", text()).defaultValue("high")
      .validate(s -> Severity.parse(s) != null, "info, low, medium, high or critical")
      .doc("Severity of its ALARM notifications (OK and INSUFFICIENT_DATA are info).");
  public static final ConfigKey<String> ACCOUNT = ConfigKey.of("account", text()).optional("the account behind the data")
      .doc("The account id notifications name (`AWSAccountId`); by default the one account the data came from.");
  public static final ConfigKey<String> REGION = ConfigKey.of("region", text()).optional("the region behind the data")
      .doc("The region notifications name (`Region`, as its display name); by default the one region of the data.");
  public static final ConfigKey<Double> ABOVE = ConfigKey.of("above", number()).doc("The level is reached above this.");
  public static final ConfigKey<List<String>> NOTIFY = ConfigKey.of("notify", listOf(text()))
      .doc("Channels told.");
  public static final ConfigKey<Double> HYSTERESIS = ConfigKey.of("hysteresis", number())
      .optional("10% of above").validate(h -> h >= 0, "not negative")
      .doc("The level is left only at or below `above − hysteresis`.");
  public static final ConfigDef LEVEL_DEF = ConfigDef.builder().define(ABOVE).define(NOTIFY).define(HYSTERESIS).build();
  public static final ConfigKey<List<Config>> ESCALATION = ConfigKey.of("escalation", listOf(section(LEVEL_DEF)))
      .optional("a threshold alarm")
      .doc("A ladder instead of a threshold: levels, lowest first; each level's channels are told when the value (the"
          + " statistic over the last `period`, every minute) rises above it and when it falls back.");
  public static final ConfigKey<Duration> RENOTIFY = ConfigKey.of("renotify", duration()).optional("never")
      .validate(d -> d.toMillis() >= 60_000, "at least 1m")
      .doc("With `escalation`: tell a level's channels again this often while it holds.");
  public static final ConfigKey<Duration> DELAY = ConfigKey.of("delay", duration()).defaultValue(Duration.ofMinutes(10))
      .doc("With `escalation`: the window of the value ends this long before now, so that it holds every event once"
          + " CloudTrail has delivered them (about every 5 minutes, up to 15 late); 0s watches up to now.");
  public static final ConfigDef ALARM_DEF = ConfigDef.builder().define(ALARM_NAME).define(DESCRIPTION).define(METRIC)
      .define(STATISTIC).define(PERIOD).define(EVALUATION_PERIODS).define(DATAPOINTS_TO_ALARM).define(COMPARISON)
      .define(THRESHOLD).define(TREAT_MISSING_DATA).define(ALARM_DIMENSIONS).define(ALARM_ACTIONS).define(OK_ACTIONS)
      .define(INSUFFICIENT_DATA_ACTIONS).define(SEVERITY).define(ACCOUNT).define(REGION).define(ESCALATION)
      .define(RENOTIFY).define(DELAY)
      .check("expected comparison and threshold, or an escalation (exactly one of them)",
          c -> c.find(ESCALATION).isPresent() != (c.find(COMPARISON).isPresent() && c.find(THRESHOLD).isPresent())
              && (c.find(COMPARISON).isPresent() == c.find(THRESHOLD).isPresent()))
      .check(DATAPOINTS_TO_ALARM, "at most evaluationPeriods",
          c -> c.find(DATAPOINTS_TO_ALARM).orElse(1) <= c.get(EVALUATION_PERIODS))
      .check(EVALUATION_PERIODS, "period × evaluationPeriods at most 1 day (7 days for periods of an hour or more),"
          + " as CloudWatch allows", AlarmConfig::withinLimit)
      .check(RENOTIFY, "renotify only with an escalation", c -> c.find(RENOTIFY).isEmpty() || c.find(ESCALATION).isPresent())
      .build();
  public static final ConfigKey<List<Config>> ALARMS = ConfigKey.of("alarms", listOf(section(ALARM_DEF)))
      .defaultValue(List.of())
      .doc("CloudWatch alarms on the metrics, with CloudWatch's semantics (evaluated every minute on the data arrived"
          + " by then; actions on transitions only), or escalation ladders.");

  // ---- silence and heartbeat ----
  public static final ConfigKey<String> SILENCE_NAME = ConfigKey.of("name", text()).doc("The silence alarm's name.");
  public static final ConfigKey<List<String>> BY = ConfigKey.of("by", listOf(text())).defaultValue(List.of())
      .validate(Silence.KEYS::containsAll, "a list of account and region")
      .doc("Watch each `account`, each `region`, each pair, or (empty) all traffic together.");
  public static final ConfigKey<Duration> AFTER = ConfigKey.of("after", duration())
      .validate(d -> d.toMillis() >= 60_000 && d.toMillis() % 60_000 == 0, "a whole number of minutes")
      .doc("How long without an event is silence (CloudTrail delivers every ~5 minutes: 30m or more).");
  public static final ConfigKey<String> SILENCE_SEVERITY = ConfigKey.of("severity", text()).defaultValue("high")
      .validate(s -> Severity.parse(s) != null, "info, low, medium, high or critical").doc("Severity of its ALARMs.");
  public static final ConfigDef SILENCE_DEF = ConfigDef.builder().define(SILENCE_NAME).define(BY).define(AFTER)
      .define(NOTIFY).define(SILENCE_SEVERITY).build();
  public static final ConfigKey<List<Config>> SILENCE = ConfigKey.of("silence", listOf(section(SILENCE_DEF)))
      .defaultValue(List.of())
      .doc("Alarms on silence: no CloudTrail event arrived (by account/region, or at all) for a while → ALARM; events"
          + " again → OK. Notices a stopped trail or a dead queue even when no rule fires.");
  public static final ConfigKey<Duration> EVERY = ConfigKey.of("every", duration())
      .validate(d -> d.toMillis() >= 60_000, "at least 1m").doc("How often.");
  public static final ConfigDef HEARTBEAT_DEF = ConfigDef.builder().define(EVERY).define(NOTIFY).build();
  public static final ConfigKey<Config> HEARTBEAT = ConfigKey.of("heartbeat", section(HEARTBEAT_DEF))
      .optional("no heartbeat")
      .doc("Cairn's own heartbeat: an info alert to channels at every multiple of `every`, for a dead man's switch.");
  public static final ConfigKey<List<String>> CIS_ALARMS = ConfigKey.of("cisAlarms", listOf(text()))
      .optional("none")
      .doc("Channels the CIS AWS Foundations alarms notify: adds the pack's 15 metric filters and alarms (Sum, 300 s,"
          + " 1 of 1, ≥ 1, notBreaching), e.g. `cisAlarms: [oncall]`.");

  /** Every key above, for a {@code cairn.yaml} definition to include. */
  public static final ConfigDef DEF = ConfigDef.builder().define(METRICS).define(ALARMS).define(SILENCE)
      .define(HEARTBEAT).define(CIS_ALARMS).check(AlarmConfig::problems).build();

  /** The filter and the event pattern compile, as a rule's would: validate says so before a run does. */
  private static List<ConfigProblem> patternProblems(Config metric) {
    Rule.Builder rule = Rule.builder("metric");
    metric.find(FILTER).ifPresent(rule::filter);
    metric.find(PATTERN).ifPresent(p -> rule.pattern(p.isTextual() ? p.textValue() : p.toString()));
    try {
      RuleSet.of(List.of(rule.build()));
      return List.of();
    } catch (InvalidRulesException e) {
      // Problems start with the condition they are about ("filter: column 19: …"): that is the key.
      return e.problems().stream().map(p -> p.message().startsWith("pattern") || metric.find(FILTER).isEmpty()
          ? new ConfigProblem("pattern", p.message().replaceFirst("^pattern: ", ""))
          : new ConfigProblem("filter", p.message().replaceFirst("^filter: ", ""))).toList();
    }
  }

  private static boolean validValue(String text) {
    try {
      MetricValue.parse(text);
      return true;
    } catch (IllegalArgumentException e) {
      return false;
    }
  }

  private static boolean withinLimit(Config c) {
    long seconds = c.get(PERIOD).toSeconds() * c.get(EVALUATION_PERIODS);
    return seconds <= (c.get(PERIOD).toSeconds() < 3600 ? 86_400 : 604_800);
  }

  /** Names unique, alarms naming metrics that exist. */
  static List<ConfigProblem> problems(Config file) {
    List<ConfigProblem> problems = new ArrayList<>();
    Set<String> metrics = new HashSet<>();
    List<Config> m = file.get(METRICS);
    for (int i = 0; i < m.size(); i++) {
      if (!metrics.add(m.get(i).get(METRIC_NAME))) {
        problems.add(new ConfigProblem("metrics[" + i + "].name", "'" + m.get(i).get(METRIC_NAME) + "' is defined twice"));
      }
    }
    if (file.find(CIS_ALARMS).isPresent()) {
      metrics.addAll(CisAlarms.metricNames());
    }
    Set<String> names = new HashSet<>();
    List<Config> a = file.get(ALARMS);
    for (int i = 0; i < a.size(); i++) {
      if (!names.add(a.get(i).get(ALARM_NAME))) {
        problems.add(new ConfigProblem("alarms[" + i + "].name", "'" + a.get(i).get(ALARM_NAME) + "' is defined twice"));
      }
      if (!metrics.contains(a.get(i).get(METRIC))) {
        problems.add(new ConfigProblem("alarms[" + i + "].metric", "no metric named '" + a.get(i).get(METRIC)
            + "' (defined: " + String.join(", ", metrics.stream().sorted().toList()) + ")"));
      }
    }
    List<Config> s = file.get(SILENCE);
    for (int i = 0; i < s.size(); i++) {
      if (!names.add(s.get(i).get(SILENCE_NAME))) {
        problems.add(new ConfigProblem("silence[" + i + "].name", "'" + s.get(i).get(SILENCE_NAME) + "' is defined twice"));
      }
    }
    return problems;
  }

  /** Every channel the alarms name, by the key path that names it, for checking that they exist. */
  public static Map<String, List<String>> channels(Config file) {
    Map<String, List<String>> named = new LinkedHashMap<>();
    List<Config> a = file.get(ALARMS);
    for (int i = 0; i < a.size(); i++) {
      named.put("alarms[" + i + "].alarmActions", a.get(i).get(ALARM_ACTIONS));
      named.put("alarms[" + i + "].okActions", a.get(i).get(OK_ACTIONS));
      named.put("alarms[" + i + "].insufficientDataActions", a.get(i).get(INSUFFICIENT_DATA_ACTIONS));
      List<Config> levels = a.get(i).find(ESCALATION).orElse(List.of());
      for (int j = 0; j < levels.size(); j++) {
        named.put("alarms[" + i + "].escalation[" + j + "].notify", levels.get(j).get(NOTIFY));
      }
    }
    List<Config> s = file.get(SILENCE);
    for (int i = 0; i < s.size(); i++) {
      named.put("silence[" + i + "].notify", s.get(i).get(NOTIFY));
    }
    file.find(HEARTBEAT).ifPresent(h -> named.put("heartbeat.notify", h.get(NOTIFY)));
    file.find(CIS_ALARMS).ifPresent(c -> named.put("cisAlarms", c));
    return named;
  }

  /**
   * The definitions a loaded config (holding {@link #DEF}'s keys) declares, the CIS pack's included
   * when {@code cisAlarms} is set.
   */
  public static Alarms alarms(Config file) {
    Map<String, MetricFilter> metrics = new LinkedHashMap<>();
    for (Config m : file.get(METRICS)) {
      metrics.put(m.get(METRIC_NAME), metric(m));
    }
    List<AlarmDefinition> alarms = new ArrayList<>();
    file.find(CIS_ALARMS).ifPresent(channels -> {
      CisAlarms.metrics().forEach(f -> metrics.putIfAbsent(f.name(), f));
      alarms.addAll(CisAlarms.alarms(metrics, channels));
    });
    for (Config a : file.get(ALARMS)) {
      alarms.add(alarm(a, metrics.get(a.get(METRIC))));
    }
    List<Silence> silences = new ArrayList<>();
    for (Config s : file.get(SILENCE)) {
      silences.add(new Silence(s.get(SILENCE_NAME), s.get(BY), s.get(AFTER), s.get(NOTIFY),
          Severity.parse(s.get(SILENCE_SEVERITY))));
    }
    Optional<Heartbeat> heartbeat = file.find(HEARTBEAT).map(h -> new Heartbeat(h.get(EVERY), h.get(NOTIFY)));
    return new Alarms(List.copyOf(metrics.values()), alarms, silences, heartbeat);
  }

  private static MetricFilter metric(Config m) {
    return new MetricFilter(m.get(METRIC_NAME), m.get(NAMESPACE), m.find(FILTER),
        m.find(PATTERN).map(p -> p.isTextual() ? p.textValue() : p.toString()), MetricValue.parse(m.get(VALUE)),
        m.find(DEFAULT_VALUE).map(OptionalDouble::of).orElse(OptionalDouble.empty()), m.get(DIMENSIONS), m.get(UNIT));
  }

  private static AlarmDefinition alarm(Config a, MetricFilter metric) {
    int n = a.get(EVALUATION_PERIODS);
    Optional<Condition> condition = a.find(COMPARISON).map(op -> new Condition(Comparison.parse(op).orElseThrow(),
        a.get(THRESHOLD), n, a.find(DATAPOINTS_TO_ALARM).orElse(n), MissingData.parse(a.get(TREAT_MISSING_DATA)).orElseThrow()));
    Optional<AlarmDefinition.Escalation> escalation = a.find(ESCALATION).map(levels -> new AlarmDefinition.Escalation(
        levels.stream().map(l -> new AlarmDefinition.Level(l.get(ABOVE),
            l.find(HYSTERESIS).orElse(Math.abs(l.get(ABOVE)) / 10), l.get(NOTIFY))).toList(), a.find(RENOTIFY), a.get(DELAY)));
    Map<AlarmState, List<String>> actions = new EnumMap<>(AlarmState.class);
    actions.put(AlarmState.ALARM, a.get(ALARM_ACTIONS));
    actions.put(AlarmState.OK, a.get(OK_ACTIONS));
    actions.put(AlarmState.INSUFFICIENT_DATA, a.get(INSUFFICIENT_DATA_ACTIONS));
    return new AlarmDefinition(a.get(ALARM_NAME), a.get(DESCRIPTION), metric, Statistic.parse(a.get(STATISTIC)).orElseThrow(),
        a.get(PERIOD), a.get(ALARM_DIMENSIONS), condition, escalation, actions, Severity.parse(a.get(SEVERITY)),
        a.find(ACCOUNT), a.find(REGION));
  }
}
