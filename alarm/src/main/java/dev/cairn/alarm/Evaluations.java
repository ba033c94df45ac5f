package dev.cairn.alarm;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cairn.alarm.evaluate.AlarmState;
import dev.cairn.alarm.evaluate.Condition;
import dev.cairn.alarm.evaluate.Evaluator;
import dev.cairn.alarm.evaluate.Outcome;
import dev.cairn.alarm.evaluate.Periods;
import dev.cairn.alarm.evaluate.Point;
import dev.cairn.alarm.evaluate.Statistic;
import dev.cairn.alarm.metric.Series;
import dev.cairn.alarm.notify.Notice;
import dev.cairn.alarm.notify.Reason;
import dev.cairn.alarm.notify.Trigger;
import dev.cairn.alert.Alert;
import dev.cairn.alert.AlertJson;
import dev.cairn.match.Severity;
import dev.cairn.runtime.state.Datapoint;
import dev.cairn.runtime.state.MetricLog;
import dev.cairn.runtime.state.Outbox;
import dev.cairn.runtime.state.Sample;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * One minute's evaluation of each kind of alarm, on its state (a small JSON object the service
 * keeps and records), adding transitions and their alerts to a {@link Step}. Reads the metric log;
 * writes nothing itself.
 */
final class Evaluations {
  /** Top values listed per fact, and samples per notification. */
  static final int TOP = 5;

  private final MetricLog log;
  private final Instant configured;

  Evaluations(MetricLog log, Instant configured) {
    this.log = log;
    this.configured = configured;
  }

  /** What one minute's evaluation changed. */
  static final class Step {
    final Instant now;
    final Set<String> changed = new LinkedHashSet<>();
    final List<Outbox.NewAlert> alerts = new ArrayList<>();
    final List<Transition> transitions = new ArrayList<>();

    Step(Instant now) {
      this.now = now;
    }

    void transition(String stateKey, Transition t, Optional<Outbox.NewAlert> alert) {
      changed.add(stateKey);
      alert.ifPresent(alerts::add);
      transitions.add(t);
    }
  }

  // ---- CloudWatch alarms ----------------------------------------------------------------------

  void alarm(AlarmDefinition a, ObjectNode state, Step step) {
    Condition c = a.condition().orElseThrow();
    Duration p = a.period();
    int range = c.range();
    Instant newest = Periods.newest(step.now, p);
    Instant oldest = newest.minus(p.multipliedBy(range - 1));
    List<Datapoint> data = log.datapoints(a.metric().name(), oldest, newest.plus(p), step.now);
    List<Point> points = Periods.points(data, a.dimensions(), a.statistic(), a.metric().defaultValue(), oldest, p, range);
    AlarmState prior = AlarmState.valueOf(state.path("state").asText(AlarmState.INSUFFICIENT_DATA.name()));
    Outcome outcome = Evaluator.evaluate(c, points, prior);
    if (outcome.state() == prior) {
      return;
    }
    List<Point> decisive = new ArrayList<>();
    for (Point point : outcome.evaluated()) {
      if (outcome.state() == AlarmState.OK || c.breaches(point.value())) {
        decisive.add(point);
      }
    }
    if (outcome.state() == AlarmState.INSUFFICIENT_DATA) {
      decisive.clear();
    }
    Notice.Context context = context(a.metric().name(), decisive, p, oldest, newest.plus(p), step.now);
    String account = a.account().orElseGet(() -> only(context, "account", state.path("account").asText("")));
    String region = a.region().orElseGet(() -> only(context, "region", state.path("region").asText("")));
    Trigger trigger = new Trigger(a.metric().name(), a.metric().namespace(), a.statistic().upperCase(), unit(a),
        a.dimensions(), p.toSeconds(), c.evaluationPeriods(), c.datapointsToAlarm(), c.comparison().name(),
        c.threshold(), c.treatMissingData().name());
    Notice notice = new Notice(a.name(), "", a.description(), a.severity(), account, region, prior.name(),
        outcome.state().name(), step.now, Reason.of(c, outcome, prior), trigger, actions(a), context, Map.of(), configured);
    List<String> channels = a.actions(outcome.state());
    Optional<Outbox.NewAlert> alert = notice.alert(channels, step.now);
    state.put("state", outcome.state().name());
    state.put("since", step.now.toEpochMilli());
    state.put("account", account);
    state.put("region", region);
    step.transition("alarm:" + a.name(), new Transition(step.now, a.name(), "", prior.name(), outcome.state().name(),
        notice.reason(), alert.isPresent() ? channels : List.of(), alert.map(Outbox.NewAlert::id).orElse("")), alert);
  }

  private static Map<String, List<String>> actions(AlarmDefinition a) {
    Map<String, List<String>> actions = new HashMap<>();
    a.actions().forEach((state, channels) -> actions.put(state.name(), channels));
    return actions;
  }

  private static String unit(AlarmDefinition a) {
    return a.metric().unit().isEmpty() || a.metric().unit().equals("None") ? null : a.metric().unit();
  }

  // ---- escalation ladders -----------------------------------------------------------------------

  void escalation(AlarmDefinition a, ObjectNode state, Step step) {
    AlarmDefinition.Escalation ladder = a.escalation().orElseThrow();
    List<AlarmDefinition.Level> levels = ladder.levels();
    Duration p = a.period();
    Instant until = step.now.minus(ladder.delay());
    Instant from = until.minus(p);
    List<Datapoint> data = log.datapoints(a.metric().name(), from, until, step.now);
    List<Point> window = Periods.points(data, a.dimensions(), a.statistic(), a.metric().defaultValue(), from, p, 1);
    Point point = window.get(0);
    double value = point.isMissing()
        ? (a.statistic() == Statistic.Sum || a.statistic() == Statistic.SampleCount ? 0 : Double.NaN) : point.value();
    if (Double.isNaN(value)) {
      return; // no value to place on the ladder: the level holds
    }
    int current = state.path("level").asInt(0);
    int up = 0;
    for (int i = 0; i < levels.size(); i++) {
      if (value > levels.get(i).above()) {
        up = i + 1;
      }
    }
    int next = current;
    if (up > current) {
      next = up;
    } else {
      while (next > 0 && value <= levels.get(next - 1).above() - levels.get(next - 1).hysteresis()) {
        next--;
      }
    }
    boolean renotify = next == current && current > 0 && ladder.renotify().isPresent()
        && !step.now.isBefore(Instant.ofEpochMilli(state.path("notified").asLong(0)).plus(ladder.renotify().get()));
    if (next == current && !renotify) {
      return;
    }
    Set<String> channels = new LinkedHashSet<>();
    for (int i = Math.min(next, current); i < Math.max(next, current); i++) {
      channels.addAll(levels.get(i).channels());
    }
    if (renotify) {
      channels.addAll(levels.get(current - 1).channels());
    }
    boolean rising = next > current || renotify;
    AlarmDefinition.Level edge = levels.get((rising ? next : current) - 1);
    double threshold = rising ? edge.above() : edge.above() - edge.hysteresis();
    String reason = "Threshold Crossed: 1 out of the last 1 datapoints [" + Reason.number(value) + " ("
        + pointTime(from) + ")] was " + (rising ? "" : "not ") + "greater than the threshold (" + Reason.number(threshold)
        + ") (" + (renotify ? "still at" : "escalation") + " level " + next + " of " + levels.size() + ")";
    Notice.Context context = context(a.metric().name(), value > 0 ? window : List.of(), p, from, until, step.now);
    String account = a.account().orElseGet(() -> only(context, "account", state.path("account").asText("")));
    String region = a.region().orElseGet(() -> only(context, "region", state.path("region").asText("")));
    Trigger trigger = new Trigger(a.metric().name(), a.metric().namespace(), a.statistic().upperCase(), unit(a),
        a.dimensions(), p.toSeconds(), 1, 1, "GreaterThanThreshold", threshold, "notBreaching");
    String fromState = current == 0 ? "OK" : "ALARM";
    String toState = next == 0 ? "OK" : "ALARM";
    Map<String, Object> extra = Map.of("level", next, "previousLevel", current, "levels", levels.size());
    String key = renotify ? "renotify" : "";
    Notice notice = new Notice(a.name(), key, a.description(), a.severity(), account, region, fromState, toState,
        step.now, reason, trigger, Map.of(), context, extra, configured);
    List<String> to = List.copyOf(channels);
    Optional<Outbox.NewAlert> alert = notice.alert(to, step.now);
    state.put("level", next);
    state.put("notified", step.now.toEpochMilli());
    state.put("account", account);
    state.put("region", region);
    step.transition("escalation:" + a.name(), new Transition(step.now, a.name(), key, level(current, levels),
        level(next, levels), reason, alert.isPresent() ? to : List.of(), alert.map(Outbox.NewAlert::id).orElse("")),
        alert);
  }

  private static String level(int level, List<AlarmDefinition.Level> levels) {
    return level == 0 ? "OK" : "level " + level + " (> " + Reason.number(levels.get(level - 1).above()) + ")";
  }

  // ---- silence ----------------------------------------------------------------------------------

  void silence(Silence s, ObjectNode state, Step step) {
    ObjectNode seen = state.has("seen") ? (ObjectNode) state.get("seen") : state.putObject("seen");
    ObjectNode alarming = state.has("alarming") ? (ObjectNode) state.get("alarming") : state.putObject("alarming");
    Instant after = Instant.ofEpochMilli(state.path("evaluated").asLong(0));
    boolean changed = false;
    for (Map.Entry<String, Instant> arrival : log.lastArrivals(Series.EVENTS, after, step.now).entrySet()) {
      String key = key(s, Series.decode(arrival.getKey()));
      long at = arrival.getValue().toEpochMilli();
      if (!seen.has(key)) {
        changed = true;
      }
      if (seen.path(key).asLong(Long.MIN_VALUE) < at) {
        seen.put(key, at);
      }
    }
    if (s.by().isEmpty() && !seen.has("")) {
      seen.put("", step.now.toEpochMilli()); // any source: silence counts from the first evaluation
      changed = true;
    }
    state.put("evaluated", step.now.toEpochMilli());
    if (changed) {
      step.changed.add("silence:" + s.name());
    }
    long periods = s.after().toMinutes();
    for (Iterator<String> keys = seen.fieldNames(); keys.hasNext(); ) {
      String key = keys.next();
      Instant last = Instant.ofEpochMilli(seen.get(key).asLong());
      boolean silent = !step.now.isBefore(last.plus(s.after()));
      if (silent == alarming.has(key)) {
        continue;
      }
      Map<String, String> dims = dimensions(key);
      String reason = silent
          ? "Threshold Crossed: no datapoints were received for " + periods + " periods and " + periods
              + " missing datapoints were treated as [Breaching]."
          : "Threshold Crossed: 1 out of the last " + periods + " datapoints [" + Reason.number(1) + " ("
              + pointTime(last.minusSeconds(60)) + ")] was not less than the threshold (1.0) (minimum 1 datapoint for"
              + " ALARM -> OK transition).";
      Trigger trigger = new Trigger("Events", "Cairn", Statistic.SampleCount.upperCase(), "Count", dims, 60, (int) periods,
          (int) periods, "LessThanThreshold", 1, "breaching");
      Notice.Context context = new Notice.Context(0, last, step.now, Map.of(), List.of());
      String from = silent ? "OK" : "ALARM";
      String to = silent ? "ALARM" : "OK";
      Notice notice = new Notice(s.name(), key, "No CloudTrail events " + (key.isEmpty() ? "from any source" : "from " + key)
          + " for " + periods + " minutes", s.severity(), dims.getOrDefault("account", ""), dims.getOrDefault("region", ""),
          from, to, step.now, reason, trigger, Map.of("ALARM", s.channels(), "OK", s.channels()), context,
          Map.of("lastEventArrived", last.toString()), configured);
      Optional<Outbox.NewAlert> alert = notice.alert(s.channels(), step.now);
      if (silent) {
        alarming.put(key, step.now.toEpochMilli());
      } else {
        alarming.remove(key);
      }
      step.transition("silence:" + s.name(), new Transition(step.now, s.name(), key, from, to, reason,
          alert.isPresent() ? s.channels() : List.of(), alert.map(Outbox.NewAlert::id).orElse("")), alert);
    }
  }

  /** {@code account=111111111111,region=us-east-1}, with only the keys the silence is by; empty for any. */
  private static String key(Silence s, Map<String, String> arrival) {
    StringBuilder key = new StringBuilder();
    for (String by : new TreeSet<>(s.by())) {
      key.append(key.length() == 0 ? "" : ",").append(by).append('=').append(arrival.getOrDefault(by, ""));
    }
    return key.toString();
  }

  private static Map<String, String> dimensions(String key) {
    Map<String, String> dims = new LinkedHashMap<>();
    if (!key.isEmpty()) {
      for (String part : key.split(",", -1)) {
        int eq = part.indexOf('=');
        dims.put(part.substring(0, eq), part.substring(eq + 1));
      }
    }
    return dims;
  }

  // ---- heartbeat --------------------------------------------------------------------------------

  static Outbox.NewAlert heartbeat(Instant slot, Alarms alarms, Map<String, ObjectNode> states, List<String> channels) {
    List<String> alarming = new ArrayList<>();
    states.forEach((key, state) -> {
      if (state.path("state").asText("").equals("ALARM") || state.path("level").asInt(0) > 0
          || state.path("alarming").size() > 0) {
        alarming.add(key.substring(key.indexOf(':') + 1));
      }
    });
    alarming.sort(null);
    int watched = alarms.alarms().size() + alarms.silences().size();
    String text = "Cairn is running: " + alarms.metrics().size() + " metric filter(s), " + watched + " alarm(s), "
        + (alarming.isEmpty() ? "none in ALARM" : alarming.size() + " in ALARM: " + String.join(", ", alarming));
    String id = "heartbeat-" + slot.toEpochMilli();
    Alert.Facts none = new Alert.Facts("", "", "", "", "", "", "heartbeat", "", false, "", "", "", "", "", "", "", "");
    Alert alert = new Alert(id, "heartbeat", "Cairn's own heartbeat", Severity.INFO, "Cairn heartbeat " + slot, text, none,
        1, List.of(), Optional.empty(), Map.of(), slot);
    return new Outbox.NewAlert(id, "heartbeat", slot, AlertJson.write(alert), channels, Optional.empty());
  }

  // ---- context ----------------------------------------------------------------------------------

  /**
   * Who and what is behind the given periods: the top values of each fact and a few samples, from
   * what had arrived by {@code arrivedBy}. Over the whole range [{@code from}, {@code to}) when no
   * period is given.
   */
  private Notice.Context context(String metric, List<Point> periods, Duration p, Instant from, Instant to,
      Instant arrivedBy) {
    if (periods.isEmpty()) {
      return new Notice.Context(0, from, to, Map.of(), List.of());
    }
    TreeSet<Instant> starts = new TreeSet<>();
    long events = 0;
    for (Point point : periods) {
      starts.add(point.start());
      events += point.count();
    }
    Instant first = starts.first();
    Instant end = starts.last().plus(p);
    Map<String, List<Alert.Count>> top = new LinkedHashMap<>();
    for (String fact : Series.CONTRIBUTORS) {
      Map<String, Long> counts = new HashMap<>();
      for (Datapoint d : log.datapoints(Series.contributors(metric, fact), first, end, arrivedBy)) {
        if (within(starts, d.minute(), p)) {
          counts.merge(d.dimensions(), d.count(), Long::sum);
        }
      }
      List<Alert.Count> list = counts.entrySet().stream()
          .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
          .limit(TOP).map(e -> new Alert.Count(e.getKey(), (int) Math.min(Integer.MAX_VALUE, e.getValue()))).toList();
      if (!list.isEmpty()) {
        top.put(fact, list);
      }
    }
    List<Alert.AlertEvent> samples = new ArrayList<>();
    for (Sample sample : log.samples(metric, first, end, arrivedBy, TOP * starts.size() * MetricLog.SAMPLES_PER_MINUTE)) {
      if (samples.size() < TOP && within(starts, sample.minute(), p)) {
        samples.add(event(sample));
      }
    }
    return new Notice.Context(events, first, end, top, samples);
  }

  /** Whether {@code minute} is in one of the periods starting at {@code starts}. */
  private static boolean within(NavigableSet<Instant> starts, Instant minute, Duration p) {
    Instant start = starts.floor(minute);
    return start != null && minute.isBefore(start.plus(p));
  }

  private static Alert.AlertEvent event(Sample sample) {
    try {
      JsonNode o = AlarmService.JSON.readTree(sample.body());
      return new Alert.AlertEvent(o.path("eventID").asText(""), o.path("eventTime").asText(""),
          o.path("eventName").asText(""), o.path("summary").asText(""),
          o.path("record").isObject() ? o.get("record") : AlarmService.JSON.createObjectNode());
    } catch (JsonProcessingException e) {
      return new Alert.AlertEvent(sample.id(), "", "", "", AlarmService.JSON.createObjectNode());
    }
  }

  /** The only value counted for a fact, else {@code otherwise}. */
  private static String only(Notice.Context context, String fact, String otherwise) {
    List<Alert.Count> top = context.contributors().getOrDefault(fact, List.of());
    return top.size() == 1 ? top.get(0).value() : otherwise;
  }

  private static String pointTime(Instant t) {
    return Reason.pointTime(t);
  }
}
